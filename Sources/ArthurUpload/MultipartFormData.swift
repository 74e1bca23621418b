import NIOCore

/// A one-file multipart body and its content type.
///
/// Builds the `multipart/form-data` body Arthur's capture endpoint expects (RFC 7578): one file
/// part, `inference_data`, holding a `.jsonl` file.
public struct MultipartFormData: Sendable {
    public let boundary: String
    public let body: ByteBuffer

    /// `multipart/form-data; boundary=...`.
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// Wraps `content` as the file part `field` named `filename`.
    /// The boundary is random and checked not to occur in the content.
    public init(field: String, filename: String, fileContentType: String, content: [UInt8]) {
        var boundary: String
        repeat {
            boundary =
                "----capture-to-arthur-" + String(UInt64.random(in: .min ... .max), radix: 36)
                + String(UInt64.random(in: .min ... .max), radix: 36)
        } while content.containsSequence(Array(boundary.utf8))
        self.boundary = boundary
        let head =
            "--\(boundary)\r\n"
            + "Content-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\n"
            + "Content-Type: \(fileContentType)\r\n\r\n"
        let tail = "\r\n--\(boundary)--\r\n"
        var buffer = ByteBufferAllocator().buffer(capacity: head.utf8.count + content.count + tail.utf8.count)
        buffer.writeString(head)
        buffer.writeBytes(content)
        buffer.writeString(tail)
        self.body = buffer
    }
}

extension Array where Element == UInt8 {
    /// True when `needle` occurs in the array (a plain scan; boundaries are long and random).
    fileprivate func containsSequence(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= count else { return false }
        return withUnsafeBufferPointer { haystack in
            var index = 0
            let last = haystack.count - needle.count
            while index <= last {
                if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) {
                    return true
                }
                index += 1
            }
            return false
        }
    }
}
