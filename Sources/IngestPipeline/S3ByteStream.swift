import AWS
import CaptureFormat

/// An S3 object as a ``ByteStream``.
///
/// Streams an S3 object into the pipeline, never holding it whole, and resumes with a `Range`
/// request (pinned to the object's ETag) when S3 cuts the connection mid-body. Its failures are ``SourceError``s
/// naming the object, retryable when S3's error was.
public final class S3ByteStream: ByteStream {
    /// How many cut connections one object may survive.
    public static let maxResumes = 5

    private let client: S3Client
    private let bucket: String
    private let key: String
    private var body: S3ObjectBody
    private var resumes = 0

    private var name: String { S3URI(bucket: bucket, key: key).description }

    /// Starts the download of `s3://bucket/key`.
    public init(client: S3Client, bucket: String, key: String) async throws {
        self.client = client
        self.bucket = bucket
        self.key = key
        do {
            body = try await client.getObject(bucket: bucket, key: key)
        } catch {
            throw SourceError(
                source: S3URI(bucket: bucket, key: key).description, error)
        }
    }

    /// The object's ETag and version, which name exactly what was read.
    public var metadata: S3ObjectMetadata { body.metadata }

    public var version: String? { body.metadata.versionID.map { "version-\($0)" } ?? body.metadata.eTag }

    /// The object's `Last-Modified`, UTC RFC 3339.
    public var lastModified: String? { body.metadata.lastModified.flatMap(GroundTruthTime.httpDate) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) async throws -> Int {
        while true {
            do {
                return try await body.read(into: buffer)
            } catch let error as S3Error where error.kind == .interrupted && resumes < Self.maxResumes {
                resumes += 1
                let offset = error.resumeOffset ?? body.offset
                do {
                    body = try await client.getObject(
                        bucket: bucket, key: key, startingAt: offset, ifMatch: body.metadata.eTag)
                } catch {
                    throw SourceError(source: name, error)
                }
            } catch {
                throw SourceError(source: name, error)
            }
        }
    }
}

extension CaptureSource {
    /// An S3 object, named `s3://bucket/key`; its dead letter is named after the key.
    public static func s3(_ client: S3Client, bucket: String, key: String) -> CaptureSource {
        CaptureSource(
            name: S3URI(bucket: bucket, key: key).description, deadLetterName: deadLetterName(forKey: key)
        ) { try await S3ByteStream(client: client, bucket: bucket, key: key) }
    }
}
