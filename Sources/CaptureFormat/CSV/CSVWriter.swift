import WireFormat

/// Writes CSV fields and rows (RFC 4180 quoting).
///
/// A field is quoted when it holds a comma, a double quote, a carriage return or a line feed, or starts or ends
/// with a space; a quote inside it is doubled. Rows end with `\n` (as Athena, Glue and Python's `csv` read them).
public enum CSVWriter {
    /// Appends `fields` as one row and its `\n`.
    public static func writeRow(_ fields: [String], into buffer: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            writeField(field, into: &buffer)
        }
        buffer.append(0x0A)
    }

    /// Appends `text` as one field, quoted when it must be.
    public static func writeField(_ text: String, into buffer: inout [UInt8]) {
        let utf8 = text.utf8
        let mustQuote =
            utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || utf8.first == .space || utf8.last == .space
        guard mustQuote else {
            buffer.append(contentsOf: utf8)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// The text of `value` in a field: a string as it is, a number as written, `true`/`false`, `null` as an empty
    /// field, an array or object as its compact JSON text.
    public static func fieldText(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let bool): return bool ? "true" : "false"
        case .number(let text), .string(let text): return text
        case .array, .object: return JSONWriter.string(value)
        }
    }
}
