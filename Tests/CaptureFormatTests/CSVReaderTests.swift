import CaptureFormat
import Testing

/// Tests of `CSVReader`: RFC 4180 quoting, line ends (including a lone `\r`), empty lines and fields, and its errors.
struct CSVReaderTests {
    @Test(arguments: [
        ("", [[String]]()),
        ("1,2,3", [["1", "2", "3"]]),
        ("1,2,3\n", [["1", "2", "3"]]),
        ("1,2\n3,4\n", [["1", "2"], ["3", "4"]]),
        ("1,2\r\n3,4\r\n", [["1", "2"], ["3", "4"]]),
        ("1,2\r\n3,4", [["1", "2"], ["3", "4"]]),
        ("a,\"b,c\",d", [["a", "b,c", "d"]]),
        ("\"say \"\"hi\"\"\"", [["say \"hi\""]]),
        ("\"line\nbreak\",x\ny,z\n", [["line\nbreak", "x"], ["y", "z"]]),
        ("\"crlf\r\ninside\"\r\n", [["crlf\r\ninside"]]),
        ("a,,b", [["a", "", "b"]]),
        ("a,", [["a", ""]]),
        ("a,\n", [["a", ""]]),
        (",a", [["", "a"]]),
        ("\"\"", [[""]]),
        ("\"\",\"\"\n", [["", ""]]),
        ("\n", []),
        ("\n\r\n\n", []),
        ("1\n\n2\n", [["1"], ["2"]]),
        ("a\rb", [["a"], ["b"]]),
        ("a\r", [["a"]]),
        ("1,2\r3,4\r", [["1", "2"], ["3", "4"]]),
        ("1,2\r\r\n\r3", [["1", "2"], ["3"]]),
        ("\"x\"\r\"y\"", [["x"], ["y"]]),
        ("a\"b,c", [["a\"b", "c"]]),
        (" a , b ", [[" a ", " b "]]),
        ("caf\u{e9},\u{1F600}", [["caf\u{e9}", "\u{1F600}"]]),
    ])
    func splitsRowsAndFields(text: String, expected: [[String]]) throws {
        #expect(try CSVReader.rows(text) == expected)
    }

    @Test(arguments: [
        ("\"abc", 0, "unterminated quoted field"),
        ("x,\"abc\n", 2, "unterminated quoted field"),
        ("\"a\"\"", 0, "unterminated quoted field"),
        ("\"a\"b", 3, "unexpected text after a closing quote"),
        ("1,\"a\" ,2", 5, "unexpected text after a closing quote"),
    ])
    func reportsErrors(text: String, offset: Int, message: String) {
        #expect(throws: CSVSyntaxError(offset: offset, message: message)) { try CSVReader.rows(text) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: CSVSyntaxError(offset: 2, message: "invalid UTF-8")) {
            try CSVReader.rows([UInt8(ascii: "a"), UInt8(ascii: ","), 0xFF])
        }
    }

    @Test func describesErrorsWithTheirOffset() {
        #expect(
            CSVSyntaxError(offset: 4, message: "unterminated quoted field").description
                == "unterminated quoted field at byte 4")
    }
}
