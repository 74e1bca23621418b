import Platform

/// Timestamps for log lines.
///
/// Log timestamps: UTC, ISO 8601 with milliseconds (`2024-01-19T19:27:57.123Z`), made with the C library
/// rather than a date formatter, since every log line needs one.
enum LogTimestamp {
    /// The current time.
    static func now() -> String {
        let now = Platform.now()
        return format(seconds: now.seconds, milliseconds: now.nanoseconds / 1_000_000)
    }

    /// `seconds` since 1970 plus `milliseconds`, in UTC.
    static func format(seconds: Int, milliseconds: Int) -> String {
        let date = Platform.utcDate(seconds: seconds)
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))"
            + "T\(pad(date.hour, 2)):\(pad(date.minute, 2)):\(pad(date.second, 2))"
            + ".\(pad(milliseconds, 3))Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
