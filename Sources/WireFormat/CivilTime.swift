/// UTC calendar arithmetic without a calendar, a locale or Foundation: proleptic Gregorian dates and times to
/// seconds since 1970 and back (Howard Hinnant's days-from-civil and civil-from-days), and the HTTP date.
///
/// The one place the project does date arithmetic: inference and ground-truth times, SigV4's signing time and
/// `Retry-After` all use it.
public enum CivilTime {
    /// A UTC date and time of day, to the second.
    public struct Fields: Sendable, Equatable {
        public var year: Int
        public var month: Int
        public var day: Int
        public var hour: Int
        public var minute: Int
        public var second: Int

        /// The fields as given (not checked; see ``CivilTime/isValid(_:)``).
        public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
            (self.year, self.month, self.day) = (year, month, day)
            (self.hour, self.minute, self.second) = (hour, minute, second)
        }
    }

    /// True when `fields` name a real date (year 1 or later) and time of day.
    public static func isValid(_ fields: Fields) -> Bool {
        fields.year >= 1 && (1...12).contains(fields.month) && fields.day >= 1
            && fields.day <= daysIn(month: fields.month, year: fields.year) && (0...23).contains(fields.hour)
            && (0...59).contains(fields.minute) && (0...59).contains(fields.second)
    }

    /// The days of `month` (1–12) in `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z of `fields`.
    public static func secondsSince1970(_ fields: Fields) -> Int64 {
        let year = fields.month <= 2 ? fields.year - 1 : fields.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (fields.month + (fields.month > 2 ? -3 : 9)) + 2) / 5 + fields.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = Int64(era * 146_097 + dayOfEra - 719_468)
        return days * 86_400 + Int64(fields.hour * 3600 + fields.minute * 60 + fields.second)
    }

    /// The UTC fields of `seconds` since 1970-01-01T00:00:00Z.
    public static func fields(secondsSince1970 seconds: Int64) -> Fields {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let shifted = Int(days) + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return Fields(
            year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month,
            day: dayOfYear - (153 * monthIndex + 2) / 5 + 1, hour: secondOfDay / 3600,
            minute: secondOfDay / 60 % 60, second: secondOfDay % 60)
    }

    /// `value` in decimal, padded with zeros to `width` digits.
    public static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Seconds since 1970 of an HTTP date in the IMF-fixdate form (RFC 9110 §5.6.7), `Sun, 06 Nov 1994 08:49:37 GMT`,
    /// as `Retry-After` and S3's `Last-Modified` write it; nil for any other text. Names are matched as RFC 9110
    /// spells them; the day name is not checked against the date.
    public static func httpDateSeconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 29, bytes[3] == UInt8(ascii: ","), String(decoding: bytes[25...], as: UTF8.self) == " GMT"
        else { return nil }
        for index in [4, 7, 11, 16] where bytes[index] != UInt8(ascii: " ") { return nil }
        guard bytes[19] == UInt8(ascii: ":"), bytes[22] == UInt8(ascii: ":") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte.isDigit else { return nil }
                value = value * 10 + Int(byte - .zero)
            }
            return value
        }
        let dayName = String(decoding: bytes[0..<3], as: UTF8.self)
        let monthName = String(decoding: bytes[8..<11], as: UTF8.self)
        guard ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].contains(dayName),
            let monthIndex = months.firstIndex(of: monthName), let day = number(5..<7), let year = number(12..<16),
            let hour = number(17..<19), let minute = number(20..<22), let second = number(23..<25)
        else { return nil }
        let fields = Fields(year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second)
        return isValid(fields) ? secondsSince1970(fields) : nil
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}
