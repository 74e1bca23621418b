/// The answer to a PutObject.
public struct S3PutResult: Sendable, Equatable {
    /// The entity tag, quotes included as S3 sends it.
    public var eTag: String?
    /// `x-amz-version-id`, when the bucket is versioned.
    public var versionID: String?

    public init(eTag: String?, versionID: String?) {
        self.eTag = eTag
        self.versionID = versionID
    }
}
