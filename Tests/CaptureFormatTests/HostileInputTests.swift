import CaptureFormat
import Foundation
import Testing
import WireFormat

/// Hostile and damaged capture lines, each with the exact message a user reads for it: truncated lines, invalid
/// UTF-8, NUL bytes, hostile nesting, byte order marks, wrong JSON types for every field, lines that are not objects.
/// Both `parse` and `validate` must refuse them for the same reason. Hostile lines that are valid (numbers out of
/// range, NUL escapes, repeated keys, a million rows) must give exactly the inferences listed.
struct HostileInputTests {
    /// A line and the one message it must be rejected with.
    struct Rejected: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var message: String
        var testDescription: String { name }

        init(_ name: String, _ bytes: [UInt8], _ message: String) {
            (self.name, self.bytes, self.message) = (name, bytes, message)
        }

        init(_ name: String, _ text: String, _ message: String) {
            self.init(name, Array(text.utf8), message)
        }
    }

    /// A valid line and the inferences it gives, as `ingest --emit jsonl` prints them.
    struct Accepted: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var inferences: String
        var testDescription: String { name }

        init(_ name: String, _ text: String, _ inferences: String) {
            (self.name, self.bytes, self.inferences) = (name, Array(text.utf8), inferences)
        }
    }

    // MARK: - Building lines

    static let csvInput = #"{"observedContentType":"text/csv","mode":"INPUT","data":"1,2","encoding":"CSV"}"#
    static let csvOutput = #"{"observedContentType":"text/csv","mode":"OUTPUT","data":"0.5","encoding":"CSV"}"#
    static let metadata = #"{"eventId":"e-1","inferenceId":"i-1","inferenceTime":"2024-01-19T19:27:57Z"}"#

    /// A capture line from the JSON texts of its parts; `rest` goes after `eventMetadata`.
    static func line(
        input: String = csvInput,
        output: String = csvOutput,
        metadata: String = metadata,
        rest: String = #","eventVersion":"0""#
    ) -> String {
        #"{"captureData":{"endpointInput":\#(input),"endpointOutput":\#(output)},"eventMetadata":\#(metadata)\#(rest)}"#
    }

    /// The base line.
    static let base = line()

    /// One side's JSON text.
    static func side(_ encoding: String, _ data: String, type: String = "text/csv") -> String {
        #"{"observedContentType":"\#(type)","mode":"INPUT","data":"\#(data)","encoding":"\#(encoding)"}"#
    }

    /// The base line with the value of its first `"field":` (a string or an object, none holding quotes or braces
    /// in its strings) replaced by the JSON text `value`.
    static func with(_ field: String, _ value: String) -> String {
        guard let key = base.range(of: "\"\(field)\":") else { return base }
        let old = base[key.upperBound...]
        var depth = 0
        var inString = false
        var end = old.startIndex
        for index in old.indices {
            switch old[index] {
            case "\"": inString.toggle()
            case "{" where !inString: depth += 1
            case "}" where !inString: depth -= 1
            default: break
            }
            if depth == 0 && !inString {
                end = old.index(after: index)
                break
            }
        }
        return String(base[..<key.upperBound]) + value + String(base[end...])
    }

    /// The bytes of `text` up to and including the first `marker`: a line cut short there.
    static func cut(_ text: String, after marker: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        let marker = Array(marker.utf8)
        for start in 0...(bytes.count - marker.count) where Array(bytes[start..<(start + marker.count)]) == marker {
            return Array(bytes[..<(start + marker.count)])
        }
        return bytes
    }

    /// The bytes of `text` with the first `marker` replaced by `bytes`.
    static func splice(_ text: String, _ marker: String, _ bytes: [UInt8]) -> [UInt8] {
        let all = Array(text.utf8)
        let marker = Array(marker.utf8)
        for start in 0...(all.count - marker.count) where Array(all[start..<(start + marker.count)]) == marker {
            return Array(all[..<start]) + bytes + Array(all[(start + marker.count)...])
        }
        return all
    }

    static let deep = 100_000

    // MARK: - Messages

    static let truncated =
        "it was cut short or broken by a line break; restore the whole record, on one line, from the original "
        + "capture file"
    static let notUTF8 =
        "capture files are UTF-8, so this one was damaged or re-encoded (e.g. to Latin-1); take it again from the "
        + "original capture file"
    static let notJSON = "each line of a capture file must be one JSON object"
    static let notAnObject =
        #"line is JSON but not an object: each line of a capture file must be one {"captureData":…} object"#
    static let notARecord = "the line is not a SageMaker Data Capture record as written by SageMaker"

    static func wrongType(_ field: String, _ expected: String) -> String {
        "\(field) must be \(expected): \(notARecord)"
    }

    // MARK: - The table

    static let rejected: [Rejected] = [
        // Truncated lines.
        .init(
            "cut inside a key", cut(base, after: #"{"captureDa"#),
            "line ends before its JSON is complete (unterminated string at byte 1): \(truncated)"),
        .init(
            "cut inside a string", cut(base, after: #""data":"1,"#),
            "line ends before its JSON is complete (unterminated string at byte 88): \(truncated)"),
        .init(
            "cut inside a number", cut(line(rest: #","eventVersion":0.5"#), after: #""eventVersion":0."#),
            "line is not valid JSON (invalid number at byte 319): \(notJSON)"),
        .init(
            "cut inside an escape", cut(with("data", #""1,\"2\"""#), after: #""data":"1,\"#),
            "line ends before its JSON is complete (unterminated string at byte 91): \(truncated)"),
        .init(
            "cut inside a \\u escape", cut(with("eventId", #""\u00e9""#), after: #"\u00"#),
            #"line is not valid JSON (invalid \u escape at byte 239): \#(notJSON)"#),
        .init(
            "cut between members", cut(base, after: #""eventMetadata":"#),
            "line ends before its JSON is complete (unexpected end of input at byte 227): \(truncated)"),
        .init(
            "cut inside the payload",
            cut(line(input: side("JSON", #"{\"instances\":[[1,2],[3,4]]}"#, type: "application/json")), after: "[3"),
            "line ends before its JSON is complete (unterminated string at byte 96): \(truncated)"),
        .init(
            "payload cut short, line whole",
            line(input: side("JSON", #"{\"instances\":[[1,2],[3"#, type: "application/json")),
            "endpointInput data cannot be read (JSON: unexpected end of input at byte 22): check that the endpoint's "
                + "content type matches what it sends"),
        .init(
            "BASE64 payload cut short", line(input: side("BASE64", "MSwyCjM")),
            "endpointInput is BASE64 but its data is not valid base64: the line is damaged; capture it again"),

        // Invalid UTF-8.
        .init(
            "invalid UTF-8 in a key", splice(base, "captureData", Array("capt".utf8) + [0xFF] + Array("ureData".utf8)),
            "line is not valid UTF-8 (invalid UTF-8 in string at byte 6): \(notUTF8)"),
        .init(
            "Latin-1 in data", splice(base, "1,2", [0x31, 0x2C, 0xE9]),
            "line is not valid UTF-8 (invalid UTF-8 in string at byte 91): \(notUTF8)"),
        .init(
            "overlong 2-byte encoding of '/'", splice(base, "1,2", [0xC0, 0xAF]),
            "line is not valid UTF-8 (invalid UTF-8 in string at byte 89): \(notUTF8)"),
        .init(
            "overlong 3-byte encoding of '/'", splice(base, "1,2", [0xE0, 0x80, 0xAF]),
            "line is not valid UTF-8 (invalid UTF-8 in string at byte 89): \(notUTF8)"),
        .init(
            "surrogate U+D800 encoded in UTF-8", splice(base, "e-1", [0x65, 0xED, 0xA0, 0x80]),
            "line is not valid UTF-8 (invalid UTF-8 in string at byte 240): \(notUTF8)"),
        .init(
            "code point above U+10FFFF", splice(base, "i-1", [0xF4, 0x90, 0x80, 0x80]),
            "line is not valid UTF-8 (invalid UTF-8 in string at byte 259): \(notUTF8)"),
        .init(
            "invalid UTF-8 outside strings",
            splice(base, #","eventVersion""#, [0xFF] + Array(#","eventVersion""#.utf8)),
            "line is not valid JSON (unexpected byte 0xFF, expected ',' or '}' at byte 303): \(notJSON)"),
        .init(
            "lone surrogate escape", with("eventId", #""\ud800""#),
            #"line is not valid JSON (lone surrogate in \u escape at byte 239): \#(notJSON)"#),
        .init(
            "invalid UTF-8 inside BASE64 CSV", line(input: side("BASE64", "Mf8y")),
            "endpointInput data cannot be read (CSV: invalid UTF-8 at byte 1): check that the endpoint's content type "
                + "matches what it sends"),

        // NUL bytes.
        .init(
            "raw NUL in data", splice(base, "1,2", [0x31, 0x00, 0x32]),
            "line holds a raw control character inside a string (at byte 90): JSON needs it escaped (a NUL byte as "
                + #"\u0000), so the line was damaged or not written by SageMaker"#),
        .init(
            "raw NUL between members", splice(base, #","eventVersion""#, [0x00] + Array(#","eventVersion""#.utf8)),
            "line is not valid JSON (unexpected byte 0x0, expected ',' or '}' at byte 303): \(notJSON)"),

        // Hostile nesting and sizes.
        .init(
            "100k nested arrays as the line", String(repeating: "[", count: deep),
            "line nests arrays and objects deeper than 512 levels (at byte 512): SageMaker writes no such line, so it "
                + "is not a capture record"),
        .init(
            "100k nested objects in an ignored field",
            line(rest: #","x":"# + String(repeating: #"{"a":"#, count: deep)),
            "line nests arrays and objects deeper than 512 levels (at byte 2863): SageMaker writes no such line, so "
                + "it is not a capture record"),
        .init(
            "100k nested arrays in a JSON payload",
            line(input: side("JSON", String(repeating: "[", count: deep), type: "application/json")),
            "endpointInput data cannot be read (JSON: nesting deeper than 512 levels at byte 512): payloads nested "
                + "deeper than 512 levels are refused, so this line cannot be ingested"),
        .init(
            "100k nested arrays in a BASE64 payload",
            line(
                output: side(
                    "BASE64", Base64.encode(Array(String(repeating: "[", count: deep).utf8)),
                    type: "application/json")),
            "endpointOutput data cannot be read (JSON: nesting deeper than 512 levels at byte 512): payloads nested "
                + "deeper than 512 levels are refused, so this line cannot be ingested"),

        // Byte order marks and joined lines.
        .init(
            "byte order mark opening a line", [0xEF, 0xBB, 0xBF] + Array(base.utf8),
            "line starts with a UTF-8 byte order mark: only the start of a file may hold one (files joined with cat "
                + "keep theirs); remove it"),
        .init(
            "two records on one line", base + base,
            "line goes on after its JSON object (unexpected character '{', expected the end after the JSON value at "
                + "byte 323): if two records were joined without a line break (as when concatenating files), put each "
                + "on its own line"),
        .init(
            "NaN in an ignored field", line(rest: #","x":NaN"#),
            "line is not valid JSON (unexpected character 'N', expected a JSON value at byte 308): \(notJSON)"),

        // Lines that are not objects, and captureData null.
        .init("a JSON array", "[1,2]", notAnObject),
        .init("a JSON string", #""captureData""#, notAnObject),
        .init("a JSON number", "1e999", notAnObject),
        .init("JSON null", "null", notAnObject),
        .init(
            "captureData null", with("captureData", "null"),
            "captureData missing: this line is not a SageMaker Data Capture record"),

        // Wrong types, field by field.
        .init("captureData a string", with("captureData", #""{}""#), wrongType("captureData", "an object")),
        .init("captureData an array", with("captureData", "[]"), wrongType("captureData", "an object")),
        .init(
            "endpointInput an array", with("endpointInput", "[]"),
            wrongType("captureData.endpointInput", "an object")),
        .init(
            "endpointOutput a string", with("endpointOutput", #""0.5""#),
            wrongType("captureData.endpointOutput", "an object")),
        .init(
            "data a number", with("data", "12"),
            wrongType("captureData.endpointInput.data", "a string")),
        .init(
            "data an object", with("data", #"{"instances":[]}"#),
            wrongType("captureData.endpointInput.data", "a string")),
        .init(
            "data a boolean", with("data", "true"),
            wrongType("captureData.endpointInput.data", "a string")),
        .init(
            "encoding an array", with("encoding", #"["CSV"]"#),
            wrongType("captureData.endpointInput.encoding", "a string")),
        .init(
            "observedContentType a number", with("observedContentType", "5"),
            wrongType("captureData.endpointInput.observedContentType", "a string")),
        .init("eventMetadata a string", with("eventMetadata", #""e-1""#), wrongType("eventMetadata", "an object")),
        .init("eventId a number", with("eventId", "1"), wrongType("eventMetadata.eventId", "a string")),
        .init("eventId an object", with("eventId", "{}"), wrongType("eventMetadata.eventId", "a string")),
        .init(
            "inferenceId a boolean", with("inferenceId", "false"), wrongType("eventMetadata.inferenceId", "a string")),
        .init(
            "inferenceTime epoch seconds", with("inferenceTime", "1705692477"),
            wrongType("eventMetadata.inferenceTime", "a string")),
    ]

    static let accepted: [Accepted] = [
        .init(
            "NUL escapes in data and in an ignored key",
            line(input: side("CSV", #"a\u0000b,\u0000"#), rest: #","\u0000":"\u0000""#),
            #"{"partner_inference_id":"i-1","inference_timestamp":"2024-01-19T19:27:57Z","inputs":["a\u0000b","\u0000"],"outputs":["0.5"],"line":1}"#
        ),
        .init(
            "numbers out of range kept as written",
            line(
                input: side("JSON", "[[1e999,-0,123456789012345678901234567890,-1.5E-400]]", type: "application/json")),
            #"{"partner_inference_id":"i-1","inference_timestamp":"2024-01-19T19:27:57Z","inputs":[1e999,-0,123456789012345678901234567890,-1.5E-400],"outputs":["0.5"],"line":1}"#
        ),
        .init(
            "repeated keys: the last counts",
            #"{"captureData":{"endpointInput":{"data":"9","encoding":"CSV"},"endpointOutput":{"data":"8","encoding":"CSV"}},"#
                + #""captureData":{"endpointInput":{"data":"1,2","data":"3,4","encoding":"JSON","encoding":"CSV"},"#
                + #""endpointOutput":{"data":"0.5","encoding":"CSV"}},"#
                + #""eventMetadata":{"eventId":"a","eventId":"b","inferenceTime":"2024-01-01T00:00:01Z","inferenceTime":"2024-01-01T00:00:02Z"}}"#,
            #"{"partner_inference_id":"b","inference_timestamp":"2024-01-01T00:00:02Z","inputs":["3","4"],"outputs":["0.5"],"line":1}"#
        ),
        .init(
            "repeated instances in a payload: the last counts",
            line(input: side("JSON", #"{\"instances\":[[1],[2]],\"instances\":[[3]]}"#, type: "application/json")),
            #"{"partner_inference_id":"i-1","inference_timestamp":"2024-01-19T19:27:57Z","inputs":[3],"outputs":["0.5"],"line":1}"#
        ),
        .init(
            "a CR before the line's end (CRLF files)", base + "\r",
            #"{"partner_inference_id":"i-1","inference_timestamp":"2024-01-19T19:27:57Z","inputs":["1","2"],"outputs":["0.5"],"line":1}"#
        ),
        .init(
            "a byte order mark inside data is data", line(input: side("CSV", "\u{FEFF}1,2")),
            #"{"partner_inference_id":"i-1","inference_timestamp":"2024-01-19T19:27:57Z","inputs":["\#u{FEFF}1","2"],"outputs":["0.5"],"line":1}"#
        ),
        .init(
            "512 levels of nesting in a payload", line(input: side("JSON", nested(511), type: "application/json")),
            #"{"partner_inference_id":"i-1","inference_timestamp":"2024-01-19T19:27:57Z","inputs":\#(nested(510)),"outputs":["0.5"],"line":1}"#
        ),
    ]

    /// `levels` nested arrays around a 1.
    static func nested(_ levels: Int) -> String {
        String(repeating: "[", count: levels) + "1" + String(repeating: "]", count: levels)
    }

    // MARK: - Tests

    @Test(arguments: rejected)
    func rejectsWithAMessageAUserCanActOn(_ hostile: Rejected) {
        let parsed = Result { () throws(CaptureRejection) in try CaptureLineParser.parse(hostile.bytes, lineNumber: 1) }
        let validated = Result { () throws(CaptureRejection) in try CaptureLineParser.validate(hostile.bytes) }
        guard case .failure(let rejection) = parsed else {
            Issue.record("accepted: \(hostile.name)")
            return
        }
        #expect(rejection.description == hostile.message)
        #expect(!rejection.description.utf8.contains { $0 < 0x20 })
        guard case .failure(let validation) = validated else {
            Issue.record("validate accepted what parse rejected")
            return
        }
        #expect(validation == rejection)
    }

    @Test(arguments: accepted)
    func acceptsHostileButValidLines(_ hostile: Accepted) throws {
        let parsed = try CaptureLineParser.parse(hostile.bytes, lineNumber: 1)
        var written: [UInt8] = []
        for inference in parsed.inferences { inference.writeJSONLine(into: &written) }
        #expect(String(decoding: written, as: UTF8.self) == hostile.inferences + "\n")
        #expect(try CaptureLineParser.validate(hostile.bytes) == parsed.summary)
    }

    /// A million CSV rows on one line: all of them, in order, in bounded time (generous for a debug build).
    @Test func readsAMillionRowCSVLine() throws {
        let rows = 1_000_000
        let line = Self.line(
            input: Self.side("CSV", String(repeating: #"1,2\n"#, count: rows - 1) + "3,4"),
            output: Self.side("CSV", String(repeating: #"0\n"#, count: rows - 1) + "1"))
        let bytes = Array(line.utf8)
        let clock = ContinuousClock()
        var summary: CaptureLineSummary?
        let validating = try clock.measure { summary = try CaptureLineParser.validate(bytes) }
        #expect(summary?.inferenceCount == rows)
        var parsed: CaptureLine?
        let parsing = try clock.measure { parsed = try CaptureLineParser.parse(bytes, lineNumber: 7) }
        #expect(parsed?.inferences.count == rows)
        #expect(parsed?.inferences.last?.partnerInferenceID == "i-1_999999")
        #expect(parsed?.inferences.last?.inputs == ["3", "4"])
        #expect(parsed?.inferences.last?.outputs == ["1"])
        #expect(validating < .seconds(30) && parsing < .seconds(60), "validate \(validating), parse \(parsing)")
    }
}
