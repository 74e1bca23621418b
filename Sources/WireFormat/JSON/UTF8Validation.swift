/// UTF-8 validation over bytes.
///
/// UTF-8 validation per RFC 3629 (no overlong forms, no surrogates, nothing above U+10FFFF), shared by the JSON
/// string reader and the CSV path so that every string this module makes comes from valid UTF-8.
@_spi(Scanning) public enum UTF8Validation {
    /// The length of the valid UTF-8 sequence starting at `index`, or 0 when it is not valid.
    @inlinable package static func sequenceLength(in bytes: UnsafeRawBufferPointer, at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        let available = bytes.count - index
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            offset < available && range.contains(bytes[index + offset])
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0...0xEF:
            let second: ClosedRange<UInt8> = lead == 0xE0 ? 0xA0...0xBF : lead == 0xED ? 0x80...0x9F : 0x80...0xBF
            return continuation(1, second) && continuation(2) ? 3 : 0
        case 0xF0...0xF4:
            let second: ClosedRange<UInt8> = lead == 0xF0 ? 0x90...0xBF : lead == 0xF4 ? 0x80...0x8F : 0x80...0xBF
            return continuation(1, second) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// The offset of the first byte that does not start a valid UTF-8 sequence, or nil when all are valid.
    @inlinable package static func firstInvalidOffset(in bytes: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            while index + 8 <= count,
                !ByteWord.hasNonASCII(ByteWord.load(bytes, at: index))
            {
                index += 8
            }
            guard index < count else { return nil }
            let length = sequenceLength(in: bytes, at: index)
            guard length > 0 else { return index }
            index += length
        }
        return nil
    }
}
