import Foundation
import Testing
import WireFormat

@testable import Transport

@Suite struct RetryAfterTests {
    @Test func seconds() {
        #expect(RetryAfter.parse("2") == .seconds(2))
        #expect(RetryAfter.parse(" 0 ") == .zero)
        #expect(RetryAfter.parse("-1") == nil)
        #expect(RetryAfter.parse("soon") == nil)
    }

    @Test func httpDate() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        #expect(RetryAfter.parse("Tue, 14 Nov 2023 22:13:25 GMT", now: now) == .seconds(5))
        #expect(RetryAfter.parse("Tue, 14 Nov 2023 22:00:00 GMT", now: now) == .zero)
        #expect(RetryAfter.parse("\tTue, 14 Nov 2023 22:13:25 GMT ", now: now) == .seconds(5))
    }

    /// The one HTTP-date parser (``CivilTime``) agrees with Foundation's `DateFormatter` (en_US_POSIX, GMT) on
    /// IMF-fixdates across centuries, and its seconds and fields convert both ways.
    @Test func imfFixdateMatchesDateFormatter() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        var seconds: Int64 = -2_000_000_000
        while seconds < 8_000_000_000 {
            let text = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(CivilTime.httpDateSeconds(text) == seconds, "\(text)")
            #expect(CivilTime.secondsSince1970(CivilTime.fields(secondsSince1970: seconds)) == seconds)
            seconds += 7_777_777
        }
        #expect(CivilTime.httpDateSeconds("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(CivilTime.httpDateSeconds("Thu, 29 Feb 2024 23:59:59 GMT") == 1_709_251_199)
        #expect(CivilTime.httpDateSeconds("Sat, 01 Jan 2000 00:00:00 GMT") == 946_684_800)
    }

    @Test(arguments: [
        "Tue, 31 Nov 2023 22:13:25 GMT", "Wed, 29 Feb 2023 00:00:00 GMT", "Tue, 00 Nov 2023 22:13:25 GMT",
        "Tue, 14 Nov 2023 24:00:00 GMT", "Tue, 14 Nov 2023 22:60:00 GMT", "Tue, 14 Nov 2023 22:13:60 GMT",
        "Tue, 14 Nov 2023 22:13:25 UTC", "Tue, 14 Nov 2023 22:13:25", "Tue, 14 Nov 2023 22:13:2x GMT",
        "Xyz, 14 Nov 2023 22:13:25 GMT", "Tue, 14 Abc 2023 22:13:25 GMT", "Tue,14 Nov 2023 22:13:25 GMT ",
        "Tuesday, 14-Nov-23 22:13:25 GMT", "Tue Nov 14 22:13:25 2023", "Tue, 14 Nov 2023 22.13.25 GMT",
    ])
    func notAnIMFFixdate(text: String) {
        #expect(CivilTime.httpDateSeconds(text) == nil)
        #expect(RetryAfter.parse(text) == nil)
    }
}
