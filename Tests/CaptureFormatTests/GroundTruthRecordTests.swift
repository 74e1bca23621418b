import CaptureFormat
import Testing
import WireFormat

/// Ground-truth records read, keyed by a model's ground-truth attributes and timed, with the exact reasons of what
/// is refused.
struct GroundTruthRecordTests {
    static func record(_ line: String) throws(GroundTruthRejection) -> GroundTruthRecord {
        let bytes = Array(line.utf8)
        return try bytes.withUnsafeBytes { bytes in
            Result { () throws(GroundTruthRejection) in try GroundTruthRecord(line: bytes) }
        }.get()
    }

    static func isGroundTruth(_ line: String) -> Bool {
        var line = line
        return line.withUTF8 { GroundTruthRecord.isGroundTruth(UnsafeRawBufferPointer($0)) }
    }

    static func attribute(_ name: String, _ type: String, stage: String = "GROUND_TRUTH", position: Int = 0)
        -> ModelAttribute
    {
        ModelAttribute(name: name, valueType: type, stage: stage, position: position)
    }

    static let oneLabel = ModelSchema(attributes: [
        attribute("age", "INTEGER", stage: "PIPELINE_INPUT"), attribute("score", "FLOAT", stage: "PREDICTED_VALUE"),
        attribute("label", "INTEGER"),
    ])
    static let classes = ModelSchema(attributes: [
        attribute("gt_yes", "INTEGER", stage: "GROUND_TRUTH_CLASS", position: 1),
        attribute("gt_no", "INTEGER", stage: "GROUND_TRUTH_CLASS", position: 0),
    ])

