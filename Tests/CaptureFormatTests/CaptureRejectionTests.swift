import CaptureFormat
import Testing
import WireFormat

/// Tests of every way a capture line is rejected, and of the words each rejection uses.
struct CaptureRejectionTests {
    typealias Fixture = CaptureLineFixture

    private static let okInput = #"{"data":"1,2","encoding":"CSV"}"#
    private static let okOutput = #"{"data":"9","encoding":"CSV"}"#
    private static let okMetadata = #"{"eventId":"E","inferenceTime":"2024-01-19T19:27:57Z"}"#

    /// A raw line with the given JSON texts for its parts; nil leaves a part out.
    private static func raw(
        captureData: String? = nil,
        input: String? = okInput,
        output: String? = okOutput,
        metadata: String? = okMetadata
    ) -> String {
        var sides: [String] = []
        if let input { sides.append(#""endpointInput":\#(input)"#) }
        if let output { sides.append(#""endpointOutput":\#(output)"#) }
        var members = [#""captureData":\#(captureData ?? "{" + sides.joined(separator: ",") + "}")"#]
        if let metadata { members.append(#""eventMetadata":\#(metadata)"#) }
        return "{" + members.joined(separator: ",") + "}"
    }

    private static func side(_ encoding: String, _ data: String, type: String? = nil) -> String {
        let typeMember = type.map { #""observedContentType":"\#($0)","# } ?? ""
        return #"{\#(typeMember)"data":"\#(data)","encoding":"\#(encoding)"}"#
    }

    @Test func acceptsTheBaseLine() {
        #expect(Fixture.rejection(Self.raw()) == nil)
    }

    @Test(arguments: [
        (
            "not json",
            CaptureRejection.Reason.invalidJSON(
                JSONSyntaxError(offset: 0, message: "invalid literal, expected null")
            )
        ),
        (#"{"captureData":"#, .invalidJSON(JSONSyntaxError(offset: 15, message: "unexpected end of input"))),
        (
            raw() + " x",
            .invalidJSON(
                JSONSyntaxError(
                    offset: raw().utf8.count + 1,
                    message: "unexpected character 'x', expected the end after the JSON value"))
        ),
        (
            #"{"captureData":{}} {}"#,
            .invalidJSON(
                JSONSyntaxError(offset: 19, message: "unexpected character '{', expected the end after the JSON value"))
        ),
        ("[1]", .notAnObject),
        (#""text""#, .notAnObject),
        ("null", .notAnObject),
        ("42", .notAnObject),
        ("{}", .missingField("captureData")),
        (#"{"eventMetadata":{"eventId":"E","inferenceTime":"2024-01-19T19:27:57Z"}}"#, .missingField("captureData")),
        (raw(captureData: "null"), .missingField("captureData")),
        (raw(captureData: "5"), .wrongType(field: "captureData", expected: "an object")),
        (raw(captureData: "[{}]"), .wrongType(field: "captureData", expected: "an object")),
        (raw(input: nil), .missingField("captureData.endpointInput")),
        (raw(output: nil), .missingField("captureData.endpointOutput")),
        (raw(input: nil, output: nil), .missingField("captureData.endpointInput")),
        (raw(output: "null"), .missingField("captureData.endpointOutput")),
        (raw(output: #""x""#), .wrongType(field: "captureData.endpointOutput", expected: "an object")),
        (raw(metadata: nil), .missingField("eventMetadata")),
        (raw(metadata: "[]"), .wrongType(field: "eventMetadata", expected: "an object")),
        (raw(metadata: #"{"inferenceTime":"2024-01-19T19:27:57Z"}"#), .missingField("eventMetadata.eventId")),
        (
            raw(metadata: #"{"eventId":"","inferenceTime":"2024-01-19T19:27:57Z"}"#),
            .missingField("eventMetadata.eventId")
        ),
        (
            raw(metadata: #"{"eventId":null,"inferenceTime":"2024-01-19T19:27:57Z"}"#),
            .missingField("eventMetadata.eventId")
        ),
        (
            raw(metadata: #"{"eventId":5,"inferenceTime":"2024-01-19T19:27:57Z"}"#),
            .wrongType(field: "eventMetadata.eventId", expected: "a string")
        ),
        (raw(metadata: #"{"eventId":"E"}"#), .missingField("eventMetadata.inferenceTime")),
        (raw(metadata: #"{"eventId":"E","inferenceTime":""}"#), .missingField("eventMetadata.inferenceTime")),
        (
            raw(metadata: #"{"eventId":"E","inferenceTime":1705692477}"#),
            .wrongType(field: "eventMetadata.inferenceTime", expected: "a string")
        ),
        (
            raw(metadata: #"{"eventId":"E","inferenceId":7,"inferenceTime":"2024-01-19T19:27:57Z"}"#),
            .wrongType(field: "eventMetadata.inferenceId", expected: "a string")
        ),
        (raw(input: #"{"data":"1"}"#), .missingField("captureData.endpointInput.encoding")),
        (raw(input: #"{"data":"1","encoding":null}"#), .missingField("captureData.endpointInput.encoding")),
        (
            raw(input: #"{"data":"1","encoding":["CSV"]}"#),
            .wrongType(field: "captureData.endpointInput.encoding", expected: "a string")
        ),
        (raw(input: side("PROTOBUF", "x")), .unknownEncoding(.input, "PROTOBUF")),
        (raw(output: side("csv", "x")), .unknownEncoding(.output, "csv")),
        (raw(output: side("", "x")), .unknownEncoding(.output, "")),
        (raw(input: #"{"encoding":"CSV"}"#), .missingField("captureData.endpointInput.data")),
        (raw(output: #"{"encoding":"CSV","data":null}"#), .missingField("captureData.endpointOutput.data")),
        (
            raw(input: #"{"encoding":"CSV","data":5}"#),
            .wrongType(field: "captureData.endpointInput.data", expected: "a string")
        ),
        (
            raw(input: #"{"encoding":"JSON","data":{"instances":[]}}"#),
            .wrongType(field: "captureData.endpointInput.data", expected: "a string")
        ),
        (
            raw(input: #"{"observedContentType":5,"data":"1","encoding":"CSV"}"#),
            .wrongType(field: "captureData.endpointInput.observedContentType", expected: "a string")
        ),
        (raw(input: side("BASE64", "QU!D", type: "text/csv")), .invalidBase64(.input)),
        (raw(output: side("BASE64", "MQ=", type: "text/csv")), .invalidBase64(.output)),
        (raw(input: side("BASE64", "/9j/4AAQ", type: "image/jpeg")), .unsupportedContentType(.input, "image/jpeg")),
        (
            raw(input: side("BASE64", "/9j/4AAQ", type: "Image/JPEG; q=1")),
            .unsupportedContentType(.input, "image/jpeg")
        ),
        (
            raw(output: side("BASE64", "AAAA", type: "application/x-npy")),
            .unsupportedContentType(.output, "application/x-npy")
        ),
        (raw(input: side("BASE64", "AAAA", type: "garbage")), .unsupportedContentType(.input, "garbage")),
        (raw(input: side("BASE64", "MQ==")), .missingField("captureData.endpointInput.observedContentType")),
        (raw(input: side("BASE64", "MQ==", type: "")), .missingField("captureData.endpointInput.observedContentType")),
        (
            raw(input: side("JSON", #"{\"instances\":["#)),
            .unparsablePayload(.input, "JSON: unexpected end of input at byte 14")
        ),
        (
            raw(input: side("JSON", "[1] [2]")),
            .unparsablePayload(
                .input, "JSON: unexpected character '[', expected a newline between JSON values at byte 4")
        ),
        (
            raw(input: side("JSON", "[1,\\n2]\\n[3]")),
            .unparsablePayload(.input, "JSON: JSON Lines value spread over several lines at byte 0")
        ),
        (
            raw(input: side("JSON", "[\\\"\\\\ud800\\\"]")),
            .unparsablePayload(.input, "JSON: lone surrogate in \\u escape at byte 2")
        ),
        (raw(output: side("CSV", #"\"abc"#)), .unparsablePayload(.output, "CSV: unterminated quoted field at byte 0")),
        (
            raw(input: side("BASE64", "/w==", type: "text/csv")),
            .unparsablePayload(.input, "CSV: invalid UTF-8 at byte 0")
        ),
        (
            raw(input: side("BASE64", "Iv8i", type: "application/json")),
            .unparsablePayload(.input, "JSON: invalid UTF-8 in string at byte 1")
        ),
        (
            raw(input: side("JSON", String(repeating: "[", count: 600))),
            .unparsablePayload(.input, "JSON: nesting deeper than 512 levels at byte 512")
        ),
        (raw(input: side("CSV", "")), .noInputRows),
        (raw(input: side("CSV", "\\n\\r\\n")), .noInputRows),
        (raw(input: side("JSON", "")), .noInputRows),
        (raw(input: side("JSON", #"{\"instances\":[]}"#)), .noInputRows),
        (raw(input: side("JSON", "[]")), .noInputRows),
        (raw(input: side("BASE64", "", type: "text/csv")), .noInputRows),
        (raw(input: side("CSV", "1\\n2"), output: side("CSV", "")), .rowCountMismatch(input: 2, output: 0)),
        (raw(input: side("CSV", "1\\n2\\n3"), output: side("CSV", "1\\n2")), .rowCountMismatch(input: 3, output: 2)),
        (raw(input: side("CSV", "1"), output: side("CSV", "1\\n2")), .rowCountMismatch(input: 1, output: 2)),
        (
            raw(input: side("CSV", "1"), output: side("JSON", #"{\"predictions\":[]}"#)),
            .rowCountMismatch(input: 1, output: 0)
        ),
    ])
    func rejects(line: String, reason: CaptureRejection.Reason) {
        #expect(Fixture.rejection(line) == reason)
        #expect(Fixture.validationRejection(line) == reason)
    }

    @Test func rejectsJSONSyntaxBeforeMissingFields() {
        #expect(
            Fixture.rejection(#"{"eventVersion":"0","#)
                == .invalidJSON(JSONSyntaxError(offset: 20, message: "unexpected end of input")))
    }

    @Test func rejectsInvalidUTF8InTheLine() {
        var bytes = Array(#"{"captureData":{},"eventMetadata":{"eventId":"E"#.utf8)
        bytes.append(0xC3)
        bytes.append(contentsOf: Array(#"","inferenceTime":"2024-01-19T19:27:57Z"}}"#.utf8))
        #expect(
            Fixture.rejection(bytes) == .invalidJSON(JSONSyntaxError(offset: 47, message: "invalid UTF-8 in string")))
    }

    @Test func rejectsDeepNestingInAnIgnoredFieldWithoutCrashing() {
        let deep = String(repeating: "[", count: 1_000_000)
        let line = Self.raw(
            metadata: #"{"eventId":"E","inferenceTime":"2024-01-19T19:27:57Z","customAttributes":\#(deep)"#)
        let reason = Fixture.rejection(line)
        #expect(Fixture.validationRejection(line) == reason)
        guard case .invalidJSON(let error) = reason else {
            Issue.record("expected invalidJSON, got \(String(describing: reason))")
            return
        }
        #expect(error.message == "nesting deeper than 512 levels")
    }

    @Test(arguments: [
        (
            CaptureRejection.Reason.missingField("captureData.endpointOutput"),
            "endpointOutput missing: enable the Output capture mode in the endpoint's DataCaptureConfig"
        ),
        (
            .missingField("captureData.endpointInput"),
            "endpointInput missing: enable the Input capture mode in the endpoint's DataCaptureConfig"
        ),
        (.missingField("eventMetadata.eventId"), "eventMetadata.eventId missing: every capture line needs an event id"),
        (
            .missingField("eventMetadata.inferenceTime"),
            "eventMetadata.inferenceTime missing: every capture line needs the time of its inference"
        ),
        (.missingField("captureData"), "captureData missing: this line is not a SageMaker Data Capture record"),
        (
            .missingField("eventMetadata"),
            "eventMetadata missing: every capture line needs an event id and an inference time"
        ),
        (
            .missingField("captureData.endpointInput.observedContentType"),
            "captureData.endpointInput.observedContentType missing: BASE64 data can only be decoded when its content type is known"
        ),
        (
            .missingField("captureData.endpointInput.data"),
            "captureData.endpointInput.data missing: the line is not a complete SageMaker Data Capture record"
        ),
        (
            .unsupportedContentType(.input, "image/jpeg"),
            "endpointInput is BASE64 of type image/jpeg: only text/csv and JSON types can be sent to Arthur"
        ),
        (
            .rowCountMismatch(input: 3, output: 2),
            "endpointInput has 3 rows but endpointOutput has 2: each input row needs one output row"
        ),
        (
            .lineTooLong(limit: 1000),
            "line longer than 1000 bytes (the --max-line-bytes limit): ingest it again with a higher --max-line-bytes"
        ),
        (
            .invalidJSON(JSONSyntaxError(offset: 3, message: "invalid literal, expected null")),
            "line is not valid JSON (invalid literal, expected null at byte 3): each line of a capture file must be one JSON object"
        ),
        (
            .notAnObject,
            "line is JSON but not an object: each line of a capture file must be one {\"captureData\":…} object"
        ),
        (
            .wrongType(field: "captureData.endpointInput.data", expected: "a string"),
            "captureData.endpointInput.data must be a string: the line is not a SageMaker Data Capture record as written by SageMaker"
        ),
        (
            .unknownEncoding(.output, "PROTOBUF"),
            "endpointOutput has encoding \"PROTOBUF\": only CSV, JSON and BASE64 are known"
        ),
        (
            .invalidBase64(.input),
            "endpointInput is BASE64 but its data is not valid base64: the line is damaged; capture it again"
        ),
        (
            .unparsablePayload(.output, "CSV: unterminated quoted field at byte 0"),
            "endpointOutput data cannot be read (CSV: unterminated quoted field at byte 0): check that the endpoint's content type matches what it sends"
        ),
        (.noInputRows, "endpointInput holds no rows: an empty request cannot become an inference"),
        (
            .unknownEncoding(.input, "CS\nV\""),
            #"endpointInput has encoding "CS\nV\"": only CSV, JSON and BASE64 are known"#
        ),
        (
            .unknownEncoding(.input, String(repeating: "x", count: 150)),
            "endpointInput has encoding \"\(String(repeating: "x", count: 100))…\": only CSV, JSON and BASE64 are known"
        ),
        (
            .unsupportedContentType(.output, "image/\tjpeg"),
            #"endpointOutput is BASE64 of type image/\tjpeg: only text/csv and JSON types can be sent to Arthur"#
        ),
    ])
    func describesEachReason(reason: CaptureRejection.Reason, description: String) {
        #expect(CaptureRejection(reason).description == description)
    }
}
