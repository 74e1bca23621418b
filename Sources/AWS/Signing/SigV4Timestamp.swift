import WireFormat

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A signing time.
///
/// The two renderings of the signing time SigV4 uses, in UTC: `20150830T123600Z` and `20150830`.
///
/// Computed from the epoch seconds by ``CivilTime``, so no formatter or locale is involved.
struct SigV4Timestamp: Sendable, Equatable {
    /// `yyyyMMdd'T'HHmmss'Z'`.
    let dateTime: String
    /// `yyyyMMdd`.
    let date: String

    init(_ instant: Date) {
        let time = CivilTime.fields(secondsSince1970: Int64(instant.timeIntervalSince1970.rounded(.down)))
        let two = { CivilTime.padded($0, 2) }
        date = CivilTime.padded(time.year, 4) + two(time.month) + two(time.day)
        dateTime = date + "T" + two(time.hour) + two(time.minute) + two(time.second) + "Z"
    }
}
