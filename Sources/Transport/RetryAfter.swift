import WireFormat

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
        guard let seconds = CivilTime.httpDateSeconds(trimmed) else { return nil }
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        return .milliseconds(max(0, Int64(date.timeIntervalSince(now) * 1000)))
    }
}
