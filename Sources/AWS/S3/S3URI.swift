/// A parsed `s3://` address.
///
/// `s3://bucket/key` and `s3://bucket/prefix/` as users write them on the command line and in settings.
///
/// The key is taken literally (no percent-decoding), as the AWS CLI does. An empty key or one ending in `/`
/// names a prefix: every object below it.
public struct S3URI: Sendable, Equatable, CustomStringConvertible {
    public let bucket: String
    /// The key, or the prefix when ``isPrefix``; may be empty (the whole bucket).
    public let key: String

    /// True when the address names a prefix (empty key, or a key ending in `/`).
    public var isPrefix: Bool { key.isEmpty || key.hasSuffix("/") }

    public var description: String { "s3://\(bucket)/\(key)" }

    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    /// Parses `text`, checking the scheme and the bucket name (S3's rules: 3–63 lower-case letters, digits,
    /// `.` and `-`, starting and ending with a letter or digit).
    public init(_ text: String) throws {
        guard text.lowercased().hasPrefix("s3://") else {
            throw S3URIError(
                uri: text, problem: "is not an s3:// address (expected s3://bucket/key or s3://bucket/prefix/)")
        }
        let rest = text.dropFirst(5)
        let slash = rest.firstIndex(of: "/")
        let bucket = String(rest[..<(slash ?? rest.endIndex)])
        let key = slash.map { String(rest[rest.index(after: $0)...]) } ?? ""
        guard !bucket.isEmpty else { throw S3URIError(uri: text, problem: "has no bucket name") }
        if let problem = Self.problem(withBucket: bucket) {
            throw S3URIError(uri: text, problem: "has an invalid bucket name \(bucket.debugDescription): \(problem)")
        }
        guard key.utf8.count <= 1024 else {
            throw S3URIError(uri: text, problem: "has a key longer than S3's 1024 bytes")
        }
        self.init(bucket: bucket, key: key)
    }

    static func problem(withBucket bucket: String) -> String? {
        let bytes = Array(bucket.utf8)
        guard (3...63).contains(bytes.count) else { return "it must be 3 to 63 characters long" }
        func isLetterOrDigit(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard bytes.allSatisfy({ isLetterOrDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }) else {
            return "only lower-case letters, digits, '.' and '-' are allowed"
        }
        guard isLetterOrDigit(bytes.first!), isLetterOrDigit(bytes.last!) else {
            return "it must start and end with a letter or digit"
        }
        return nil
    }
}
