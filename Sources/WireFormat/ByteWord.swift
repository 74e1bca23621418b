/// Eight-bytes-at-a-time tests on a `UInt64` word (the classic "SWAR" bit tricks), used by the scanners to
/// skip long runs of ordinary bytes — string contents, ASCII text — without looking at each byte.
///
/// Each test returns a mask with the high bit set in exactly the bytes that match (no borrow crosses from one
/// byte into the next), so `firstByte(of:)` gives the offset of the first match in memory order.
@_spi(Scanning) public enum ByteWord {
    @inlinable static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @inlinable static var highBits: UInt64 { 0x8080_8080_8080_8080 }
    @inlinable static var lowBits: UInt64 { 0x7F7F_7F7F_7F7F_7F7F }

    /// The eight bytes at `offset` of `bytes` as one word, the first byte in the low bits.
    @inlinable @inline(__always)
    package static func load(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The eight bytes at `offset` from `base` as one word, the first byte in the low bits.
    @inlinable @inline(__always)
    package static func load(_ base: UnsafeRawPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The offset (0…7) of the first byte whose high bit is set in a non-zero `mask`.
    @inlinable @inline(__always)
    package static func firstByte(of mask: UInt64) -> Int {
        mask.trailingZeroBitCount &>> 3
    }

    /// The bytes of `word` that have their high bit set (are not ASCII).
    @inlinable @inline(__always)
    package static func nonASCII(_ word: UInt64) -> UInt64 {
        word & highBits
    }

    /// The ASCII bytes of `word` below 0x20 (control characters).
    @inlinable @inline(__always)
    package static func control(_ word: UInt64) -> UInt64 {
        // For an ASCII byte b, b + 0x60 reaches 0x80 exactly when b >= 0x20; no byte carries into the next.
        ~((word & lowBits) &+ ones &* 0x60) & ~word & highBits
    }

    /// The bytes of `word` equal to `byte`.
    @inlinable @inline(__always)
    package static func equal(_ byte: UInt8, in word: UInt64) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        // The low seven bits of a byte plus 0x7F reach 0x80 unless they are all zero; no byte carries.
        return ~((difference & lowBits) &+ lowBits) & ~difference & highBits
    }

    /// True when some byte of `word` has its high bit set (is not ASCII).
    @inlinable @inline(__always)
    package static func hasNonASCII(_ word: UInt64) -> Bool {
        nonASCII(word) != 0
    }

    /// True when some byte of `word` equals `byte`.
    @inlinable @inline(__always)
    package static func has(_ byte: UInt8, in word: UInt64) -> Bool {
        equal(byte, in: word) != 0
    }

    /// The bytes of `word` that end a run of plain string content in JSON: control characters, quotes,
    /// backslashes, and non-ASCII bytes (which need UTF-8 validation).
    @inlinable @inline(__always)
    package static func stringAttention(_ word: UInt64) -> UInt64 {
        nonASCII(word) | control(word) | equal(.quote, in: word) | equal(.backslash, in: word)
    }

    /// The bytes of `word` that a JSON writer must escape: control characters, quotes and backslashes.
    @inlinable @inline(__always)
    package static func needsEscaping(_ word: UInt64) -> UInt64 {
        control(word) | equal(.quote, in: word) | equal(.backslash, in: word)
    }

    /// True when `a` and `b` hold the same bytes. Short texts such as keys are compared with two loads each that
    /// may overlap (first and last four or eight bytes), so that the comparison takes few branches, whatever the
    /// length: key comparisons are many, and a byte loop's exit is hard to predict.
    @inlinable @inline(__always)
    package static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let count = a.count
        guard count == b.count, let a = a.baseAddress, let b = b.baseAddress else { return a.count == b.count }
        switch count {
        case 0:
            return true
        case 1..<4:
            let last = count - 1
            let middle = count >> 1
            return (a.load(as: UInt8.self) ^ b.load(as: UInt8.self))
                | (a.load(fromByteOffset: middle, as: UInt8.self) ^ b.load(fromByteOffset: middle, as: UInt8.self))
                | (a.load(fromByteOffset: last, as: UInt8.self) ^ b.load(fromByteOffset: last, as: UInt8.self)) == 0
        case 4..<8:
            let last = count - 4
            return (a.loadUnaligned(as: UInt32.self) ^ b.loadUnaligned(as: UInt32.self))
                | (a.loadUnaligned(fromByteOffset: last, as: UInt32.self)
                    ^ b.loadUnaligned(fromByteOffset: last, as: UInt32.self)) == 0
        case 8...16:
            let last = count - 8
            return (load(a, at: 0) ^ load(b, at: 0)) | (load(a, at: last) ^ load(b, at: last)) == 0
        case 17...24:
            let last = count - 8
            return (load(a, at: 0) ^ load(b, at: 0)) | (load(a, at: 8) ^ load(b, at: 8))
                | (load(a, at: last) ^ load(b, at: last)) == 0
        default:
            var index = 0
            while index + 8 < count {
                guard load(a, at: index) == load(b, at: index) else { return false }
                index += 8
            }
            return load(a, at: count - 8) == load(b, at: count - 8)
        }
    }
}
