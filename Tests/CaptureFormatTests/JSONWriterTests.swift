import Testing
import WireFormat

/// Tests of `JSONWriter`: compact output, the escaping table, numbers written as their literal text, and round
/// trips through `JSONReader`.
struct JSONWriterTests {
    @Test(arguments: [
        ("plain", #""plain""#),
        ("", #""""#),
        ("a\"b", #""a\"b""#),
        ("back\\slash", #""back\\slash""#),
        ("\n\r\t\u{8}\u{C}", #""\n\r\t\b\f""#),
        ("\u{0}\u{1}\u{1F}", #""\u0000\u0001\u001f""#),
        ("/ stays", #""/ stays""#),
        ("\u{7F}", "\"\u{7F}\""),
        ("caf\u{e9} \u{1F600}", "\"caf\u{e9} \u{1F600}\""),
        ("a long run of plain text \"then a quote", #""a long run of plain text \"then a quote""#),
    ])
    func escapesStrings(string: String, expected: String) {
        var buffer: [UInt8] = []
        JSONWriter.writeString(string, into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == expected)
    }

    @Test func writesCompactValues() {
        let value: JSONValue = [
            "n": nil, "t": true, "f": false, "i": 42, "d": .number("-1.50e+3"),
            "s": "x", "a": [1, [], [:]], "o": ["k": "v"],
        ]
        #expect(
            JSONWriter.string(value)
                == #"{"n":null,"t":true,"f":false,"i":42,"d":-1.50e+3,"s":"x","a":[1,[],{}],"o":{"k":"v"}}"#)
    }

    @Test func appendsToWhatIsThere() {
        var buffer = Array("x=".utf8)
        JSONWriter.write([1, 2], into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "x=[1,2]")
    }

    @Test(arguments: [
        #"{"a":[1,2.5,-3e10,"x\"y"],"b":{"c":null,"d":true},"a":false}"#,
        #"[123456789012345678901234567890.000000000000000000001,1E+400,-0.0]"#,
        "\"\\u0001 caf\u{e9}\"",
        #"[[[[[]]]],{},"",0]"#,
    ])
    func roundTripsCompactText(text: String) throws {
        #expect(JSONWriter.string(try JSONReader.parse(text)) == text)
    }

    @Test func rewritesSpacingAndEscapesCanonically() throws {
        let text = " { \"a\" : [ 1 , \"\\u0041\\/\" ] } "
        #expect(JSONWriter.string(try JSONReader.parse(text)) == #"{"a":[1,"A/"]}"#)
    }
}
