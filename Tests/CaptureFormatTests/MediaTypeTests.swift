import CaptureFormat
import Testing

/// Tests of `MediaType` parsing and of the payload format each media type selects.
struct MediaTypeTests {
    @Test(arguments: [
        ("text/csv", "text/csv"),
        ("text/csv; charset=utf-8", "text/csv"),
        ("Application/JSON", "application/json"),
        ("  application/jsonlines ;x=y", "application/jsonlines"),
        ("\tIMAGE/JPEG\t", "image/jpeg"),
        ("application/jsonlines\n", "application/jsonlines"),
        ("\r\ntext/csv \n; charset=utf-8", "text/csv"),
        ("application/vnd.amazon+json;a=b;c=d", "application/vnd.amazon+json"),
    ])
    func parsesTypeAndSubtype(text: String, expected: String) {
        #expect(MediaType(text)?.description == expected)
    }

    @Test(arguments: ["", "csv", "/csv", "text/", "text /csv", "text/\ncsv", "a/b/c", "; charset=utf-8"])
    func rejectsMalformedTypes(text: String) {
        #expect(MediaType(text) == nil)
    }

    @Test(arguments: [
        ("text/csv", PayloadFormat.csv as PayloadFormat?),
        ("TEXT/CSV; charset=utf-8", .csv),
        ("application/json", .json),
        ("application/jsonlines", .jsonLines),
        ("application/x-jsonlines", .jsonLines),
        ("application/jsonl", .jsonLines),
        ("image/jpeg", nil),
        ("application/x-npy", nil),
        ("application/x-protobuf", nil),
        ("text/plain", nil),
    ])
    func selectsPayloadFormats(text: String, expected: PayloadFormat?) throws {
        let mediaType = try #require(MediaType(text))
        #expect(PayloadFormat(mediaType) == expected)
    }
}
