// The time a ground-truth record is given (Model Monitor's records carry none of their own): UTC RFC 3339 from
// `groundTruthTime` or `inferenceTime` when the record has one, else the hour its path names
// (`…/yyyy/mm/dd/hh/`), else the file's or object's last-modified time.

import WireFormat

/// Ground-truth timestamps, each as UTC RFC 3339.
public enum GroundTruthTime {
    /// A captured date-time (as `inferenceTime` is checked) in UTC: `Z` kept, an offset applied, the fraction kept;
    /// nil when `text` is not such a date-time.
    public static func utc(_ text: String) -> String? {
        guard let normalized = InferenceTime.normalized(text) else { return nil }
        if normalized.hasSuffix("Z") { return normalized }
        guard let seconds = InferenceTime.secondsSince1970(normalized) else { return nil }
        let body = normalized.dropLast(6)
        let fraction = body.firstIndex(of: ".").map { String(body[$0...]) } ?? ""
        return format(secondsSince1970: seconds, fraction: fraction)
    }

    /// The hour the last `/yyyy/mm/dd/hh/` of `path` names (`2024-01-19T19:00:00Z`), or nil.
    public static func hour(inPath path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 5 else { return nil }
        for end in stride(from: parts.count - 2, through: 3, by: -1) {
            let (year, month, day, hour) = (parts[end - 3], parts[end - 2], parts[end - 1], parts[end])
            guard year.count == 4, month.count == 2, day.count == 2, hour.count == 2 else { continue }
            if let time = utc("\(year)-\(month)-\(day)T\(hour):00:00Z") { return time }
        }
        return nil
    }

    /// `YYYY-MM-DDTHH:MM:SS<fraction>Z` of whole seconds since 1970.
    public static func format(secondsSince1970 seconds: Int64, fraction: String = "") -> String {
        let time = CivilTime.fields(secondsSince1970: seconds)
        let two = { CivilTime.padded($0, 2) }
        return "\(CivilTime.padded(time.year, 4))-\(two(time.month))-\(two(time.day))T\(two(time.hour)):"
            + "\(two(time.minute)):\(two(time.second))\(fraction)Z"
    }

    /// An HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`, as S3's `Last-Modified`) as UTC RFC 3339, or nil.
    public static func httpDate(_ text: String) -> String? {
        CivilTime.httpDateSeconds(text).map { format(secondsSince1970: $0) }
    }
}
