// `eventMetadata.inferenceTime` checked and normalized: an ISO 8601 date-time
// `YYYY-MM-DD(T| )HH:MM:SS[.fraction][Z|±HH:MM]` with a real calendar date, written back with `T` between date and
// time, the fraction as captured, and `Z` appended when no offset was captured (SageMaker's clock is UTC). Arthur
// needs a time zone; anything else — such as the SDK fixture's literal template "{%s}" — must not reach it.

import WireFormat

/// An inference time, checked and normalized.
enum InferenceTime {
    /// The normalized time, or nil when `text` is not such a date-time.
    static func normalized(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { normalized(UnsafeRawBufferPointer($0)) }
    }

    /// The normalized time of UTF-8 `bytes`, or nil.
    static func normalized(_ bytes: UnsafeRawBufferPointer) -> String? {
        // YYYY-MM-DD?HH:MM:SS is 19 bytes.
        guard bytes.count >= 19,
            let year = number(bytes, 0, 4), bytes[4] == .minus, let month = number(bytes, 5, 2), bytes[7] == .minus,
            let day = number(bytes, 8, 2), bytes[10] == UInt8(ascii: "T") || bytes[10] == .space,
            let hour = number(bytes, 11, 2), bytes[13] == .colon, let minute = number(bytes, 14, 2),
            bytes[16] == .colon, let second = number(bytes, 17, 2),
            CivilTime.isValid(
                CivilTime.Fields(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
        else { return nil }
        var index = 19
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            let digitsStart = index + 1
            index = digitsStart
            while index < bytes.count, bytes[index].isDigit { index += 1 }
            guard index > digitsStart else { return nil }
        }
        let hasOffset: Bool
        switch bytes.count - index {
        case 0:
            hasOffset = false
        case 1 where bytes[index] == UInt8(ascii: "Z"):
            hasOffset = true
        case 6 where bytes[index] == UInt8(ascii: "+") || bytes[index] == .minus:
            guard let offsetHour = number(bytes, index + 1, 2), bytes[index + 3] == .colon,
                let offsetMinute = number(bytes, index + 4, 2), offsetHour <= 23, offsetMinute <= 59
            else { return nil }
            hasOffset = true
        default:
            return nil
        }
        let count = bytes.count + (hasOffset ? 0 : 1)
        return String(unsafeUninitializedCapacity: count) { output in
            _ = output.initialize(fromContentsOf: bytes)
            output[10] = UInt8(ascii: "T")
            if !hasOffset { output[bytes.count] = UInt8(ascii: "Z") }
            return count
        }
    }

    /// Whole seconds since 1970-01-01T00:00:00Z of a time ``normalized(_:)`` returned (its fraction dropped, its
    /// offset applied), or nil for any other text.
    static func secondsSince1970(_ normalized: String) -> Int64? {
        var text = normalized
        return text.withUTF8 { utf8 -> Int64? in
            let bytes = UnsafeRawBufferPointer(utf8)
            guard bytes.count >= 20, let year = number(bytes, 0, 4), let month = number(bytes, 5, 2),
                let day = number(bytes, 8, 2), let hour = number(bytes, 11, 2), let minute = number(bytes, 14, 2),
                let second = number(bytes, 17, 2)
            else { return nil }
            var offsetSeconds = 0
            if bytes[bytes.count - 1] != UInt8(ascii: "Z") {
                let sign = bytes[bytes.count - 6] == .minus ? -1 : 1
                guard let offsetHour = number(bytes, bytes.count - 5, 2),
                    let offsetMinute = number(bytes, bytes.count - 2, 2)
                else { return nil }
                offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60)
            }
            let fields = CivilTime.Fields(
                year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            return CivilTime.secondsSince1970(fields) - Int64(offsetSeconds)
        }
    }

    /// The decimal number of `length` ASCII digits at `start`, or nil.
    @inline(__always)
    private static func number(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ length: Int) -> Int? {
        var value = 0
        for index in start..<(start + length) {
            guard bytes[index].isDigit else { return nil }
            value = value * 10 + Int(bytes[index] - .zero)
        }
        return value
    }
}
