import Testing
import WireFormat

/// Tests of `JSONReader`: the values it reads, every syntax error it reports (with its offset), UTF-8 and
/// `\u` escape rules, numbers kept exactly, and the nesting limit on hostile input.
struct JSONReaderTests {
    static let values: [(String, JSONValue)] = [
        ("null", JSONValue.null),
        ("true", true),
        (" false ", false),
        ("0", .number("0")),
        ("-0", .number("-0")),
        ("-12.5e+3", .number("-12.5e+3")),
        ("1E-7", .number("1E-7")),
        ("123456789012345678901234567890", .number("123456789012345678901234567890")),
        ("0.1000000000000000000000000001", .number("0.1000000000000000000000000001")),
        (#""""#, ""),
        (#""a\u00e9\n""#, "a\u{e9}\n"),
        (#""\ud83d\ude00""#, "\u{1F600}"),
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        (#""\u0000""#, "\u{0}"),
        ("\"caf\u{e9} \u{1F600}\"", "caf\u{e9} \u{1F600}"),
        ("[]", []),
        ("{}", [:]),
        (" [1, \"x\", {\"k\": null}]\r\n", [1, "x", ["k": nil]]),
        (#"{"a":1,"a":2}"#, .object([JSONMember("a", 1), JSONMember("a", 2)])),
        (#"{"b":[true,{"c":[]}],"a":-1.5}"#, ["b": [true, ["c": []]], "a": .number("-1.5")]),
    ]

    @Test(arguments: values)
    func readsValues(text: String, expected: JSONValue) throws {
        #expect(try JSONReader.parse(text) == expected)
        #expect(try JSONReader.parse(Array(text.utf8)) == expected)
    }

    static let syntaxErrors: [(String, Int, String)] = [
        ("", 0, "unexpected end of input"),
        ("   ", 3, "unexpected end of input"),
        ("[1,2", 4, "unexpected end of input"),
        ("[1,]", 3, "unexpected character ']', expected a JSON value"),
        ("[1 2]", 3, "unexpected character '2', expected ',' or ']'"),
        (#"{"a" 1}"#, 5, "unexpected character '1', expected ':'"),
        (#"{"a":1,}"#, 7, "unexpected character '}', expected a string key"),
        (#"{"a":1 "b":2}"#, 7, "unexpected character '\"', expected ',' or '}'"),
        ("{a:1}", 1, "unexpected character 'a', expected a string key"),
        (#""abc"#, 0, "unterminated string"),
        (#"["abc\"#, 5, "unterminated string"),
        ("01", 0, "invalid number (leading zero)"),
        ("-01", 0, "invalid number (leading zero)"),
        ("1.", 0, "invalid number"),
        ("1.e5", 0, "invalid number"),
        ("-", 0, "invalid number"),
        ("1e", 0, "invalid number"),
        ("1e+", 0, "invalid number"),
        (".5", 0, "unexpected character '.', expected a JSON value"),
        ("+1", 0, "unexpected character '+', expected a JSON value"),
        ("NaN", 0, "unexpected character 'N', expected a JSON value"),
        ("tru", 0, "invalid literal, expected true"),
        ("nul", 0, "invalid literal, expected null"),
        ("[1] 2", 4, "unexpected character '2', expected the end after the JSON value"),
        (#""\x""#, 1, "invalid escape"),
        (#""\u12""#, 1, "invalid \\u escape"),
        (#""\u12G4""#, 1, "invalid \\u escape"),
        (#"" \ud800""#, 2, "lone surrogate in \\u escape"),
        (#""\udc00""#, 1, "lone surrogate in \\u escape"),
        (#""\ud800\u0041""#, 1, "lone surrogate in \\u escape"),
        (#""\ud800x""#, 1, "lone surrogate in \\u escape"),
        ("\"a\tb\"", 2, "control character in string (must be escaped)"),
        ("\"a\nb\"", 2, "control character in string (must be escaped)"),
        ("\u{1}", 0, "unexpected byte 0x1, expected a JSON value"),
    ]

    @Test(arguments: syntaxErrors)
    func reportsSyntaxErrors(text: String, offset: Int, message: String) {
        #expect(throws: JSONSyntaxError(offset: offset, message: message)) { try JSONReader.parse(text) }
    }

    @Test(
        arguments: [
            ([0x22, 0xC3, 0x28, 0x22], 1),  // lead byte without continuation
            ([0x22, 0x61, 0x80, 0x22], 2),  // lone continuation byte
            ([0x22, 0xC0, 0xAF, 0x22], 1),  // overlong "/"
            ([0x22, 0xE0, 0x80, 0xAF, 0x22], 1),  // overlong 3-byte form
            ([0x22, 0xED, 0xA0, 0x80, 0x22], 1),  // UTF-8 encoded surrogate
            ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1),  // above U+10FFFF
            ([0x22, 0xFF, 0x22], 1),
            ([0x22, 0x61, 0xE2, 0x82], 2),  // truncated at the end
        ] as [([UInt8], Int)])
    func rejectsInvalidUTF8(bytes: [UInt8], offset: Int) {
        #expect(throws: JSONSyntaxError(offset: offset, message: "invalid UTF-8 in string")) {
            try JSONReader.parse(bytes)
        }
    }

    @Test func readsEveryUTF8Length() throws {
        let text = "A\u{e9}\u{20AC}\u{1F600}\u{10FFFF}"
        #expect(try JSONReader.parse(Array("\"\(text)\"".utf8)) == .string(text))
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        let depth = JSONReader.maximumDepth
        var value = try JSONReader.parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        var levels = 0
        while case .array(let elements) = value {
            levels += 1
            value = elements.first ?? .null
        }
        #expect(levels == depth)
    }

    @Test(arguments: ["[", "{\"a\":", "[{\"a\":"])
    func rejectsNestingPastTheLimit(opening: String) {
        let text = String(repeating: opening, count: JSONReader.maximumDepth + 1)
        let error = #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(text) }
        #expect(error?.message == "nesting deeper than 512 levels")
    }

    @Test func rejectsAMillionOpeningBracketsWithoutCrashing() {
        let text = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(throws: JSONSyntaxError(offset: 512, message: "nesting deeper than 512 levels")) {
            try JSONReader.parse(text)
        }
    }

    /// Strings of every length around the eight-byte fast path, with a character needing attention at each
    /// position, read back exactly.
    @Test(arguments: ["\"", "\\", "\n", "\u{e9}", "\u{1F600}", "\u{1}"])
    func readsSpecialCharactersAtEveryPosition(special: String) throws {
        for length in 0..<20 {
            for position in 0...length {
                let text =
                    String(repeating: "a", count: position) + special
                    + String(repeating: "b", count: length - position)
                var buffer: [UInt8] = []
                JSONWriter.writeString(text, into: &buffer)
                #expect(try JSONReader.parse(buffer) == .string(text))
            }
        }
    }
}
