/// The project's one JSON writer: compact output, RFC 8259 escaping (only `"`, `\` and control characters are
/// escaped; other text, including non-ASCII, is written as UTF-8), and numbers written as their literal text.

/// The project's one JSON writer.
public enum JSONWriter {
    /// Appends the compact JSON text of `value`.
    public static func write(_ value: JSONValue, into buffer: inout [UInt8]) {
        // The arrays and objects being written, innermost last, each with the index of its next value; kept here
        // rather than on the call stack so that deep values need no deep recursion.
        var open: [(container: JSONValue, next: Int)] = []
        var value = value
        nextValue: while true {
            switch value {
            case .null: buffer.append(contentsOf: "null".utf8)
            case .bool(let bool): buffer.append(contentsOf: (bool ? "true" : "false").utf8)
            case .number(let text): buffer.append(contentsOf: text.utf8)
            case .string(let string): writeString(string, into: &buffer)
            case .array:
                buffer.append(.openBracket)
                open.append((value, 0))
            case .object:
                buffer.append(.openBrace)
                open.append((value, 0))
            }
            while let (container, next) = open.last {
                open[open.count - 1].next += 1
                switch container {
                case .array(let elements) where next < elements.count:
                    if next > 0 { buffer.append(.comma) }
                    value = elements[next]
                    continue nextValue
                case .object(let members) where next < members.count:
                    if next > 0 { buffer.append(.comma) }
                    writeString(members[next].key, into: &buffer)
                    buffer.append(.colon)
                    value = members[next].value
                    continue nextValue
                case .object:
                    buffer.append(.closeBrace)
                default:
                    buffer.append(.closeBracket)
                }
                open.removeLast()
            }
            return
        }
    }

    /// The compact JSON text of `value`.
    public static func string(_ value: JSONValue) -> String {
        var buffer: [UInt8] = []
        write(value, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends `string` as a quoted, escaped JSON string.
    public static func writeString(_ string: String, into buffer: inout [UInt8]) {
        var string = string
        string.withUTF8 { utf8 in
            writeString(utf8: UnsafeRawBufferPointer(utf8), into: &buffer)
        }
    }

    /// Appends valid UTF-8 text as a quoted, escaped JSON string.
    static func writeString(utf8 text: UnsafeRawBufferPointer, into buffer: inout [UInt8]) {
        buffer.reserveCapacity(buffer.count + text.count + 2)
        buffer.append(.quote)
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
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[runStart..<index]))
                appendEscape(for: byte, to: &buffer)
                runStart = index + 1
            }
            index += 1
        }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[runStart..<count]))
        buffer.append(.quote)
    }

    private static func appendEscape(for byte: UInt8, to buffer: inout [UInt8]) {
        buffer.append(.backslash)
        switch byte {
        case .quote: buffer.append(.quote)
        case .backslash: buffer.append(.backslash)
        case .newline: buffer.append(UInt8(ascii: "n"))
        case .carriageReturn: buffer.append(UInt8(ascii: "r"))
        case .tab: buffer.append(UInt8(ascii: "t"))
        case 0x08: buffer.append(UInt8(ascii: "b"))
        case 0x0C: buffer.append(UInt8(ascii: "f"))
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            buffer.append(contentsOf: "u00".utf8)
            buffer.append(hex[Int(byte >> 4)])
            buffer.append(hex[Int(byte & 0xF)])
        }
    }
}
