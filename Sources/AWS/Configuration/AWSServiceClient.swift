import AsyncHTTPClient
import NIOHTTP1
import Transport

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A client of one AWS service.
///
/// What the project's AWS clients share: made from credentials, a region, an endpoint and the one
/// transport, or from the standard environment as every AWS SDK reads it.
public protocol AWSServiceClient: Sendable {
    /// The service: its signing name and where its endpoint comes from.
    static var service: AWSService { get }
    /// Where requests go.
    var endpoint: EndpointURL { get }
    /// Signs each request for ``service`` in the client's region.
    var signer: SigV4Signer { get }
    /// The signing time; tests fix it.
    var clock: @Sendable () -> Date { get }

    init(
        credentials: AWSCredentials, region: AWSRegion, endpoint: EndpointURL, transport: HTTPTransport,
        clock: @escaping @Sendable () -> Date)
}

extension AWSServiceClient {
    /// A client configured as AWS SDKs are: credentials and region from the environment, the endpoint from
    /// `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`, else the region's public endpoint.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, transport: HTTPTransport
    ) throws -> Self {
        let region = try AWSRegion.fromEnvironment(environment)
        return Self(
            credentials: try AWSCredentials.fromEnvironment(environment), region: region,
            endpoint: try service.endpoint(region: region, environment: environment), transport: transport,
            clock: { Date() })
    }

    /// The signer of ``service`` for `credentials` in `region`. The credentials' secrets join `transport`'s, so no
    /// server text the transport logs or throws shows them.
    static func signer(
        credentials: AWSCredentials, region: AWSRegion, form: SigV4Signer.Form, transport: HTTPTransport
    ) -> SigV4Signer {
        transport.secrets.add(credentials.secretAccessKey)
        if let sessionToken = credentials.sessionToken { transport.secrets.add(sessionToken) }
        return SigV4Signer(credentials: credentials, region: region, service: service.signingName, form: form)
    }

    /// `request` signed now (a fresh signature for each attempt), as the HTTP request that carries it to
    /// ``endpoint``.
    func signed(_ request: SigV4Request) -> HTTPClientRequest {
        var signable = request
        signer.sign(&signable, at: clock())
        var signed = HTTPClientRequest(url: endpoint.origin + signable.target)
        signed.method = HTTPMethod(rawValue: signable.method)
        signed.headers.add(name: "Host", value: signable.host)
        for (name, value) in signable.headers { signed.headers.add(name: name, value: value) }
        return signed
    }
}
