/// Eight-bytes-at-a-time tests on a `UInt64` word (the classic "SWAR" bit tricks), used by the scanners to
/// skip long runs of ordinary bytes — string contents, ASCII text — without looking at each byte.
///
/// Each test may report a byte that is not really there (a borrow can spill into a later byte) but never
/// misses one, so a scanner that falls back to byte-by-byte work on `true` stays exact.

enum ByteWord {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// True when some byte of `word` has its high bit set (is not ASCII).
    static func hasNonASCII(_ word: UInt64) -> Bool {
        word & highBits != 0
    }

    /// True when some byte of `word` is below 0x20 (a control character), for ASCII words.
    static func hasControl(_ word: UInt64) -> Bool {
        (word &- ones &* 0x20) & ~word & highBits != 0
    }

    /// True when some byte of `word` equals `byte`.
    static func has(_ byte: UInt8, in word: UInt64) -> Bool {
        let difference = word ^ (ones &* UInt64(byte))
        return (difference &- ones) & ~difference & highBits != 0
    }

    /// True when some byte of `word` would end a run of plain string content in JSON: a control character,
    /// a quote, a backslash, or a non-ASCII byte (which needs UTF-8 validation).
    static func needsStringAttention(_ word: UInt64) -> Bool {
        hasNonASCII(word) || hasControl(word) || has(.quote, in: word) || has(.backslash, in: word)
    }
}
