import Testing

@testable import CaptureFormat

/// A normalized inference time read as seconds since 1970, its offset applied and its fraction dropped; the expected
/// values are Python's `datetime.fromisoformat`.
struct InferenceTimeSecondsTests {
    @Test(
        arguments: [
            ("1970-01-01T00:00:00Z", 0),
            ("2024-02-29T23:59:59.999Z", 1_709_251_199),
            ("2024-01-19T19:27:32+02:00", 1_705_685_252),
            ("2024-01-19T19:27:32-05:30", 1_705_712_252),
            ("1969-12-31T23:59:59Z", -1),
            ("2000-03-01T00:00:00Z", 951_868_800),
            ("2100-03-01T12:00:00+00:00", 4_107_585_600),
            ("0001-01-01T00:00:00Z", -62_135_596_800),
        ] as [(String, Int64)])
    func secondsOfANormalizedTime(time: String, seconds: Int64) {
        #expect(InferenceTime.secondsSince1970(time) == seconds)
    }

    @Test func aCapturedTimeGivesTheSameSecondsAsItsNormalizedForm() throws {
        let normalized = try #require(InferenceTime.normalized("2024-01-19 19:27:32.5"))
        #expect(normalized == "2024-01-19T19:27:32.5Z")
        #expect(InferenceTime.secondsSince1970(normalized) == 1_705_692_452)
    }

    @Test(arguments: ["", "2024-01-19", "not a time at all, really", "{%s}"])
    func otherTextHasNoSeconds(text: String) {
        #expect(InferenceTime.secondsSince1970(text) == nil)
    }
}
