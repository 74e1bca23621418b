/// PutObject of a body held in memory (dead letters, small files), with its SHA-256 signed.

extension S3Client {
    /// Writes `body` to `key`, replacing any object there.
    @discardableResult
    public func putObject(
        bucket: String, key: String, body: [UInt8], contentType: String = "application/octet-stream"
    ) async throws(S3Error) -> S3PutResult {
        let operation = "PutObject \(Self.uri(bucket, key))"
        let answer = try await exchange(
            operation, method: .PUT, bucket: bucket, key: key, headers: [(name: "content-type", value: contentType)],
            body: body)
        guard case .collected(let headers, _) = answer else {
            throw S3Error(kind: .other, operation: operation, message: "internal error: expected a whole answer")
        }
        return S3PutResult(eTag: headers.first(name: "etag"), versionID: headers.first(name: "x-amz-version-id"))
    }
}
