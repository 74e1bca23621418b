// PutObject of a body held in memory (dead letters, small files), with its SHA-256 signed.

import NIOHTTP1

extension S3Client {
    /// Writes `body` to `key`, replacing any object there; with a `condition`, only when it holds, else
    /// throws ``S3Error/Kind/conditionFailed``.
    @discardableResult
    public func putObject(
        bucket: String, key: String, body: [UInt8], contentType: String = "application/octet-stream",
        condition: S3WriteCondition? = nil
    ) async throws -> S3PutResult {
        let operation = "PutObject \(Self.uri(bucket, key))"
        var headers = [(name: "content-type", value: contentType)]
        if let condition { headers.append(condition.header) }
        let answer = try await conditional(condition) {
            try await exchange(operation, method: .PUT, bucket: bucket, key: key, headers: headers, body: body)
        }
        guard case .collected(let headers, _) = answer else {
            throw S3Error(kind: .other, operation: operation, message: "internal error: expected a whole answer")
        }
        return S3PutResult(eTag: headers.first(name: "etag"), versionID: headers.first(name: "x-amz-version-id"))
    }

    /// Runs a conditional call: S3's `PreconditionFailed` (412) and `ConditionalRequestConflict` (409, two
    /// conditional writes at once) become ``S3Error/Kind/conditionFailed``.
    func conditional<T>(
        _ condition: S3WriteCondition?, _ call: () async throws -> T
    ) async throws -> T {
        do {
            return try await call()
        } catch var error as S3Error
            where condition != nil && (error.status == 412 || error.code == "ConditionalRequestConflict")
        {
            error.kind = .conditionFailed
            throw error
        }
    }
}
