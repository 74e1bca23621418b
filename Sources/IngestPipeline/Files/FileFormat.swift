import CaptureFormat

/// How inference files are written (`--to-format`, `OUTPUT_FORMAT`).
///
/// Each row is an inference's flat fields (`Inference.flatRow(schema:)`). `json`: one JSON array of objects per
/// file, a row per line (`[` rows joined by `,\n` `]`); `jsonl`: one object per line; `csv`: a header row, then one
/// row per inference (RFC 4180 quoting, values as their text: `CSVWriter.fieldText(_:)`). A CSV file's header is
/// the union of its rows' fields in order of first appearance; a row without a field leaves it empty.
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

    /// One file of `rows`.
    public func file(of rows: [[JSONMember]]) -> [UInt8] {
        var bytes: [UInt8] = []
        switch self {
        case .json:
            bytes.append(UInt8(ascii: "["))
            for (index, row) in rows.enumerated() {
                if index > 0 { bytes.append(contentsOf: ",\n".utf8) }
                JSONWriter.write(.object(row), into: &bytes)
            }
            bytes.append(contentsOf: "]\n".utf8)
        case .jsonl:
            for row in rows {
                JSONWriter.write(.object(row), into: &bytes)
                bytes.append(0x0A)
            }
        case .csv:
            var header: [String] = []
            var column: [String: Int] = [:]
            for row in rows {
                for field in row where column[field.key] == nil {
                    column[field.key] = header.count
                    header.append(field.key)
                }
            }
            CSVWriter.writeRow(header, into: &bytes)
            var fields = [String](repeating: "", count: header.count)
            for row in rows {
                for index in fields.indices { fields[index] = "" }
                for field in row { fields[column[field.key]!] = CSVWriter.fieldText(field.value) }
                CSVWriter.writeRow(fields, into: &bytes)
            }
        }
        return bytes
    }
}
