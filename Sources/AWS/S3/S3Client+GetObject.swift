// GetObject, streamed: the answer's headers come back at once, the body is read as it arrives.

import AsyncHTTPClient
import NIOHTTP1

extension S3Client {
    /// Starts downloading `key`, from byte `startingAt` (`Range: bytes=N-`) when it is not 0.
    ///
    /// With `ifMatch` (an ETag from an earlier answer), S3 refuses with ``S3Error/Kind/objectChanged`` if the
    /// object was replaced meanwhile, so a resumed download never mixes two versions.
    public func getObject(
        bucket: String, key: String, startingAt offset: Int64 = 0, ifMatch eTag: String? = nil
    ) async throws -> S3ObjectBody {
        let operation = "GetObject \(Self.uri(bucket, key))"
        var headers: [(name: String, value: String)] = []
        if offset > 0 { headers.append((name: "range", value: "bytes=\(offset)-")) }
        if let eTag { headers.append((name: "if-match", value: eTag)) }
        let answer = try await exchange(
            operation, method: .GET, bucket: bucket, key: key, headers: headers, streaming: true)
        guard case .streaming(let response) = answer else {
            throw S3Error(kind: .other, operation: operation, message: "internal error: expected a streamed answer")
        }
        let start = response.status.code == 206 ? offset : 0
        guard offset == 0 || start == offset else {
            throw S3Error(
                kind: .other, operation: operation, status: response.status.code,
                message: "the server ignored the range request for byte \(offset) onwards")
        }
        guard let metadata = S3ObjectMetadata(headers: response.headers, startOffset: start) else {
            throw S3Error(
                kind: .other, operation: operation, status: response.status.code,
                message: "the answer has no valid Content-Length")
        }
        return S3ObjectBody(response: response, metadata: metadata, operation: operation)
    }
}
