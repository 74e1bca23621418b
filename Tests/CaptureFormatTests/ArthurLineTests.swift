// Tests of the line Arthur is sent: BASE64 decoded, sides outside Arthur's one JSON layout rewritten into it, the
// time normalized; everything else byte for byte; and the line sent reads back to the same inferences and needs
// no further rewrite.

import CaptureFormat
import Foundation
import Testing
import WireFormat

struct ArthurLineTests {
    typealias Fixture = CaptureLineFixture

    /// The line sent to Arthur, nil when the captured one goes as it is; checks that it reads back to the same
    /// inferences and would not be rewritten again.
    private func reencoded(_ line: String) throws -> String? {
        Fixture.expectValidateAgreesWithParse(line)
        let original = try Fixture.parse(line)
        guard let sent = original.sentToArthur else { return nil }
        let reread = try CaptureLineParser.parse(sent, lineNumber: 1)
        #expect(reread.inferences == original.inferences)
        #expect(reread.sentToArthur == nil)
        return String(decoding: sent, as: UTF8.self)
    }

    @Test func decodesABASE64InputSideInPlace() throws {
        let line =
            #"{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":"MSwyLDMKNCw1LDYK","encoding":"BASE64"},"#
            + #""endpointOutput":{"observedContentType":"text/csv","mode":"OUTPUT","data":"0.1\n0.9","encoding":"CSV"}},"#
            + #""eventMetadata":{"eventId":"E","inferenceTime":"2024-01-19T19:27:57Z","customAttributes":"x"},"eventVersion":"0"}"#
        let expected =
            #"{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":"1,2,3\n4,5,6\n","encoding":"CSV"},"#
            + #""endpointOutput":{"observedContentType":"text/csv","mode":"OUTPUT","data":"0.1\n0.9","encoding":"CSV"}},"#
            + #""eventMetadata":{"eventId":"E","inferenceTime":"2024-01-19T19:27:57Z","customAttributes":"x"},"eventVersion":"0"}"#
        #expect(try reencoded(line) == expected)
    }

