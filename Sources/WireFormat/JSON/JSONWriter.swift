/// The project's one JSON writer.
///
/// Compact output, RFC 8259 escaping (only `"`, `\` and control characters are
/// escaped; other text, including non-ASCII, is written as UTF-8), and numbers written as their literal text.
public enum JSONWriter {
    /// How deep the writer recurses; deeper values are written with an explicit stack, so that no input the reader
    /// accepts can exhaust a small thread stack.
    private static let recursionLimit = 32

    /// Appends the compact JSON text of `value`.
    public static func write(_ value: JSONValue, into buffer: inout [UInt8]) {
        JSONOutput.append(to: &buffer, capacity: 256) { write(value, into: &$0) }
    }

    /// The compact JSON text of `value`.
    public static func string(_ value: JSONValue) -> String {
        var buffer: [UInt8] = []
        write(value, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends `string` as a quoted, escaped JSON string.
    public static func writeString(_ string: String, into buffer: inout [UInt8]) {
        JSONOutput.append(to: &buffer, capacity: string.utf8.count + 16) { writeString(string, into: &$0) }
    }

    /// Appends valid UTF-8 text as a quoted, escaped JSON string.
    package static func writeString(utf8 text: UnsafeRawBufferPointer, into buffer: inout [UInt8]) {
        JSONOutput.append(to: &buffer, capacity: text.count + 16) { writeString(utf8: text, into: &$0) }
    }

    /// Writes the compact JSON text of `value`.
    package static func write(_ value: JSONValue, into output: inout JSONOutput, depth: Int = 0) {
        switch value {
        case .null: output.append("null")
        case .bool(let bool): output.append(bool ? "true" : "false")
        case .number(var text): text.withUTF8 { output.append(UnsafeRawBufferPointer($0)) }
        case .string(let string): writeString(string, into: &output)
        case .array(let elements) where depth < recursionLimit:
            output.append(.openBracket)
            for index in elements.indices {
                if index > 0 { output.append(.comma) }
                write(elements[index], into: &output, depth: depth + 1)
            }
            output.append(.closeBracket)
        case .object(let members) where depth < recursionLimit:
            output.append(.openBrace)
            for index in members.indices {
                if index > 0 { output.append(.comma) }
                writeString(members[index].key, into: &output)
                output.append(.colon)
                write(members[index].value, into: &output, depth: depth + 1)
            }
            output.append(.closeBrace)
        case .array, .object:
            writeDeep(value, into: &output)
        }
    }

    /// Writes a value below the recursion limit, keeping the arrays and objects being written, each with the index
    /// of its next value, on an explicit stack.
    private static func writeDeep(_ value: JSONValue, into output: inout JSONOutput) {
        var open: [(container: JSONValue, next: Int)] = []
        var value = value
        nextValue: while true {
            switch value {
            case .array, .object:
                output.append(value.arrayValue != nil ? .openBracket : .openBrace)
                open.append((value, 0))
            default:
                write(value, into: &output)
            }
            while let (container, next) = open.last {
                open[open.count - 1].next += 1
                switch container {
                case .array(let elements) where next < elements.count:
                    if next > 0 { output.append(.comma) }
                    value = elements[next]
                    continue nextValue
                case .object(let members) where next < members.count:
                    if next > 0 { output.append(.comma) }
                    writeString(members[next].key, into: &output)
                    output.append(.colon)
                    value = members[next].value
                    continue nextValue
                case .object:
                    output.append(.closeBrace)
                default:
                    output.append(.closeBracket)
                }
                open.removeLast()
            }
            return
        }
    }

    /// Writes `string` as a quoted, escaped JSON string.
    package static func writeString(_ string: String, into output: inout JSONOutput) {
        var string = string
        string.withUTF8 { writeString(utf8: UnsafeRawBufferPointer($0), into: &output) }
    }

    /// Writes valid UTF-8 text as a quoted, escaped JSON string. A short text (most keys and values) is copied
    /// byte by byte into room reserved for its worst case; in a longer one, plain runs are found eight bytes at a
    /// time and copied whole.
    package static func writeString(utf8 text: UnsafeRawBufferPointer, into output: inout JSONOutput) {
        if text.count <= 16 {
            output.reserve(text.count * 6 + 2)  // each byte escaped as \u00XX at worst
            output.appendReserved(.quote)
            for byte in text {
                if byte < 0x20 || byte == .quote || byte == .backslash {
                    appendEscape(for: byte, to: &output)
                } else {
                    output.appendReserved(byte)
                }
            }
            output.appendReserved(.quote)
            return
        }
        output.reserve(text.count + 2)
        output.append(.quote)
        var runStart = 0
        var index = 0
        let count = text.count
        while index < count {
            if index + 8 <= count {
                let escapes = ByteWord.needsEscaping(ByteWord.load(text, at: index))
                if escapes == 0 {
                    index += 8
                    continue
                }
                index += ByteWord.firstByte(of: escapes)
            }
            let byte = text[index]
            if byte < 0x20 || byte == .quote || byte == .backslash {
                output.append(UnsafeRawBufferPointer(rebasing: text[runStart..<index]))
                appendEscape(for: byte, to: &output)
                runStart = index + 1
            }
            index += 1
        }
        output.append(UnsafeRawBufferPointer(rebasing: text[runStart..<count]))
        output.append(.quote)
    }

    private static func appendEscape(for byte: UInt8, to output: inout JSONOutput) {
        output.append(.backslash)
        switch byte {
        case .quote: output.append(.quote)
        case .backslash: output.append(.backslash)
        case .newline: output.append(UInt8(ascii: "n"))
        case .carriageReturn: output.append(UInt8(ascii: "r"))
        case .tab: output.append(UInt8(ascii: "t"))
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        default:
            output.append("u00")
            output.append(Hex.digit(byte >> 4))
            output.append(Hex.digit(byte))
        }
    }
}
