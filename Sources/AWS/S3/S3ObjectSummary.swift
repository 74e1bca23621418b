/// An object as ListObjectsV2 reports it.
public struct S3ObjectSummary: Sendable, Equatable {
    public var key: String
    public var size: Int64
    /// The entity tag, quotes included as S3 sends it.
    public var eTag: String?
    /// `LastModified` as sent (ISO 8601).
    public var lastModified: String?

    public init(key: String, size: Int64, eTag: String? = nil, lastModified: String? = nil) {
        self.key = key
        self.size = size
        self.eTag = eTag
        self.lastModified = lastModified
    }
}
