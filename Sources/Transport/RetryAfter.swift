#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Parsing of `Retry-After` values.
///
/// Reads an HTTP `Retry-After` header: delay-seconds or an IMF-fixdate (RFC 9110 §10.2.3).
public enum RetryAfter {
    /// The wait the header asks for, or nil when it is not a valid value. A date in the past means zero.
    public static func parse(_ value: String, now: Date = Date()) -> Duration? {
        let trimmed = value.trimmingBlanks()
        if let seconds = Int(trimmed) { return seconds >= 0 ? .seconds(seconds) : nil }
        guard let seconds = imfFixdateSeconds(trimmed) else { return nil }
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        return .milliseconds(max(0, Int64(date.timeIntervalSince(now) * 1000)))
    }

    /// Seconds since 1970 of an IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`, or nil if `text` is not one.
    /// Names are matched as RFC 9110 spells them; the day name is not checked against the date.
    static func imfFixdateSeconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 29, bytes[3] == UInt8(ascii: ","), String(decoding: bytes[25...], as: UTF8.self) == " GMT"
        else { return nil }
        for (index, byte) in bytes.enumerated() where [4, 7, 11, 16].contains(index) {
            guard byte == UInt8(ascii: " ") else { return nil }
        }
        guard bytes[19] == UInt8(ascii: ":"), bytes[22] == UInt8(ascii: ":") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let dayName = String(decoding: bytes[0..<3], as: UTF8.self)
        let monthName = String(decoding: bytes[8..<11], as: UTF8.self)
        guard ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].contains(dayName),
            let monthIndex = months.firstIndex(of: monthName),
            let day = number(5..<7), let year = number(12..<16),
            let hour = number(17..<19), let minute = number(20..<22), let second = number(23..<25),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let month = Int64(monthIndex + 1)
        guard day >= 1, day <= daysInMonth(month, year: year) else { return nil }
        return daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func daysInMonth(_ month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (the days-from-civil algorithm).
    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
