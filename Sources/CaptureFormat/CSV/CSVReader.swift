/// The CSV reader for captured payloads, per RFC 4180: fields separated by commas, rows ending at `\n` or
/// `\r\n`, quoted fields that may hold commas, newlines and doubled quotes `""`. Fields stay text. A trailing
/// newline does not make an empty row, and neither does any other empty line (as pandas reads CSV); a lone `\r`
/// is text. A quote inside an unquoted field is text; text after a closing quote is an error.

/// The CSV reader for captured payloads.
public enum CSVReader {
    /// Splits UTF-8 CSV text into rows of fields. Invalid UTF-8 is an error.
    public static func rows(_ text: UnsafeRawBufferPointer) throws(CSVSyntaxError) -> [[String]] {
        if let invalid = UTF8Validation.firstInvalidOffset(in: text) {
            throw CSVSyntaxError(offset: invalid, message: "invalid UTF-8")
        }
        var reader = Cursor(text: text)
        return try reader.readRows()
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

    private struct Cursor {
        let text: UnsafeRawBufferPointer
        var position = 0

        mutating func readRows() throws(CSVSyntaxError) -> [[String]] {
            var rows: [[String]] = []
            while position < text.count {
                if let lineEnd = lineEndLength(at: position) {
                    position += lineEnd
                    continue
                }
                rows.append(try readRow())
            }
            return rows
        }

        /// Reads fields up to and including the row's line end (or the end of the text).
        private mutating func readRow() throws(CSVSyntaxError) -> [String] {
            var fields: [String] = []
            while true {
                fields.append(try readField())
                guard position < text.count else { return fields }
                if text[position] == .comma {
                    position += 1
                    if position == text.count {
                        fields.append("")
                        return fields
                    }
                } else if let lineEnd = lineEndLength(at: position) {
                    position += lineEnd
                    return fields
                } else {
                    throw CSVSyntaxError(offset: position, message: "unexpected text after a closing quote")
                }
            }
        }

        /// Reads one field; the cursor stops on the comma or line end after it.
        private mutating func readField() throws(CSVSyntaxError) -> String {
            guard position < text.count, text[position] == .quote else {
                let start = position
                while position < text.count {
                    let byte = text[position]
                    if byte == .comma || byte == .newline { break }
                    if byte == .carriageReturn, lineEndLength(at: position) != nil { break }
                    position += 1
                }
                return string(start..<position)
            }
            let opening = position
            position += 1
            var unquoted: [UInt8] = []
            var runStart = position
            while true {
                while position < text.count, text[position] != .quote { position += 1 }
                guard position < text.count else {
                    throw CSVSyntaxError(offset: opening, message: "unterminated quoted field")
                }
                unquoted.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[runStart..<position]))
                position += 1
                guard position < text.count, text[position] == .quote else {
                    return String(decoding: unquoted, as: UTF8.self)
                }
                unquoted.append(.quote)
                position += 1
                runStart = position
            }
        }

        /// 1 for `\n`, 2 for `\r\n`, nil for anything else.
        private func lineEndLength(at index: Int) -> Int? {
            let byte = text[index]
            if byte == .newline { return 1 }
            if byte == .carriageReturn, index + 1 < text.count, text[index + 1] == .newline { return 2 }
            return nil
        }

        private func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: text[range]), as: UTF8.self)
        }
    }
}
