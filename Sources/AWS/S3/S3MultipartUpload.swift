/// One multipart upload: its object and the upload id S3 gave it.
///
/// A multipart upload S3 has begun (CreateMultipartUpload), and S3's limits on its parts.
public struct S3MultipartUpload: Sendable, Equatable {
    /// The object being uploaded.
    public var bucket: String
    public var key: String
    /// S3's `UploadId`, which every later call of this upload names.
    public var uploadID: String

    /// An upload of `bucket`/`key` under S3's `uploadID`.
    public init(bucket: String, key: String, uploadID: String) {
        self.bucket = bucket
        self.key = key
        self.uploadID = uploadID
    }

    /// S3's smallest part, except for the last one: 5 MiB.
    public static let minimumPartSize = 5 << 20
    /// S3's largest part number.
    public static let maximumPartCount = 10_000
}
