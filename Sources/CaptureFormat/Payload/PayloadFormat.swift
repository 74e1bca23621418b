/// The text format of a decoded payload, which decides how it splits into rows; chosen from the capture's
/// `encoding`, and for BASE64 (or to spot JSON Lines) from its `observedContentType`.

/// The text format of a decoded payload.
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
}
