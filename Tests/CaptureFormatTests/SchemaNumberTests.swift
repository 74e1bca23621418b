import Testing
import WireFormat

@testable import CaptureFormat

/// The schema check reads numbers in bytes (``ModelSchema/decimal(_:finiteOnly:)``), without `Double` unless there is
/// an exponent: held here to the reading it replaced, `Double` on the trimmed text, over a table of edge cases and
/// 200,000 random strings of the characters a number is made of.
struct SchemaNumberTests {
    /// What the check said before it read bytes: CSV text trimmed of spaces and tabs, only digits, signs, points
    /// and exponents, read by `Double` and finite; a JSON number read by `Double`.
    static func reference(_ text: String, isCSV: Bool) -> ModelSchema.NumberKind? {
        let number: Double?
        if isCSV {
            let trimmed = text.trimmingSpacesAndTabs()
            let isDigit = { (character: Character) in character.isASCII && character.isNumber }
            guard trimmed.contains(where: isDigit), trimmed.allSatisfy({ isDigit($0) || "+-.eE".contains($0) }),
                let read = Double(trimmed), read.isFinite
            else { return nil }
            number = read
        } else {
            number = Double(text)
        }
        return number.map { $0.rounded() == $0 ? .whole : .fraction }
    }

    /// The check's reading: CSV text (``ModelSchema/csvNumber(_:)``) or a JSON number's text.
    static func read(_ text: String, isCSV: Bool) -> ModelSchema.NumberKind? {
        var text = text
        return text.withUTF8 { isCSV ? ModelSchema.csvNumber($0) : ModelSchema.decimal($0[...], finiteOnly: false) }
    }

    @Test(arguments: [
        "0", "-0", "+7", "007", "1.", ".5", "+.5", "-.0", ".", "+", "-", "", " ", "1.50", "1.05", "7.000",
        "1e3", "1E3", "1e-3", "1.5e1", "2.5e0", "1e", "e1", ".e1", "1e+", "1e999", "-1e999", "1e-999", "1..2",
        "1.2.3", "--1", "+-1", "1-2", "1 2", " 12 ", "\t3\t", "0x10", "1_000", "١", "1\u{301}", "12345678901234567890",
        String(repeating: "9", count: 300), String(repeating: "9", count: 301) + ".5",
        String(repeating: "9", count: 400), "0." + String(repeating: "0", count: 400) + "1", "1.0000000000000001",
        "123456789012345.5", "1234567890123456.5", "0.1234567890123456789",
    ])
    func readsAsDoubleDid(text: String) {
        #expect(Self.read(text, isCSV: true) == Self.reference(text, isCSV: true), "CSV \(text)")
        if case .number? = try? JSONReader.parse(text) {  // what a JSON number may be
            #expect(
                Self.read(text, isCSV: false) == Self.reference(text, isCSV: false), "JSON \(text)")
        }
    }

    @Test func randomTextReadsAsDoubleDid() {
        let alphabet = Array("0123456789+-.eE \t0010.")
        var random = SplitMix64(seed: 11)
        var disagreements: [String] = []
        for _ in 0..<200_000 {
            let text = String((0..<random.below(9)).map { _ in alphabet[random.below(alphabet.count)] })
            if Self.read(text, isCSV: true) != Self.reference(text, isCSV: true) {
                disagreements.append(text)
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }
}
