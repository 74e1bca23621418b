/// An object being written to S3.
///
/// Writes one object whose length is not known in advance, in bounded memory: bytes gather into a part, a
/// full part goes to S3 as an UploadPart of a multipart upload (begun with the first one), and the end
/// completes the upload. An object that never fills one part is put whole with a single PutObject.
///
/// Memory is about two parts (the one being sent and its copy in the request) plus the bytes appended since
/// the last ``sendFullParts()``. Each call is retried by the transport's policy; when one still fails, the
/// upload is aborted, so no stored parts are left behind (and billed), and the failure (an ``S3Error``) is thrown
/// again by every later call.
public final class S3ObjectWriter {
    /// The client every call goes through (its transport's retry policy included).
    public let client: S3Client
    /// The object's bucket and key.
    public let bucket: String
    public let key: String
    /// The object's `Content-Type`.
    public let contentType: String
    /// Bytes gathered before a part is sent (at least S3's 5 MiB).
    public let partSize: Int
    /// Bytes appended so far.
    public private(set) var byteCount = 0
    /// The multipart upload, once the first part has been sent.
    public private(set) var upload: S3MultipartUpload?
    private var buffer: [UInt8] = []
    private var parts: [S3UploadedPart] = []
    private var failure: (any Error)?
    private var finished = false
    private var completed = false

    /// A writer of `key` that sends parts of `partSize` bytes (raised to 5 MiB when smaller).
    public init(client: S3Client, bucket: String, key: String, contentType: String, partSize: Int = 8 << 20) {
        self.client = client
        self.bucket = bucket
        self.key = key
        self.contentType = contentType
        self.partSize = max(partSize, S3MultipartUpload.minimumPartSize)
    }

    /// Whether a full part waits for ``sendFullParts()``.
    public var hasFullPart: Bool { buffer.count >= partSize }

    /// Appends `bytes` to the object (no I/O: see ``sendFullParts()``).
    public func append(_ bytes: some Collection<UInt8>) throws {
        try checkUsable()
        buffer.append(contentsOf: bytes)
        byteCount += bytes.count
    }

    /// Sends what has gathered as a part when it fills one, beginning the multipart upload with the first.
    /// On failure the upload is aborted.
    public func sendFullParts() async throws {
        try checkUsable()
        guard hasFullPart else { return }
        try await sendPart()
    }

    /// Ends the object: a single PutObject when it never filled a part, else the rest as the last part and
    /// CompleteMultipartUpload. On failure the upload is aborted.
    @discardableResult
    public func finish() async throws -> S3PutResult {
        try checkUsable()
        finished = true
        guard upload != nil || hasFullPart else {
            let body = buffer
            buffer = []
            do {
                return try await client.putObject(bucket: bucket, key: key, body: body, contentType: contentType)
            } catch {
                failure = error
                throw error
            }
        }
        if !buffer.isEmpty { try await sendPart() }
        guard let upload else { throw S3Error(kind: .other, operation: "finish", message: "no upload") }
        do {
            let result = try await client.completeMultipartUpload(upload, parts: parts)
            completed = true
            return result
        } catch {
            await giveUp(error)
            throw error
        }
    }

    /// Abandons the object: aborts the multipart upload, if one was begun and not completed.
    public func abort() async {
        finished = true
        if let upload, !completed {
            self.upload = nil
            try? await client.abortMultipartUpload(upload)
        }
        buffer = []
    }

    private func sendPart() async throws {
        let body = buffer
        buffer = []
        do {
            if upload == nil {
                upload = try await client.createMultipartUpload(bucket: bucket, key: key, contentType: contentType)
            }
            guard let upload else { return }
            guard parts.count < S3MultipartUpload.maximumPartCount else {
                throw S3Error(
                    kind: .other, operation: "UploadPart \(parts.count + 1) s3://\(bucket)/\(key)",
                    message:
                        "the object needs more than \(S3MultipartUpload.maximumPartCount) parts of \(partSize) bytes")
            }
            parts.append(try await client.uploadPart(upload, number: parts.count + 1, body: body))
        } catch {
            await giveUp(error)
            throw error
        }
    }

    /// Keeps `error` for later calls and aborts the upload, so none of its parts lingers.
    private func giveUp(_ error: any Error) async {
        failure = error
        await abort()
    }

    private func checkUsable() throws {
        if let failure { throw failure }
        if finished {
            throw S3Error(
                kind: .requestFailed, operation: "write s3://\(bucket)/\(key)",
                message: "the object is already finished")
        }
    }
}
