/// What UploadPart answers, kept for CompleteMultipartUpload.

/// A part S3 stored: its number and the ETag CompleteMultipartUpload must name.
public struct S3UploadedPart: Sendable, Equatable {
    public var number: Int
    public var eTag: String

    public init(number: Int, eTag: String) {
        self.number = number
        self.eTag = eTag
    }
}
