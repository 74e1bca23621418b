import NIOHTTP1

/// The headers of a GetObject answer, read into values.
///
/// What S3 says about an object it is sending: sizes, ETag, version, type, and where this body starts.
public struct S3ObjectMetadata: Sendable, Equatable {
    /// Bytes in this answer's body (`Content-Length`).
    public var contentLength: Int64
    /// The object's full size: from `Content-Range` for a ranged read, else ``contentLength``.
    public var objectSize: Int64
    /// The object offset of the body's first byte (the requested start offset).
    public var startOffset: Int64
    /// The entity tag, quotes included as S3 sends it (pass it back as `ifMatch` when resuming).
    public var eTag: String?
    /// `x-amz-version-id`, when the bucket is versioned.
    public var versionID: String?
    public var contentType: String?
    /// `Last-Modified`, as sent.
    public var lastModified: String?

    public init(
        contentLength: Int64, objectSize: Int64, startOffset: Int64, eTag: String?, versionID: String?,
        contentType: String?, lastModified: String?
    ) {
        self.contentLength = contentLength
        self.objectSize = objectSize
        self.startOffset = startOffset
        self.eTag = eTag
        self.versionID = versionID
        self.contentType = contentType
        self.lastModified = lastModified
    }

    /// Reads the answer's headers; nil when `Content-Length` is missing or invalid.
    init?(headers: HTTPHeaders, startOffset: Int64) {
        guard let length = headers.first(name: "content-length").flatMap({ Int64($0) }), length >= 0 else {
            return nil
        }
        var size = length + startOffset
        // Content-Range: bytes 100-199/1000
        if let range = headers.first(name: "content-range"), let slash = range.lastIndex(of: "/"),
            let total = Int64(range[range.index(after: slash)...])
        {
            size = total
        }
        self.init(
            contentLength: length, objectSize: size, startOffset: startOffset, eTag: headers.first(name: "etag"),
            versionID: headers.first(name: "x-amz-version-id"), contentType: headers.first(name: "content-type"),
            lastModified: headers.first(name: "last-modified"))
    }
}
