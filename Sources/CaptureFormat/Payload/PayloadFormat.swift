@_spi(Scanning) import WireFormat

/// The text format of a decoded payload.
///
/// Which decides how it splits into rows; chosen from the capture's
/// `encoding`, and for BASE64 (or to spot JSON Lines) from its `observedContentType`.
public enum PayloadFormat: Sendable {
    /// RFC 4180 CSV: one row per record.
    case csv
    /// JSON: one document (by the document rules), or JSON Lines when it holds several values, one per line.
    case json
    /// JSON Lines: one row per value, each by the element rules.
    case jsonLines

    /// The format of a media type: `text/csv`, `application/json`, or one of the JSON Lines types; nil for any
    /// other type.
    public init?(_ mediaType: MediaType) {
        switch (mediaType.type, mediaType.subtype) {
        case ("text", "csv"): self = .csv
        case ("application", "json"): self = .json
        case ("application", "jsonlines"), ("application", "x-jsonlines"), ("application", "jsonl"): self = .jsonLines
        default: return nil
        }
    }

    /// The format of a `Content-Type` value given as UTF-8 bytes: `MediaType(text).flatMap(PayloadFormat.init)`
    /// without making strings. The media type (before any `;`, surrounding whitespace dropped) is compared with
    /// the known ones ignoring ASCII case, which is what lowercasing does here: the only non-ASCII character that
    /// lowercases to an ASCII letter is the Kelvin sign (to `k`), and no known type holds a `k`.
    init?(contentType: UnsafeRawBufferPointer) {
        var start = 0
        var end = 0
        while end < contentType.count, contentType[end] != .semicolon { end += 1 }
        while start < end, MediaType.isSpace(contentType[start]) { start += 1 }
        while end > start, MediaType.isSpace(contentType[end - 1]) { end -= 1 }
        let essence = UnsafeRawBufferPointer(rebasing: contentType[start..<end])
        func matches(_ known: StaticString) -> Bool {
            guard essence.count == known.utf8CodeUnitCount else { return false }
            // Written in lower case, as it nearly always is: compared a word at a time.
            if ByteWord.equal(essence, UnsafeRawBufferPointer(start: known.utf8Start, count: known.utf8CodeUnitCount)) {
                return true
            }
            for index in 0..<essence.count {
                let byte = essence[index]
                let lowered = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
                guard lowered == known.utf8Start[index] else { return false }
            }
            return true
        }
        if matches("text/csv") {
            self = .csv
        } else if matches("application/json") {
            self = .json
        } else if matches("application/jsonlines") || matches("application/x-jsonlines") || matches("application/jsonl")
        {
            self = .jsonLines
        } else {
            return nil
        }
    }
}
