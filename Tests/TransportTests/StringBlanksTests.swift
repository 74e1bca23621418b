import Foundation
import Testing
import Transport

/// `trimmingBlanks()` trims what Foundation's `trimmingCharacters(in: .whitespaces)` trims.
@Suite struct StringBlanksTests {
    @Test(arguments: [
        "", " ", "\t", "a", " a ", "\t a b \t", "\u{00A0}x\u{3000}", "\u{2003}x y\u{202F}", "\nx\n", " \r\nx ",
        "\u{200B}x", "é ", " 名前 ",
    ])
    func matchesFoundation(text: String) {
        #expect(text.trimmingBlanks() == text.trimmingCharacters(in: .whitespaces))
    }

    @Test func sameBlanksAsFoundationInTheBasicPlane() {
        for value in UInt32(0)..<0x10000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "\(scalar)x\(scalar)"
            #expect(text.trimmingBlanks() == text.trimmingCharacters(in: .whitespaces), "U+\(String(value, radix: 16))")
        }
    }
}
