// ListObjectsV2: one page at a time, or every object under a prefix as an `AsyncSequence`.
//
// Keys come back as UTF-8 text in the XML (no `encoding-type=url`); S3 lists them in UTF-8 byte order.

import NIOCore
import NIOHTTP1

extension S3Client {
    /// One page of the objects whose keys start with `prefix`, after `continuationToken` when given.
    public func listObjectsPage(
        bucket: String, prefix: String, continuationToken: String? = nil, maxKeys: Int = 1000
    ) async throws -> S3ListPage {
        let operation = "ListObjectsV2 \(Self.uri(bucket, prefix))"
        var query: [(name: String, value: String)] = [
            (name: "list-type", value: "2"), (name: "max-keys", value: "\(maxKeys)"),
        ]
        if !prefix.isEmpty { query.append((name: "prefix", value: prefix)) }
        if let continuationToken { query.append((name: "continuation-token", value: continuationToken)) }
        guard case .collected(_, let body) = try await exchange(operation, method: .GET, bucket: bucket, query: query)
        else {
            throw S3Error(kind: .other, operation: operation, message: "internal error: expected a whole answer")
        }
        guard let page = S3ListPage(xml: Array(buffer: body)) else {
            throw S3Error(kind: .other, operation: operation, message: "the answer is not a ListBucketResult document")
        }
        return page
    }

    /// Every object whose key starts with `prefix`, in key order, `pageSize` per request.
    public func listObjects(bucket: String, prefix: String, pageSize: Int = 1000) -> S3ObjectListing {
        S3ObjectListing(client: self, bucket: bucket, prefix: prefix, pageSize: pageSize)
    }
}
