import Crypto
import WireFormat

/// A request to be signed (and, after ``SigV4Signer/sign(_:at:)``, a signed one).
///
/// What Signature Version 4 signs: method, host, encoded path, query, the headers to sign and the payload hash.
///
/// The path is given as it goes on the wire (already URI-encoded, see ``AWSURIEncoding``); the query as
/// decoded name/value pairs, which ``encodedQuery`` encodes and sorts once for both the URL and the signature.
public struct SigV4Request: Sendable {
    public var method: String
    /// The `Host` header: the host, with `:port` when the port is not the scheme's default.
    public var host: String
    /// The URI-encoded path, starting with `/`.
    public var path: String
    /// Decoded query pairs, in any order.
    public var query: [(name: String, value: String)]
    /// Headers to sign and send (names in any case). Signing adds `x-amz-date`, `authorization` and the others.
    public var headers: [(name: String, value: String)]
    /// Lower-case hex SHA-256 of the body, or `UNSIGNED-PAYLOAD` (S3 only).
    public var payloadHash: String

    public init(
        method: String, host: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], payloadHash: String = SigV4Request.emptyPayloadHash
    ) {
        self.method = method
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
    }

    /// The SHA-256 of an empty body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The literal S3 accepts instead of a body hash.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// Lower-case hex SHA-256 of `bytes`.
    public static func payloadHash(of bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).hexString
    }

    /// The query as it goes on the wire and into the canonical request (sorted, encoded).
    public var encodedQuery: String { AWSURIEncoding.query(query) }

    /// `path?query`, or just `path`.
    public var target: String { query.isEmpty ? path : "\(path)?\(encodedQuery)" }

    /// The value of the first header named `name` (any case).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

extension Sequence<UInt8> {
    /// Lower-case hex digits.
    var hexString: String {
        Hex.string(self)
    }
}
