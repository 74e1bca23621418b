/// The project's one JSON reader.
///
/// RFC 8259, strict, over bytes. It validates UTF-8, rejects control characters
/// in strings and lone surrogates in `\u` escapes, keeps numbers as their literal text, and refuses nesting
/// deeper than `JSONReader.maximumDepth` so hostile input cannot exhaust the stack.
public enum JSONReader {
    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 512

    /// Reads one JSON value, with optional whitespace around it, from UTF-8 bytes.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValue {
        var scanner = JSONScanner(bytes)
        let value = try scanner.parseValue(depth: 0)
        try scanner.expectEnd()
        return value
    }

    /// Reads one JSON value from UTF-8 bytes.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONSyntaxError) in try parse(buffer) }
        }.get()
    }

    /// Reads one JSON value from a string.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var text = text
        return try text.withUTF8 { utf8 in
            Result { () throws(JSONSyntaxError) in try parse(UnsafeRawBufferPointer(utf8)) }
        }.get()
    }
}
