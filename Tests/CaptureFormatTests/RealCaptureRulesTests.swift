// The rules revised after running the tool on capture files SageMaker users have published (SPEC "From a line to
// inferences"): flat arrays read by what they pair with, N scores in one row, columnar JSON, mislabelled BASE64
// text, time validation and normalization, ids over 255 characters, named values that use Arthur's layout keys.
// Each case states its inferences or its exact message; the real line it comes from is in
// Tests/Fixtures/real-captures.

import CaptureFormat
import Testing
import WireFormat

struct RealCaptureRulesTests {
    typealias Fixture = CaptureLineFixture

    /// The inputs and outputs of a line's inferences, as compact JSON text.
    private func pairs(_ input: JSONValue, _ output: JSONValue) throws -> [String] {
        let line = Fixture.line(input: input, output: output)
        Fixture.expectValidateAgreesWithParse(line)
        return try Fixture.parse(line).inferences.map {
            JSONWriter.string($0.inputs) + " -> " + JSONWriter.string($0.outputs)
        }
    }

    @Test(arguments: [
        // TensorFlow Serving: a bare feature vector is one row, answered by one prediction.
        (
            Fixture.json("[0.19539, 0.0, 7.54]"), Fixture.json(#"{"predictions":[[25.5]]}"#),
            [#"[0.19539,0.0,7.54] -> [25.5]"#]
        ),
        // A text batch: N texts answered by N rows.
        (
            Fixture.json(#"["a","b","c"]"#), Fixture.json(#"{"predictions":[[1],[0],[1]]}"#),
            [#"["a"] -> [1]"#, #"["b"] -> [0]"#, #"["c"] -> [1]"#]
        ),
        // N rows answered by a flat array of N scores.
        (Fixture.csv("1,2\n3,4\n"), Fixture.json("[0.1,0.9]"), [#"["1","2"] -> [0.1]"#, #"["3","4"] -> [0.9]"#]),
        // Two flat arrays of the same length pair value by value.
        (Fixture.json("[1,2]"), Fixture.json("[0.1,0.9]"), ["[1] -> [0.1]", "[2] -> [0.9]"]),
        // A flat array answered by one row of probabilities stays one row.
        (Fixture.json("[1,2,3]"), Fixture.json("[0.1,0.9]"), ["[1,2,3] -> [0.1,0.9]"]),
        // N scores in one row, in CSV and in JSON.
        (
            Fixture.csv("1\n2\n3\n"), Fixture.csv("0.1,0.2,0.3"),
            [#"["1"] -> ["0.1"]"#, #"["2"] -> ["0.2"]"#, #"["3"] -> ["0.3"]"#]
        ),
        (
            Fixture.csv("1\n2\n"), Fixture.json(#"{"predictions":[[0.1,0.2]]}"#),
            [#"["1"] -> [0.1]"#, #"["2"] -> [0.2]"#]
        ),
        // Columnar JSON (pandas orient="list") paired with N rows, with N scores, and with columnar JSON.
        (
            Fixture.json(#"{"age":[30,40],"job":["a","b"]}"#), Fixture.csv("0.1\n0.9\n"),
            [#"{"age":30,"job":"a"} -> ["0.1"]"#, #"{"age":40,"job":"b"} -> ["0.9"]"#]
        ),
        (
            Fixture.json(#"{"age":[30,40]}"#), Fixture.csv("0.1,0.9"),
            [#"{"age":30} -> ["0.1"]"#, #"{"age":40} -> ["0.9"]"#]
        ),
        (
            Fixture.json(#"{"x":[1,2]}"#), Fixture.json(#"{"y":[3,4]}"#),
            [#"{"x":1} -> {"y":3}"#, #"{"x":2} -> {"y":4}"#]
        ),
        // An embedding is a value, not a batch: one map row.
        (Fixture.json(#"{"embedding":[0.1,0.2,0.3]}"#), Fixture.csv("1"), [#"{"embedding":[0.1,0.2,0.3]} -> ["1"]"#]),
        // A JSON answer labelled text/html, captured as BASE64.
        (
            Fixture.csv("1,2"), Fixture.base64(#"{"score":0.5}"#, "text/html; charset=utf-8"),
            [#"["1","2"] -> {"score":0.5}"#]
        ),
    ])
    func readsSidesByWhatTheyPairWith(input: JSONValue, output: JSONValue, expected: [String]) throws {
        #expect(try pairs(input, output) == expected)
    }

    @Test func reportsARelabelledSide() throws {
        let line = Fixture.line(
            input: Fixture.csv("1"), output: Fixture.base64(#"{"score":0.5}"#, "text/html; charset=utf-8"))
        let relabellings = try Fixture.parse(line).relabellings
        #expect(relabellings.map(\.description) == ["endpointOutput labelled text/html holds JSON; read as JSON"])
        #expect(try CaptureLineParser.validate(Array(line.utf8)).relabellings == relabellings)
    }

    @Test(arguments: [
        (
            Fixture.csv("1"), Fixture.base64("\u{89}PNG not json", "image/png"),
            "endpointOutput is BASE64 of type image/png: only text/csv and JSON types can be sent to Arthur"
        ),
        (
            Fixture.csv("1\n2\n3\n"), Fixture.json("[0.1,0.9]"),
            "endpointInput has 3 rows but endpointOutput has 1: each input row needs one output row"
        ),
        (
            Fixture.json(#"{"age":[30,40,50]}"#), Fixture.csv("1\n2\n"),
            "endpointInput has 1 rows but endpointOutput has 2: each input row needs one output row"
        ),
        (
            // Found by the fuzzer: a document that is a lone wrapper is a row of named values (the document rules).
            Fixture.side("application/jsonlinez", #"{"features":[28,2]}"#, "JSON"), Fixture.csv("1"),
            "endpointInput row 1 names a value \"features\": Arthur reads instances, predictions, features and "
                + "probabilities as its layout, so named values cannot use these keys; rename the field"
        ),
        (
            Fixture.json(#"{"features":[1,2],"id":7}"#), Fixture.csv("1"),
            "endpointInput row 1 names a value \"features\": Arthur reads instances, predictions, features and "
                + "probabilities as its layout, so named values cannot use these keys; rename the field"
        ),
        (
            Fixture.csv("1\n2"), Fixture.json(#"{"predictions":[{"label":1},{"label":0,"probabilities":[0.4]}]}"#),
            "endpointOutput row 2 names a value \"probabilities\": Arthur reads instances, predictions, features and "
                + "probabilities as its layout, so named values cannot use these keys; rename the field"
        ),
    ])
    func rejectsWithItsWords(input: JSONValue, output: JSONValue, message: String) throws {
        let line = Fixture.line(input: input, output: output)
        Fixture.expectValidateAgreesWithParse(line)
        let reason = try #require(Fixture.rejection(line))
        #expect(CaptureRejection(reason).description == message)
    }

    @Test(arguments: [
        ("2024-01-19T19:27:57Z", "2024-01-19T19:27:57Z"),
        ("2024-01-19 19:27:57", "2024-01-19T19:27:57Z"),
        ("2024-01-19T19:27:57.5", "2024-01-19T19:27:57.5Z"),
        ("2024-01-19T19:27:57.123456789+05:30", "2024-01-19T19:27:57.123456789+05:30"),
        ("2024-02-29T00:00:00-00:00", "2024-02-29T00:00:00-00:00"),
        ("2000-02-29 23:59:59Z", "2000-02-29T23:59:59Z"),
    ])
    func normalizesTimes(captured: String, normalized: String) throws {
        let line = Fixture.line(
            input: Fixture.csv("1"), output: Fixture.csv("2"), metadata: Fixture.metadata(time: captured))
        Fixture.expectValidateAgreesWithParse(line)
        #expect(try Fixture.parse(line).inferences.map(\.timestamp) == [normalized])
    }

    @Test(arguments: [
        "{%s}", "T", "2024-01-19", "2024-01-19T19:27", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z", "2024-01-19T24:00:00Z", "2024-01-19T19:60:00Z", "2024-01-19T19:27:60Z",
        "2024-01-19T19:27:57.Z", "2024-01-19T19:27:57+0530", "2024-01-19T19:27:57+24:00", "2024-01-19t19:27:57z",
        "2024-01-19T19:27:57 UTC", "0000-01-01T00:00:00Z", "１９９９-01-19T19:27:57Z", "1705692477",
    ])
    func rejectsTimesThatAreNotISO8601(captured: String) throws {
        let line = Fixture.line(
            input: Fixture.csv("1"), output: Fixture.csv("2"), metadata: Fixture.metadata(time: captured))
        Fixture.expectValidateAgreesWithParse(line)
        let reason = try #require(Fixture.rejection(line))
        #expect(reason == .invalidTime(captured))
        #expect(
            CaptureRejection(reason).description
                == "eventMetadata.inferenceTime \"\(captured)\" is not an ISO 8601 date-time such as "
                + "2024-01-19T19:27:57Z: Arthur needs the real time of the inference; fix what wrote this line")
    }

    @Test func limitsIdsToArthursLength() throws {
        func line(_ id: String, rows: Int) -> String {
            Fixture.line(
                input: Fixture.csv(String(repeating: "1\n", count: rows)),
                output: Fixture.csv(String(repeating: "2\n", count: rows)),
                metadata: Fixture.metadata(eventID: "evt", inferenceID: id))
        }
        #expect(Fixture.rejection(line(String(repeating: "é", count: 255), rows: 1)) == nil)
        #expect(Fixture.rejection(line(String(repeating: "a", count: 253), rows: 10)) == nil)  // …_9: 255
        #expect(Fixture.rejection(line(String(repeating: "a", count: 253), rows: 11)) == .idTooLong(length: 256))
        let tooLong = line(String(repeating: "a", count: 256), rows: 1)
        Fixture.expectValidateAgreesWithParse(tooLong)
        let reason = try #require(Fixture.rejection(tooLong))
        #expect(
            CaptureRejection(reason).description
                == "partner inference id of 256 characters is over Arthur's limit of 255: shorten the InferenceId "
                + "the endpoint's callers send")
    }

    @Test(arguments: [
        (#"[{"prefix":"s3://b/out/"},"part-0.csv.out","part-1.csv.out"]"#, true),
        ("[\n  {\n    \"prefix\": \"s3://b/out/\"\n  },\n  \"part-0.csv.out\"\n]\n", true),
        (#"[{"captureData":{}}]"#, false),
        (#"{"prefix":"s3://b/"}"#, false),
        (#"[{"prefix":"s3://b/"}"#, false),
        ("[]", false),
    ])
    func recognizesBatchTransformManifests(text: String, isManifest: Bool) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBytes { BatchTransformManifest.isManifest($0) } == isManifest)
    }
}
