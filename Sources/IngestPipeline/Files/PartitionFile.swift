import CaptureFormat
import WireFormat

/// One file of rows being written, kept as its encoded bytes.
///
/// Rows are encoded as they are added, so a file in the making costs its bytes, not its values. `json`: `[`, the
/// rows joined by `,\n`, `]`; `jsonl`: one object per line; `csv`: a header row, then the rows (RFC 4180 quoting,
/// values as their text: `CSVWriter.fieldText(_:)`). A CSV file's header is the union of its rows' fields in order
/// of first appearance: a field first seen in a later row is added at the end, and the rows before it get an
/// empty field there; a row without a field leaves it empty.
struct PartitionFile {
    let format: FileFormat
    private var body: [UInt8] = []
    private var rows = 0
    /// CSV: the header so far, each field's column, and where each row ends in ``body`` with its column count.
    private var header: [String] = []
    private var column: [String: Int] = [:]
    private var rowEnds: [(end: Int, columns: Int)] = []

    init(format: FileFormat) { self.format = format }

    /// The bytes gathered so far (the rows, without the file's opening and closing).
    var byteCount: Int { body.count }

    /// Encodes `row` into the file.
    mutating func add(_ row: [JSONMember]) {
        switch format {
        case .json:
            if rows > 0 { body.append(contentsOf: ",\n".utf8) }
            JSONWriter.write(.object(row), into: &body)
        case .jsonl:
            JSONWriter.write(.object(row), into: &body)
            body.append(0x0A)
        case .csv:
            var fields = [String](repeating: "", count: header.count)
            for field in row {
                let index: Int
                if let known = column[field.key] {
                    index = known
                } else {
                    index = header.count
                    column[field.key] = index
                    header.append(field.key)
                    fields.append("")
                }
                fields[index] = CSVWriter.fieldText(field.value)
            }
            CSVWriter.writeRow(fields, into: &body)
            rowEnds.append((body.count, fields.count))
        }
        rows += 1
    }

    /// The whole file.
    func bytes() -> [UInt8] {
        var file: [UInt8] = []
        file.reserveCapacity(body.count + 64)
        switch format {
        case .json:
            file.append(UInt8(ascii: "["))
            file.append(contentsOf: body)
            file.append(contentsOf: "]\n".utf8)
        case .jsonl:
            file.append(contentsOf: body)
        case .csv:
            CSVWriter.writeRow(header, into: &file)
            var start = 0
            for (end, columns) in rowEnds {
                // A row written before the header grew lacks the later columns: empty fields before its newline.
                file.append(contentsOf: body[start..<(end - 1)])
                file.append(contentsOf: repeatElement(UInt8(ascii: ","), count: header.count - columns))
                file.append(0x0A)
                start = end
            }
        }
        return file
    }
}
