/// Tests of the line rewritten for Arthur when a side was BASE64: only that side's `data` and `encoding` change,
/// everything else stays byte for byte, and the rewritten line reads back to the same inferences.

import CaptureFormat
import Testing

struct ArthurReencodingTests {
    typealias Fixture = CaptureLineFixture

    private func reencoded(_ line: String) throws -> String? {
        Fixture.expectValidateAgreesWithParse(line)
        return try Fixture.parse(line).reencodedForArthur.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func leavesLinesWithoutBASE64Alone() throws {
        #expect(try reencoded(Fixture.line(input: Fixture.csv("1"), output: Fixture.json("[2]"))) == nil)
    }

    @Test func decodesABASE64InputSideInPlace() throws {
        let line =
            #"{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":"MSwyLDMKNCw1LDYK","encoding":"BASE64"},"#
            + #""endpointOutput":{"observedContentType":"text/csv","mode":"OUTPUT","data":"0.1\n0.9","encoding":"CSV"}},"#
            + #""eventMetadata":{"eventId":"E","inferenceTime":"T","customAttributes":"x"},"eventVersion":"0"}"#
        let expected =
            #"{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":"1,2,3\n4,5,6\n","encoding":"CSV"},"#
            + #""endpointOutput":{"observedContentType":"text/csv","mode":"OUTPUT","data":"0.1\n0.9","encoding":"CSV"}},"#
            + #""eventMetadata":{"eventId":"E","inferenceTime":"T","customAttributes":"x"},"eventVersion":"0"}"#
        #expect(try reencoded(line) == expected)
    }

    @Test func decodesBothSidesWhateverTheKeyOrderAndSpacing() throws {
        let output = Base64.encode(Array(#"{"predictions":[{"label":"a\"b"}]}"#.utf8))
        let line =
            #" { "eventMetadata" : {"eventId":"E","inferenceTime":"T"}, "captureData" : { "endpointOutput" : "#
            + #"{ "encoding" : "BASE64" , "data" : "\#(output)" , "observedContentType" : "application/json; charset=utf-8" }, "#
            + #""endpointInput" : { "data" : "WzEsMl0=", "encoding" : "BASE64", "observedContentType" : "application/jsonlines" } } }"#
            + "\r"
        let expected =
            #"{ "eventMetadata" : {"eventId":"E","inferenceTime":"T"}, "captureData" : { "endpointOutput" : "#
            + #"{ "encoding" : "JSON" , "data" : "{\"predictions\":[{\"label\":\"a\\\"b\"}]}" , "observedContentType" : "application/json; charset=utf-8" }, "#
            + #""endpointInput" : { "data" : "[1,2]", "encoding" : "JSON", "observedContentType" : "application/jsonlines" } } }"#
        #expect(try reencoded(line) == expected)
    }

    @Test func rewritesTheLastOfRepeatedKeysAsArthurReadsThem() throws {
        let line =
            #"{"captureData":{"endpointInput":{"observedContentType":"text/csv","data":"MQ==","encoding":"CSV","data":"Mg==","encoding":"BASE64"},"#
            + #""endpointOutput":{"data":"9","encoding":"CSV"}},"eventMetadata":{"eventId":"E","inferenceTime":"T"}}"#
        let expected =
            #"{"captureData":{"endpointInput":{"observedContentType":"text/csv","data":"MQ==","encoding":"CSV","data":"2","encoding":"CSV"},"#
            + #""endpointOutput":{"data":"9","encoding":"CSV"}},"eventMetadata":{"eventId":"E","inferenceTime":"T"}}"#
        #expect(try reencoded(line) == expected)
    }

    @Test(arguments: [
        (Fixture.base64("a,\"b\nc\"\r\nd,e\n", "text/csv"), Fixture.base64("0.1,0.2", "text/csv")),
        (
            Fixture.base64("{\"features\":[1,\"\u{e9}\"]}\n{\"features\":[2,\"\\u0001\"]}", "application/jsonl"),
            Fixture.base64("[0.5]\n[0.7]", "application/x-jsonlines")
        ),
        (Fixture.base64(#"{"instances":[{"a":1}]}"#, "application/json"), Fixture.csv("x")),
    ])
    func rewritesLinesThatReadBackToTheSameInferences(input: JSONValue, output: JSONValue) throws {
        let original = try Fixture.parse(Fixture.line(input: input, output: output))
        let rewritten = try #require(original.reencodedForArthur)
        let reread = try CaptureLineParser.parse(rewritten, lineNumber: 1)
        #expect(reread.inferences == original.inferences)
        #expect(reread.reencodedForArthur == nil)
        #expect(!original.inferences.isEmpty)
    }
}