    static func line(_ data: String, encoding: String = "CSV", type: String? = nil, id: String = "abc") -> String {
        let typeField = type.map { #","observedContentType":"\#($0)""# } ?? ""
        return #"{"groundTruthData":{"data":"\#(data)","encoding":"\#(encoding)"\#(typeField)},"#
            + #""eventMetadata":{"eventId":"\#(id)"},"eventVersion":"0"}"#
    }

    /// (schema, line) → the items' `id data`, or the reason.
    static func keyed(_ schema: ModelSchema, _ line: String) -> [String] {
        do throws(GroundTruthRejection) {
            let record = try record(line)
            return try schema.groundTruthItems(record, timestamp: "2024-01-20T08:00:00Z", line: 1).map {
                "\($0.partnerInferenceID) \(JSONWriter.string($0.data))"
            }
        } catch {
            return [error.description]
        }
    }

    @Test(arguments: [
        (#"{"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":{"eventId":"a"}}"#, true),
        (#"{"eventMetadata":{"eventId":"a"},"groundTruthData":{"data":"1","encoding":"CSV"}}"#, true),
        (#"{"captureData":{},"groundTruthData":{"data":"1"},"eventMetadata":{}}"#, false),
        (#"{"captureData":{"endpointInput":{"data":"\"groundTruthData\""}}}"#, false),
        (#"{"eventMetadata":{"eventId":"a"}}"#, false),
    ])
    func kindIsReadFromTheLine(line: String, isGroundTruth: Bool) {
        #expect(Self.isGroundTruth(line) == isGroundTruth)
    }

    @Test(arguments: [
        // A single value to the single attribute; CSV text typed by it.
        (oneLabel, line("1"), [#"abc {"label":1}"#]),
        (oneLabel, line("1.0"), [#"abc {"label":1.0}"#]),
        (oneLabel, line(#"\"\""#), [#"abc {"label":null}"#]),
        (oneLabel, line(""), ["groundTruthData holds no value"]),
        (oneLabel, line("1", encoding: "JSON"), [#"abc {"label":1}"#]),
        // N rows: `_0`, `_1`…
        (oneLabel, line(#"1\n0\n"#), [#"abc_0 {"label":1}"#, #"abc_1 {"label":0}"#]),
        (oneLabel, line(#"[1,0]"#, encoding: "JSON"), [#"abc_0 {"label":1}"#, #"abc_1 {"label":0}"#]),
        (
            oneLabel, line(#"{\"predictions\":[1,0,1]}"#, encoding: "JSON"),
            [
                #"abc_0 {"label":1}"#, #"abc_1 {"label":0}"#, #"abc_2 {"label":1}"#,
            ]
        ),
        (
            oneLabel, line(#"{\"label\":1}\n{\"label\":0}"#, encoding: "JSON", type: "application/jsonlines"),
            [
                #"abc_0 {"label":1}"#, #"abc_1 {"label":0}"#,
            ]
        ),
        // BASE64, read by its type, else as JSON when it holds JSON, else as CSV.
        (oneLabel, line("MQ==", encoding: "BASE64", type: "text/csv"), [#"abc {"label":1}"#]),
        (oneLabel, line("eyJsYWJlbCI6MX0=", encoding: "BASE64"), [#"abc {"label":1}"#]),
        (oneLabel, line("MQowCg==", encoding: "BASE64"), [#"abc_0 {"label":1}"#, #"abc_1 {"label":0}"#]),
        // Ordered values by position, named values by name.
        (classes, line("0,1"), [#"abc {"gt_no":0,"gt_yes":1}"#]),
        (classes, line(#"{\"gt_yes\":1,\"gt_no\":0}"#, encoding: "JSON"), [#"abc {"gt_no":0,"gt_yes":1}"#]),
        (classes, line(#"[0,1]"#, encoding: "JSON"), [#"abc {"gt_no":0,"gt_yes":1}"#]),
        // Refusals, exactly.
        (oneLabel, line("1,0"), ["groundTruthData row 1: 2 values, model expects 1 ground-truth attribute (label)"]),
        (
            oneLabel, line("yes"),
            [#"groundTruthData row 1: label is "yes", model expects an integer (INTEGER)"#]
        ),
        (
            oneLabel, line(#"{\"lable\":1}"#, encoding: "JSON"),
            [
                #"groundTruthData row 1: unknown attribute "lable", missing attribute "label", "#
                    + "model expects 1 ground-truth attribute (label)"
            ]
        ),
        (
            classes, line("1"),
            ["groundTruthData row 1: 1 value, model expects 2 ground-truth attributes (gt_no, gt_yes)"]
        ),
        (
            ModelSchema(attributes: [attribute("age", "INTEGER", stage: "PIPELINE_INPUT")]), line("1"),
            [
                "the model declares no ground-truth attributes (stage GROUND_TRUTH or GROUND_TRUTH_CLASS): "
                    + "its ground truth cannot be keyed"
            ]
        ),
        (
            oneLabel, line("1", encoding: "XML"),
            [#"groundTruthData has encoding "XML": only CSV, JSON and BASE64 are known"#]
        ),
        (oneLabel, line("%%%", encoding: "BASE64"), ["groundTruthData is BASE64 but its data is not valid base64"]),
        (oneLabel, line("", encoding: "JSON"), ["groundTruthData holds no value"]),
        (
            oneLabel, line("1", id: String(repeating: "x", count: 256)),
            ["partner inference id is 256 characters long: Arthur accepts at most 255"]
        ),
        (
            oneLabel, #"{"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":{}}"#,
            ["eventMetadata.eventId missing or not a non-empty string: it is the inference's id"]
        ),
        (
            oneLabel, #"{"groundTruthData":{"encoding":"CSV"},"eventMetadata":{"eventId":"a"}}"#,
            ["groundTruthData.data missing"]
        ),
        (
            oneLabel,
            #"{"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":{"eventId":"a","groundTruthTime":"{%s}"}}"#,
            [#"eventMetadata.groundTruthTime "{%s}" is not a date-time (YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM])"#]
        ),
    ])
    func recordsAreKeyedByTheGroundTruthAttributes(schema: ModelSchema, line: String, expected: [String]) {
        #expect(Self.keyed(schema, line) == expected)
    }

    @Test(arguments: [
        (
            #""groundTruthTime":"2024-01-20T10:15:00+02:00","inferenceTime":"2024-01-19T19:27:10Z""#,
            "2024-01-20T08:15:00Z"
        ),
        (#""inferenceTime":"2024-01-19 19:27:10.5""#, "2024-01-19T19:27:10.5Z"),
        (#""groundTruthTime":"2024-01-01T00:30:00.25+01:00""#, "2023-12-31T23:30:00.25Z"),
        (#""groundTruthTime":null"#, nil),
    ])
    func theRecordsOwnTimeIsUTC(fields: String, expected: String?) throws {
        let record = try Self.record(
            #"{"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":{"eventId":"a",\#(fields)}}"#)
        #expect(record.time == expected)
    }

    @Test(arguments: [
        ("s3://b/gt/ep/2024/01/21/07/truth.jsonl", "2024-01-21T07:00:00Z"),
        ("/data/2024/02/29/23/x.jsonl", "2024-02-29T23:00:00Z"),
        ("/data/2023/02/29/23/x.jsonl", nil),
        ("/data/2024/01/21/x.jsonl", nil),
        ("truth.jsonl", nil),
    ])
    func thePathsHour(path: String, expected: String?) {
        #expect(GroundTruthTime.hour(inPath: path) == expected)
    }

    @Test func lastModifiedTimes() {
        #expect(GroundTruthTime.httpDate("Wed, 21 Oct 2015 07:28:00 GMT") == "2015-10-21T07:28:00Z")
        #expect(GroundTruthTime.httpDate("21 Oct 2015") == nil)
        #expect(GroundTruthTime.format(secondsSince1970: 1_706_000_000) == "2024-01-23T08:53:20Z")
        #expect(GroundTruthTime.format(secondsSince1970: 951_782_400) == "2000-02-29T00:00:00Z")
    }

    @Test func itemsAreWrittenAsArthursContractAndTheDryRunSays() {
        let item = GroundTruthItem(
            partnerInferenceID: "a_1", timestamp: "2024-01-20T08:00:00Z",
            data: .object([JSONMember("label", .number("1"))]), line: 7)
        var arthur: [UInt8] = []
        item.writeArthurItem(into: &arthur)
        #expect(
            String(decoding: arthur, as: UTF8.self)
                == #"{"partner_inference_id":"a_1","ground_truth_timestamp":"2024-01-20T08:00:00Z","ground_truth_data":{"label":1}}"#
        )
        var printed: [UInt8] = []
        item.writeJSONLine(into: &printed)
        #expect(
            String(decoding: printed, as: UTF8.self)
                == #"{"partner_inference_id":"a_1","ground_truth_timestamp":"2024-01-20T08:00:00Z","ground_truth":{"label":1},"line":7}"#
                + "\n")
    }
}
