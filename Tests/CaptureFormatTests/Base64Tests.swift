import CaptureFormat
import Testing

/// Tests of `Base64`: the decoding rules chosen (whitespace ignored, padding required and checked, standard
/// alphabet only) and encoding round trips.
struct Base64Tests {
    @Test(arguments: [
        ("", ""),
        ("QQ==", "A"),
        ("QUI=", "AB"),
        ("QUJD", "ABC"),
        ("QUJDRA==", "ABCD"),
        ("QUJD\nREVG", "ABCDEF"),
        ("QUJD\r\nREVG\r\n", "ABCDEF"),
        (" Q U J D ", "ABC"),
        ("QQ==\n", "A"),
        ("QQ= =", "A"),
        ("QUJ=", "AB"),  // non-zero unused bits are accepted, as most decoders do
        ("MSwyLDMKNCw1LDYK", "1,2,3\n4,5,6\n"),
    ])
    func decodes(text: String, expected: String) {
        #expect(Base64.decode(text) == Array(expected.utf8))
    }

    @Test func decodesTheWholeAlphabet() {
        #expect(Base64.decode("+/+/") == [0xFB, 0xFF, 0xBF])
        #expect(Base64.decode("AAECAwQF") == [0, 1, 2, 3, 4, 5])
    }

    @Test(arguments: [
        "Q",  // one character cannot hold a byte
        "QQ",  // padding is required: a capture cut short must not decode to shorter data
        "QUI",
        "QUJDRA=",
        "QUJDR",
        "QQ=",  // padding that is there must be complete
        "QQ===",
        "QUI==",
        "=",
        "====",
        "QUJD=",
        "QQ==QQ==",  // nothing after padding
        "QQ=A",
        "QU!D",
        "-_-_",  // URL-safe alphabet
        "QUJD\u{0}",
        "QUJ\u{e9}",
    ])
    func rejects(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test(arguments: [
        ("", ""),
        ("A", "QQ=="),
        ("AB", "QUI="),
        ("ABC", "QUJD"),
        ("1,2,3\n4,5,6\n", "MSwyLDMKNCw1LDYK"),
    ])
    func encodes(text: String, expected: String) {
        #expect(Base64.encode(Array(text.utf8)) == expected)
    }

    @Test func roundTripsEveryByteAndLength() {
        let bytes = (0..<256).map { UInt8($0) } + (0..<256).map { UInt8(255 - $0) }
        for length in 0..<70 {
            let slice = Array(bytes[(length * 7 % 400)...].prefix(length))
            #expect(Base64.decode(Base64.encode(slice)) == slice)
        }
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
    }
}
