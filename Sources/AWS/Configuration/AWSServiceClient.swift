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
}
