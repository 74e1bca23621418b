/// An `AsyncSequence` of ``S3ObjectSummary``; iterating it throws ``S3Error``.
///
/// Every object under a prefix, in key order, fetched a page at a time as the sequence is iterated.
public struct S3ObjectListing: AsyncSequence, Sendable {
    public typealias Element = S3ObjectSummary

    let client: S3Client
    let bucket: String
    let prefix: String
    let pageSize: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(listing: self)
    }

    /// Walks the pages, following continuation tokens.
    public struct Iterator: AsyncIteratorProtocol {
        let listing: S3ObjectListing
        var buffered: [S3ObjectSummary] = []
        var position = 0
        var nextToken: String?
        var finished = false

        init(listing: S3ObjectListing) { self.listing = listing }

        public mutating func next() async throws -> S3ObjectSummary? {
            while position == buffered.count {
                guard !finished else { return nil }
                let page = try await listing.client.listObjectsPage(
                    bucket: listing.bucket, prefix: listing.prefix, continuationToken: nextToken,
                    maxKeys: listing.pageSize)
                buffered = page.objects
                position = 0
                nextToken = page.nextContinuationToken
                finished = nextToken == nil
            }
            defer { position += 1 }
            return buffered[position]
        }
    }
}
