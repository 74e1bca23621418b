/// A part S3 stored: its number and the ETag CompleteMultipartUpload must name.
public struct S3UploadedPart: Sendable, Equatable {
    /// The part's number, from 1.
    public var number: Int
    /// The ETag S3 answered for it.
    public var eTag: String

    /// A part stored as `number` with `eTag`.
    public init(number: Int, eTag: String) {
        self.number = number
        self.eTag = eTag
    }
}
