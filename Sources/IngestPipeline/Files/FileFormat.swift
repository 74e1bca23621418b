/// How inference files are written (`--to-format`, `OUTPUT_FORMAT`).
///
/// Each row is an inference's flat fields (`Inference.flatRow(schema:)`): `json`, one JSON array of objects per
/// file; `jsonl`, one object per line; `csv`, a header row and one row per inference (see `PartitionFile`).
public enum FileFormat: String, Sendable, CaseIterable {
    case json
    case csv
    case jsonl

    /// The file name's ending, without the dot.
    public var fileExtension: String { rawValue }

    /// The objects' `Content-Type`.
    public var contentType: String {
        switch self {
        case .json: "application/json"
        case .csv: "text/csv"
        case .jsonl: "application/jsonl"
        }
    }
}
