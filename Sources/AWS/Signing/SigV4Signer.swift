import Crypto
import Transport

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Signs requests for one service in one region.
///
/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`) in the `Authorization` header, with swift-crypto.
///
/// Two canonical forms: S3's, where the wire path is signed as it is and `x-amz-content-sha256` is
/// always sent and signed; and every other service's (``Form/standard``), where the path has its dot
/// segments removed and is encoded a second time, and the payload hash is signed but not sent.
/// Signed headers are `host`, `x-amz-date`, `x-amz-security-token` (with a session token),
/// `x-amz-content-sha256` (S3) and whatever headers the request carries.
public struct SigV4Signer: Sendable {
    /// Which canonical-request rules apply.
    public enum Form: Sendable {
        /// S3: path signed as sent, `x-amz-content-sha256` header.
        case s3
        /// Other services: normalized, doubly encoded path; payload hash only in the canonical request.
        case standard
    }

    public let credentials: AWSCredentials
    public let region: AWSRegion
    public let service: String
    public let form: Form

    public init(credentials: AWSCredentials, region: AWSRegion, service: String, form: Form) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.form = form
    }

    /// Adds `x-amz-date`, `x-amz-security-token`, `x-amz-content-sha256` (S3) and `authorization` to `request`.
    public func sign(_ request: inout SigV4Request, at date: Date) {
        let timestamp = SigV4Timestamp(date)
        request.headers.removeAll { Self.addedHeaders.contains($0.name.lowercased()) }
        request.headers.append((name: "x-amz-date", value: timestamp.dateTime))
        if let token = credentials.sessionToken {
            request.headers.append((name: "x-amz-security-token", value: token))
        }
        if form == .s3 {
            request.headers.append((name: "x-amz-content-sha256", value: request.payloadHash))
        }
        let canonical = canonicalRequest(request)
        let scope = "\(timestamp.date)/\(region.name)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(timestamp.dateTime)\n\(scope)\n\(Self.sha256Hex(canonical.text))"
        let signature = HMAC<SHA256>.authenticationCode(
            for: Array(stringToSign.utf8), using: signingKey(date: timestamp.date)
        ).hexString
        request.headers.append(
            (
                name: "authorization",
                value:
                    "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
            ))
    }

    /// The canonical request of `request` as it stands (call after the `x-amz-*` headers are in place) and its
    /// signed-header list.
    public func canonicalRequest(_ request: SigV4Request) -> (text: String, signedHeaders: String) {
        var headers: [String: [String]] = ["host": [request.host]]
        for (name, value) in request.headers where name.lowercased() != "authorization" {
            headers[name.lowercased(), default: []].append(Self.trimmed(value))
        }
        let names = headers.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(headers[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let path = form == .s3 ? (request.path.isEmpty ? "/" : request.path) : Self.normalizedPath(request.path)
        let text = [
            request.method.uppercased(), path, request.encodedQuery, canonicalHeaders, signedHeaders,
            request.payloadHash,
        ].joined(separator: "\n")
        return (text, signedHeaders)
    }

    /// `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    func signingKey(date: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [date, region.name, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// Headers this signer sets; stale copies are replaced when a request is signed again (a retry).
    static let addedHeaders: Set<String> = [
        "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "authorization",
    ]

    static func sha256Hex(_ text: String) -> String { SHA256.hash(data: Array(text.utf8)).hexString }

    /// Leading and trailing blanks removed, runs of spaces made one (SigV4's `Trimall`).
    static func trimmed(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ").trimmingBlanks()
    }

    /// The non-S3 canonical URI: dot segments and empty segments removed, then every segment encoded again.
    static func normalizedPath(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." {
                _ = segments.popLast()
            } else {
                segments.append(segment)
            }
        }
        guard !segments.isEmpty else { return "/" }
        let joined = "/" + segments.map { AWSURIEncoding.encode(String($0)) }.joined(separator: "/")
        return path.hasSuffix("/") ? joined + "/" : joined
    }
}
