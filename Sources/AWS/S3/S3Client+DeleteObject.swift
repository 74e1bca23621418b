// DeleteObject, optionally conditional (`If-Match`), to release a lease only while it is still the one written.

import NIOHTTP1

extension S3Client {
    /// Deletes `key`; with a `condition`, only when it holds, else throws ``S3Error/Kind/conditionFailed``.
    /// Deleting a key that is not there succeeds, as in S3.
    public func deleteObject(
        bucket: String, key: String, condition: S3WriteCondition? = nil
    ) async throws {
        let operation = "DeleteObject \(Self.uri(bucket, key))"
        let headers = condition.map { [$0.header] } ?? []
        _ = try await conditional(condition) {
            try await exchange(operation, method: .DELETE, bucket: bucket, key: key, headers: headers)
        }
    }
}
