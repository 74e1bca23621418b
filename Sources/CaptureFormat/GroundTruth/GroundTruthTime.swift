// The time a ground-truth record is given (Model Monitor's records carry none of their own): UTC RFC 3339 from
// `groundTruthTime` or `inferenceTime` when the record has one, else the hour its path names
// (`…/yyyy/mm/dd/hh/`), else the file's or object's last-modified time.

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
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        // The civil-from-days algorithm.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(yearText)-\(two(Int(month)))-\(two(Int(day)))T\(two(secondOfDay / 3600)):"
            + "\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))\(fraction)Z"
    }

    /// An HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`, as S3's `Last-Modified`) as UTC RFC 3339, or nil.
    public static func httpDate(_ text: String) -> String? {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let month = months.firstIndex(of: String(parts[2])),
            parts[1].count == 2, parts[3].count == 4, parts[4].count == 8
        else { return nil }
        return utc("\(parts[3])-\(month < 9 ? "0" : "")\(month + 1)-\(parts[1])T\(parts[4])Z")
    }
}