    @Test func decodesBothSidesWhateverTheKeyOrderAndSpacing() throws {
        let output = Base64.encode(Array(#"{"predictions":[{"label":"a\"b"}]}"#.utf8))
        let line =
            #" { "eventMetadata" : {"eventId":"E","inferenceTime":"2024-01-19T19:27:57Z"}, "captureData" : { "endpointOutput" : "#
            + #"{ "encoding" : "BASE64" , "data" : "\#(output)" , "observedContentType" : "application/json; charset=utf-8" }, "#
            + #""endpointInput" : { "data" : "WzEsMl0=", "encoding" : "BASE64", "observedContentType" : "application/jsonlines" } } }"#
            + "\r"
        let expected =
            #"{ "eventMetadata" : {"eventId":"E","inferenceTime":"2024-01-19T19:27:57Z"}, "captureData" : { "endpointOutput" : "#
            + #"{ "encoding" : "JSON" , "data" : "{\"predictions\":[{\"label\":\"a\\\"b\"}]}" , "observedContentType" : "application/json" }, "#
            + #""endpointInput" : { "data" : "{\"instances\":[{\"features\":[1,2]}]}", "encoding" : "JSON", "observedContentType" : "application/json" } } }"#
        #expect(try reencoded(line) == expected)
    }

    @Test func rewritesTheLastOfRepeatedKeysAsArthurReadsThem() throws {
        let line =
            #"{"captureData":{"endpointInput":{"observedContentType":"text/csv","data":"MQ==","encoding":"CSV","data":"Mg==","encoding":"BASE64"},"#
            + #""endpointOutput":{"data":"9","encoding":"CSV"}},"eventMetadata":{"eventId":"E","inferenceTime":"2024-01-19T19:27:57Z"}}"#
        let expected =
            #"{"captureData":{"endpointInput":{"observedContentType":"text/csv","data":"MQ==","encoding":"CSV","data":"2","encoding":"CSV"},"#
            + #""endpointOutput":{"data":"9","encoding":"CSV"}},"eventMetadata":{"eventId":"E","inferenceTime":"2024-01-19T19:27:57Z"}}"#
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
        let rewritten = try #require(original.sentToArthur)
        let reread = try CaptureLineParser.parse(rewritten, lineNumber: 1)
        #expect(reread.inferences == original.inferences)
        #expect(reread.sentToArthur == nil)
        #expect(!original.inferences.isEmpty)
    }

    /// The `data` strings (unescaped) of the line sent to Arthur, input first.
    private func sentData(_ line: String) throws -> (input: String, output: String)? {
        guard let sent = try reencoded(line) else { return nil }
        let value = try JSONReader.parse(sent)
        let capture = value["captureData"]
        let input = try #require(capture?["endpointInput"]?["data"]?.stringValue)
        let output = try #require(capture?["endpointOutput"]?["data"]?.stringValue)
        for side in ["endpointInput", "endpointOutput"] {
            #expect(["CSV", "JSON"].contains(capture?[side]?["encoding"]?.stringValue ?? ""))
        }
        return (input, output)
    }

    @Test func leavesLinesAlreadyInArthursLayoutAlone() throws {
        let line = Fixture.line(
            input: Fixture.json(#"{"instances":[{"features":[1,2]},{"features":[3,4]}]}"#),
            output: Fixture.json(#"{"predictions":[[0.1],[0.9]]}"#))
        #expect(try reencoded(line) == nil)
        let named = Fixture.line(
            input: Fixture.json(#"{"instances":[{"age":30,"job":"x"}]}"#),
            output: Fixture.json(#"{"predictions":[{"label":1,"score":0.5}]}"#))
        #expect(try reencoded(named) == nil)
        #expect(try reencoded(Fixture.line(input: Fixture.csv("1,2\n3,4\n"), output: Fixture.csv("0.1\n0.9\n"))) == nil)
    }

    /// Each shape Arthur's contract does not take, with the `data` it is sent as (input, output).
    @Test(arguments: [
        // JSON Lines captured with encoding JSON (Clarify-monitored endpoints).
        (
            Fixture.json("{\"features\":[1,2]}\n{\"features\":[3,4]}", "application/jsonlines"),
            Fixture.json(
                "{\"predicted_label\":1,\"score\":0.7}\n{\"predicted_label\":0,\"score\":0.2}\n",
                "application/jsonlines"),
            #"{"instances":[{"features":[1,2]},{"features":[3,4]}]}"#,
            #"{"predictions":[{"predicted_label":1,"score":0.7},{"predicted_label":0,"score":0.2}]}"#
        ),
        // JSON Lines under application/json: several values, one per line.
        (
            Fixture.json("[1,2]\n[3,4]\n"), Fixture.csv("5\n6"),
            #"{"instances":[{"features":[1,2]},{"features":[3,4]}]}"#, "5\n6"
        ),
        // TensorFlow Serving: one bare feature vector, a pretty-printed answer (already in layout, kept).
        (
            Fixture.json("[0.19539, 0.0, 7.54]"), Fixture.json("{\n    \"predictions\": [[25.5]\n    ]\n}"),
            #"{"instances":[{"features":[0.19539, 0.0, 7.54]}]}"#, "{\n    \"predictions\": [[25.5]\n    ]\n}"
        ),
        // A text batch: a flat array of N texts answered by N rows.
        (
            Fixture.json(#"["good film","bad film"]"#), Fixture.json(#"{"predictions":[{"label":1},{"label":0}]}"#),
            #"{"instances":[{"features":["good film"]},{"features":["bad film"]}]}"#,
            #"{"predictions":[{"label":1},{"label":0}]}"#
        ),
        // instances of arrays, predictions of scalars.
        (
            Fixture.json(#"{"instances":[[1,2],[3,4]]}"#), Fixture.json(#"{"predictions":[0.2,0.8]}"#),
            #"{"instances":[{"features":[1,2]},{"features":[3,4]}]}"#, #"{"predictions":[[0.2],[0.8]]}"#
        ),
        // predictions of {"probabilities":…}.
        (
            Fixture.json(#"{"instances":[{"features":[1]}]}"#),
            Fixture.json(#"{"predictions":[{"probabilities":[0.1,0.9]}]}"#),
            #"{"instances":[{"features":[1]}]}"#, #"{"predictions":[[0.1,0.9]]}"#
        ),
        // Columnar JSON (pandas orient="list") answered by a flat array of the same length.
        (
            Fixture.json(#"{"age":[30,40],"job":["a","b"]}"#), Fixture.json("[0.1, 0.9]"),
            #"{"instances":[{"age":30,"job":"a"},{"age":40,"job":"b"}]}"#, #"{"predictions":[[0.1],[0.9]]}"#
        ),
        // The N scores of an older XGBoost container on one CSV line.
        (Fixture.csv("1,2\n3,4\n5,6\n"), Fixture.csv("0.1,0.2,\"0,3\""), "1,2\n3,4\n5,6\n", "0.1\n0.2\n\"0,3\"\n"),
        // A JSON answer labelled text/html, as BASE64.
        (
            Fixture.csv("1,2"), Fixture.base64(#"{"score":0.5}"#, "text/html; charset=utf-8"),
            "1,2", #"{"predictions":[{"score":0.5}]}"#
        ),
    ])
    func rewritesSidesOutsideArthursLayout(input: JSONValue, output: JSONValue, sentInput: String, sentOutput: String)
        throws
    {
        let sent = try #require(try sentData(Fixture.line(input: input, output: output)))
        #expect(sent.input == sentInput)
        #expect(sent.output == sentOutput)
    }

    @Test func setsTheContentTypeOfARewrittenJSONSide() throws {
        let line = Fixture.line(
            input: Fixture.json("[1,2]\n[3,4]", "application/jsonlines"), output: Fixture.csv("0.1\n0.2"))
        let sent = try #require(try reencoded(line))
        #expect(sent.contains(#"{"observedContentType":"application/json","mode":"INPUT","data":"{\"instances\""#))
    }

    @Test(arguments: [
        ("2024-01-19 19:27:57", "2024-01-19T19:27:57Z"),
        ("2024-01-19T19:27:57.123456", "2024-01-19T19:27:57.123456Z"),
        ("2024-01-19 19:27:57+02:00", "2024-01-19T19:27:57+02:00"),
    ])
    func normalizesTheTimeInPlace(captured: String, sent: String) throws {
        let line = Fixture.line(
            input: Fixture.csv("1"), output: Fixture.csv("2"), metadata: Fixture.metadata(time: captured))
        let rewritten = try #require(try reencoded(line))
        #expect(rewritten == line.replacingOccurrences(of: captured, with: sent))
    }
}
