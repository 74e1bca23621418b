@_spi(Scanning) import WireFormat

/// The CSV reader for captured payloads.
///
/// Per RFC 4180: fields separated by commas, rows ending at `\n` or
/// `\r\n` (or a lone `\r`, as Python's `csv` and pandas read it), quoted fields that may hold commas, line breaks
/// and doubled quotes `""`. Fields stay text. A trailing newline does not make an empty row, and neither does any
/// other empty line. A quote inside an unquoted field is text; text after a closing quote is an error.
public enum CSVReader {
    /// Splits UTF-8 CSV text into rows of fields. Invalid UTF-8 is an error.
    public static func rows(_ text: UnsafeRawBufferPointer) throws(CSVSyntaxError) -> [[String]] {
        var sink = CSVStringRows()
        try read(text, into: &sink)
        return sink.rows
    }

    /// Splits UTF-8 CSV text into rows of fields.
    public static func rows(_ text: [UInt8]) throws(CSVSyntaxError) -> [[String]] {
        try text.withUnsafeBytes { buffer in
            Result { () throws(CSVSyntaxError) in try rows(buffer) }
        }.get()
    }

    /// Splits CSV text into rows of fields.
    public static func rows(_ text: String) throws(CSVSyntaxError) -> [[String]] {
        try rows(Array(text.utf8))
    }

    /// Reads CSV text, handing each field and row end to `sink`. `isValidUTF8` skips the UTF-8 check for text
    /// already known to be valid (the unescaped content of a JSON string).
    static func read<Sink: CSVRowSink>(
        _ text: UnsafeRawBufferPointer,
        isValidUTF8: Bool = false,
        into sink: inout Sink
    ) throws(CSVSyntaxError) {
        if !isValidUTF8, let invalid = UTF8Validation.firstInvalidOffset(in: text) {
            throw CSVSyntaxError(offset: invalid, message: "invalid UTF-8")
        }
        var cursor = Cursor(text: text)
        try cursor.readRows(into: &sink)
    }

    private struct Cursor {
        let text: UnsafeRawBufferPointer
        var position = 0
        /// The content of a quoted field with doubled quotes, reused from field to field.
        var unquoted: [UInt8] = []

        mutating func readRows<Sink: CSVRowSink>(into sink: inout Sink) throws(CSVSyntaxError) {
            while position < text.count {
                if let lineEnd = lineEndLength(at: position) {
                    position += lineEnd
                    continue
                }
                try readRow(into: &sink)
                sink.endRow()
            }
        }

        /// Reads fields up to and including the row's line end (or the end of the text).
        private mutating func readRow<Sink: CSVRowSink>(into sink: inout Sink) throws(CSVSyntaxError) {
            while true {
                try readField(into: &sink)
                guard position < text.count else { return }
                if text[position] == .comma {
                    position += 1
                    if position == text.count {
                        sink.field(UnsafeRawBufferPointer(rebasing: text[position..<position]))
                        return
                    }
                } else if let lineEnd = lineEndLength(at: position) {
                    position += lineEnd
                    return
                } else {
                    throw CSVSyntaxError(offset: position, message: "unexpected text after a closing quote")
                }
            }
        }

        /// Reads one field; the cursor stops on the comma or line end after it.
        private mutating func readField<Sink: CSVRowSink>(into sink: inout Sink) throws(CSVSyntaxError) {
            let count = text.count
            guard position < count, text[position] == .quote else {
                let start = position
                while position < count {
                    let byte = text[position]
                    if byte == .comma || byte == .newline || byte == .carriageReturn { break }
                    position += 1
                }
                sink.field(UnsafeRawBufferPointer(rebasing: text[start..<position]))
                return
            }
            let opening = position
            position += 1
            var runStart = position
            unquoted.removeAll(keepingCapacity: true)
            while true {
                while position < count, text[position] != .quote { position += 1 }
                guard position < count else {
                    throw CSVSyntaxError(offset: opening, message: "unterminated quoted field")
                }
                let isDoubled = position + 1 < count && text[position + 1] == .quote
                if !isDoubled && unquoted.isEmpty {
                    sink.field(UnsafeRawBufferPointer(rebasing: text[runStart..<position]))
                    position += 1
                    return
                }
                unquoted.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[runStart..<position]))
                position += 1
                guard isDoubled else {
                    unquoted.withUnsafeBytes { sink.field($0) }
                    return
                }
                unquoted.append(.quote)
                position += 1
                runStart = position
            }
        }

        /// 2 for `\r\n`, 1 for `\n` or a lone `\r`, nil for anything else.
        private func lineEndLength(at index: Int) -> Int? {
            switch text[index] {
            case .newline: return 1
            case .carriageReturn: return index + 1 < text.count && text[index + 1] == .newline ? 2 : 1
            default: return nil
            }
        }
    }
}
