/// Hexadecimal digits: the package's one way to spell bytes in hex (JSON `\u00XX` escapes, percent-encoding,
/// SHA-256 digests).
public enum Hex {
    /// The hex digit of `value`'s low four bits: `0`–`9`, then `a`–`f`, or `A`–`F` when `uppercase`.
    @inlinable
    public static func digit(_ value: UInt8, uppercase: Bool = false) -> UInt8 {
        let nibble = value & 0x0F
        if nibble < 10 { return UInt8(ascii: "0") + nibble }
        return (uppercase ? UInt8(ascii: "A") : UInt8(ascii: "a")) + nibble - 10
    }

    /// Two hex digits per byte of `bytes`, lower-case unless `uppercase`.
    public static func string(_ bytes: some Sequence<UInt8>, uppercase: Bool = false) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            output.append(digit(byte >> 4, uppercase: uppercase))
            output.append(digit(byte, uppercase: uppercase))
        }
        return String(decoding: output, as: UTF8.self)
    }
}
