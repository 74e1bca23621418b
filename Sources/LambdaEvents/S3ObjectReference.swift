/// One S3 object named by an event.
///
/// The S3 object an invocation asks the function to read: bucket and key as S3 stores them (already
/// URL-decoded where the event encodes them), with the version and size when the event gives them.
public struct S3ObjectReference: Sendable, Equatable, CustomStringConvertible {
    /// The bucket name (never an ARN).
    public var bucket: String
    /// The object key, decoded: exactly the key to ask S3 for.
    public var key: String
    /// The object version, when the bucket is versioned and the event names one.
    public var versionID: String?
    /// The object size in bytes, when the event gives it.
    public var size: Int?

    /// Makes a reference from its parts.
    public init(bucket: String, key: String, versionID: String? = nil, size: Int? = nil) {
        self.bucket = bucket
        self.key = key
        self.versionID = versionID
        self.size = size
    }

    /// `s3://bucket/key`.
    public var description: String { "s3://\(bucket)/\(key)" }
}
