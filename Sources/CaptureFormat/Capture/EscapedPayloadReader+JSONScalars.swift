// The scalars of JSON payloads read by `EscapedPayloadReader`: strings (whose quotes are written `\"`, and whose
// own escapes are written with their backslash escaped), numbers and literals (written as themselves). Each
// returns false where the exact reader would refuse the text, or where the fast path leaves it to that reader.

@_spi(Scanning) import WireFormat

extension EscapedPayloadReader {
    /// True at a payload quote, written `\"`.
    var isAtEscapedQuote: Bool {
        position + 1 < count && base[position] == .backslash && base[position + 1] == .quote
    }

    /// Moves past the payload string at the cursor (its opening quote written `\"`), checking it; false when
    /// there is none.
    @inline(__always)
    mutating func skipString() -> Bool {
        guard isAtEscapedQuote else { return false }
        advance(2)
        while true {
            skipPlainBytes()
            guard position < count else { return false }
            let byte = base[position]
            if byte >= 0x80 {
                guard skipUTF8Sequence() else { return false }
                continue
            }
            // A raw `"` would end the `data` string inside a payload string; control characters are invalid.
            guard byte == .backslash, position + 1 < count else { return false }
            switch base[position + 1] {
            case .quote:
                position += 2
                return true
            case .slash:
                hasEscapedSlash = true
                position += 2
            case .backslash:
                guard skipPayloadEscape() else { return false }
            default:
                return false  // a payload control character (`\n`, `\t`…) or a `\u` escape: left to the exact reader
            }
        }
    }

    /// Moves past a payload escape: its `\`, written `\\`, and what it escapes.
    mutating func skipPayloadEscape() -> Bool {
        guard position + 2 < count else { return false }
        switch base[position + 2] {
        case .backslash:  // `\"`, `\\` or `\/`, the escaped character written as an escape too
            guard position + 3 < count else { return false }
            let escaped = base[position + 3]
            guard escaped == .quote || escaped == .backslash || escaped == .slash else { return false }
            if escaped == .slash { hasEscapedSlash = true }
            position += 4
        case .slash, UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 3
        case UInt8(ascii: "u"):
            guard
                let unit = JSONStringToken.hexQuad(
                    in: UnsafeRawBufferPointer(start: base, count: count), at: position + 3),
                !(0xD800...0xDFFF).contains(unit)
            else { return false }  // surrogate pairs are left to the exact reader
            position += 7
        default:
            return false
        }
        return true
    }

    /// Moves past `word` (`true`, `false` or `null`), written as itself.
    mutating func skipLiteral(_ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard position + length <= count else { return false }
        for offset in 0..<length where base[position + offset] != word.utf8Start[offset] { return false }
        position += length
        return true
    }

    /// Moves past a number, written as itself, checked against the RFC 8259 grammar.
    @inline(__always)
    mutating func skipNumber() -> Bool {
        if base[position] == .minus { position += 1 }
        guard let first = digit() else { return false }
        position += 1
        if first != .zero {
            skipDigits()
        } else if digit() != nil {
            return false  // a leading zero
        }
        if position < count, base[position] == .dot {
            position += 1
            guard digit() != nil else { return false }
            skipDigits()
        }
        if position < count, base[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < count, base[position] == .plus || base[position] == .minus { position += 1 }
            guard digit() != nil else { return false }
            skipDigits()
        }
        return true
    }

    /// The digit at the cursor, if it is one.
    @inline(__always)
    private func digit() -> UInt8? {
        position < count && base[position].isDigit ? base[position] : nil
    }

    mutating func skipDigits() {
        while position < count, base[position].isDigit { position += 1 }
    }
}
