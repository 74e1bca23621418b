import LambdaEvents
import Testing

/// Keys in S3 notifications are form-URL-encoded: `+` is a space, `%XX` a byte, the bytes UTF-8.
struct FormURLDecodingTests {
    @Test(arguments: [
        ("plain/key.jsonl", "plain/key.jsonl"),
        ("my+capture+file.jsonl", "my capture file.jsonl"),
        ("a%20b", "a b"),
        ("c%2B%2Bruntime", "c++runtime"),
        ("caf%C3%A9-%E6%97%A5%E6%9C%AC", "café-日本"),
        ("10%3A47%3A07%3Dx", "10:47:07=x"),
        ("%2b%2B+", "++ "),
        ("%2528copy%2529", "%28copy%29"),
        ("", ""),
    ])
    func decodes(encoded: String, decoded: String) {
        #expect(FormURLDecoding.decode(encoded) == decoded)
    }

    @Test(arguments: ["100%", "100%.jsonl", "%zz", "%4", "%C3", "%FF%FE"])
    func refusesWhatS3WouldNeverSend(encoded: String) {
        #expect(FormURLDecoding.decode(encoded) == nil)
    }
}
