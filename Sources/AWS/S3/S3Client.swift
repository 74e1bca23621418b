import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Transport

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads and writes objects in S3 (or an S3-compatible endpoint).
///
/// An S3 client over the project's one `HTTPTransport`: signed path-style requests, S3's XML errors
/// mapped to ``S3Error``, and the shared retry policy for 429, 5xx (`SlowDown`, `InternalError`),
/// `RequestTimeout`, timeouts and lost connections. Each attempt is signed afresh.
///
/// The calls live in `S3Client+GetObject.swift`, `S3Client+ListObjects.swift` and `S3Client+PutObject.swift`.
public struct S3Client: AWSServiceClient {
    public static let service = AWSService.s3

    /// Where requests go; buckets are addressed path-style below it (`<endpoint>/<bucket>/<key>`).
    public let endpoint: EndpointURL
    public let signer: SigV4Signer
    public let transport: HTTPTransport
    public var clock: @Sendable () -> Date

    public init(
        credentials: AWSCredentials, region: AWSRegion, endpoint: EndpointURL, transport: HTTPTransport,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.endpoint = endpoint
        self.signer = Self.signer(credentials: credentials, region: region, form: .s3, transport: transport)
        self.transport = transport
        self.clock = clock
    }

    /// What one exchange with S3 came to.
    enum Answer: Sendable {
        /// A 2xx answer whose body is still to be read.
        case streaming(HTTPClientResponse)
        /// A 2xx answer read whole.
        case collected(HTTPHeaders, ByteBuffer)
    }

    /// Signs and sends one call, retrying per the transport's policy; a non-2xx answer becomes an ``S3Error``.
    func exchange(
        _ operation: String, method: HTTPMethod, bucket: String, key: String? = nil,
        query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil, streaming: Bool = false, errorInsideOK: Bool = false
    ) async throws -> Answer {
        let payloadHash = body.map { SigV4Request.payloadHash(of: $0) } ?? SigV4Request.emptyPayloadHash
        let bodyBuffer = body.map { ByteBuffer(bytes: $0) }
        do {
            return try await transport.retrying(what: operation) { _ in
                var request = signed(
                    SigV4Request(
                        method: method.rawValue, host: endpoint.hostHeader, path: path(bucket: bucket, key: key),
                        query: query, headers: headers, payloadHash: payloadHash))
                if let bodyBuffer { request.body = .bytes(bodyBuffer) }

                let response = try await transport.client.execute(
                    request, timeout: TimeAmount(transport.timeout),
                    logger: transport.logger)
                let status = response.status.code
                let errorBody: ByteBuffer
                if (200...299).contains(status) {
                    if streaming { return .done(.streaming(response)) }
                    let body = try await response.body.collect(upTo: 64 << 20)
                    // CompleteMultipartUpload may answer 200 and then an `<Error>` document.
                    guard errorInsideOK, S3XMLElement.parse(Array(buffer: body))?.name == "Error" else {
                        return .done(.collected(response.headers, body))
                    }
                    errorBody = body
                } else {
                    errorBody = try await response.body.collect(upTo: 1 << 20)
                }
                let error = S3ErrorResponse(status: status, headers: response.headers, body: Array(buffer: errorBody))
                let retryableCodes = ["RequestTimeout", "InternalError", "SlowDown", "ServiceUnavailable"]
                if status == 429 || status >= 500 || error.code.map(retryableCodes.contains) == true {
                    return .retry(
                        problem: error.summary,
                        retryAfter: response.headers.first(name: "retry-after").flatMap { RetryAfter.parse($0) })
                }
                var failure = error.s3Error(operation: operation, signingRegion: signer.region.name)
                failure.message = transport.secrets.redact(failure.message)
                throw failure
            }
        } catch let error as TransportError {
            throw S3Error(error, operation: operation)
        }
    }

    /// `/<bucket>/<key>` below the endpoint's base path, each segment URI-encoded once (`/` in keys kept).
    func path(bucket: String, key: String?) -> String {
        var path = endpoint.basePath + "/" + AWSURIEncoding.encode(bucket)
        if let key { path += "/" + AWSURIEncoding.encode(key, keepingSlash: true) }
        return path
    }

    /// `s3://bucket/key` for messages.
    static func uri(_ bucket: String, _ key: String? = nil) -> String {
        "s3://\(bucket)" + (key.map { "/\($0)" } ?? "")
    }
}
