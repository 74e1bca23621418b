/// A page of a listing.
///
/// One page of a ListObjectsV2 answer (up to `max-keys` objects, in key order) and the token of the next one.
public struct S3ListPage: Sendable, Equatable {
    public var objects: [S3ObjectSummary]
    /// Pass to the next ``S3Client/listObjectsPage(bucket:prefix:continuationToken:maxKeys:)``; nil on the last page.
    public var nextContinuationToken: String?

    public init(objects: [S3ObjectSummary], nextContinuationToken: String?) {
        self.objects = objects
        self.nextContinuationToken = nextContinuationToken
    }

    /// Reads a `<ListBucketResult>` document; nil when it is not one.
    init?(xml: [UInt8]) {
        guard let result = S3XMLElement.parse(xml), result.name == "ListBucketResult" else { return nil }
        var objects: [S3ObjectSummary] = []
        for entry in result.children("Contents") {
            guard let key = entry["Key"] else { return nil }
            objects.append(
                S3ObjectSummary(
                    key: key, size: entry["Size"].flatMap { Int64($0) } ?? 0, eTag: entry["ETag"],
                    lastModified: entry["LastModified"]))
        }
        let truncated = result["IsTruncated"] == "true"
        let token = result["NextContinuationToken"].flatMap { $0.isEmpty ? nil : $0 }
        guard !truncated || token != nil else { return nil }
        self.init(objects: objects, nextContinuationToken: truncated ? token : nil)
    }
}
