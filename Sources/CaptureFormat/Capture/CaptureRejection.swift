// Why a capture line was rejected. Lines are never dropped silently: each rejection says, in one sentence a user
// can act on, what is wrong with the line and what to do about it.

import WireFormat

/// Why a line was rejected, in words a user can act on.
public struct CaptureRejection: Error, Equatable, Sendable, CustomStringConvertible {
    /// A side of a capture: the request or the response.
    public enum Side: String, Sendable {
        /// The request (`captureData.endpointInput`).
        case input = "endpointInput"
        /// The response (`captureData.endpointOutput`).
        case output = "endpointOutput"
    }

    /// What is wrong with the line.
    public enum Reason: Equatable, Sendable {
        /// The line is not JSON.
        case invalidJSON(JSONSyntaxError)
        /// The line is JSON but not an object.
        case notAnObject
        /// A required field is absent, null or empty; the dotted path, e.g. "captureData.endpointOutput".
        case missingField(String)
        /// A field has the wrong JSON type; `expected` reads "a string" or "an object".
        case wrongType(field: String, expected: String)
        /// A side's `encoding` is not CSV, JSON or BASE64.
        case unknownEncoding(Side, String)
        /// A BASE64 side's `data` is not base64.
        case invalidBase64(Side)
        /// A BASE64 side's content type is neither CSV nor JSON.
        case unsupportedContentType(Side, String)
        /// A side's decoded payload cannot be read; the detail reads like "JSON: unterminated string at byte 17".
        case unparsablePayload(Side, String)
        /// The request holds no rows.
        case noInputRows
        /// The request and response row counts differ.
        case rowCountMismatch(input: Int, output: Int)
        /// The line is longer than the pipeline's limit (made by the pipeline, described here).
        case lineTooLong(limit: Int)
        /// `eventMetadata.inferenceTime` is not an ISO 8601 date-time.
        case invalidTime(String)
        /// The longest partner inference id of the line has this many characters, over Arthur's limit.
        case idTooLong(length: Int)
        /// A row of named values (1-based) uses a key Arthur reads as its layout.
        case layoutKeyInNamedRow(Side, row: Int, key: String)
    }

    /// What is wrong with the line.
    public var reason: Reason

    /// Makes a rejection for a reason.
    public init(_ reason: Reason) {
        self.reason = reason
    }

    /// One sentence: what is wrong, and what to do about it.
    public var description: String {
        switch reason {
        case .invalidJSON(let error):
            Self.invalidJSONDescription(error)
        case .notAnObject:
            "line is JSON but not an object: each line of a capture file must be one {\"captureData\":…} object"
        case .missingField(let field):
            Self.missingFieldDescription(field)
        case .wrongType(let field, let expected):
            "\(field) must be \(expected): the line is not a SageMaker Data Capture record as written by SageMaker"
        case .unknownEncoding(let side, let encoding):
            "\(side.rawValue) has encoding \"\(Self.shown(encoding))\": only CSV, JSON and BASE64 are known"
        case .invalidBase64(let side):
            "\(side.rawValue) is BASE64 but its data is not valid base64: the line is damaged; capture it again"
        case .unsupportedContentType(let side, let type):
            "\(side.rawValue) is BASE64 of type \(Self.shown(type)): only text/csv and JSON types can be sent to Arthur"
        case .unparsablePayload(let side, let detail) where detail.contains("nesting deeper than"):
            "\(side.rawValue) data cannot be read (\(detail)): payloads nested deeper than "
                + "\(JSONReader.maximumDepth) levels are refused, so this line cannot be ingested"
        case .unparsablePayload(let side, let detail):
            "\(side.rawValue) data cannot be read (\(detail)): check that the endpoint's content type matches "
                + "what it sends"
        case .noInputRows:
            "endpointInput holds no rows: an empty request cannot become an inference"
        case .rowCountMismatch(let input, let output):
            "endpointInput has \(input) rows but endpointOutput has \(output): each input row needs one output row"
        case .lineTooLong(let limit):
            "line longer than \(limit) bytes (the --max-line-bytes limit): ingest it again with a higher --max-line-bytes"
        case .invalidTime(let time):
            "eventMetadata.inferenceTime \"\(Self.shown(time))\" is not an ISO 8601 date-time such as "
                + "2024-01-19T19:27:57Z: Arthur needs the real time of the inference; fix what wrote this line"
        case .idTooLong(let length):
            "partner inference id of \(length) characters is over Arthur's limit of \(PartnerInferenceID.maximumLength): "
                + "shorten the InferenceId the endpoint's callers send"
        case .layoutKeyInNamedRow(let side, let row, let key):
            "\(side.rawValue) row \(row) names a value \"\(Self.shown(key))\": Arthur reads instances, predictions, "
                + "features and probabilities as its layout, so named values cannot use these keys; rename the field"
        }
    }

    /// The syntax error of a line that starts with a UTF-8 byte order mark.
    static let byteOrderMarkError = JSONSyntaxError(offset: 0, message: "UTF-8 byte order mark")

    /// What is wrong with a line that is not JSON, with advice for the usual causes: a line cut short or broken in
    /// two, text that is not UTF-8, two records joined, a byte order mark inside a file, hostile nesting.
    private static func invalidJSONDescription(_ error: JSONSyntaxError) -> String {
        let message = error.message
        if error == byteOrderMarkError {
            return "line starts with a UTF-8 byte order mark: only the start of a file may hold one (files joined "
                + "with cat keep theirs); remove it"
        } else if message == "unexpected end of input" || message == "unterminated string" {
            return "line ends before its JSON is complete (\(error)): it was cut short or broken by a line break; "
                + "restore the whole record, on one line, from the original capture file"
        } else if message.hasPrefix("nesting deeper than") {
            return "line nests arrays and objects deeper than \(JSONReader.maximumDepth) levels (at byte "
                + "\(error.offset)): SageMaker writes no such line, so it is not a capture record"
        } else if message.hasPrefix("invalid UTF-8") {
            return "line is not valid UTF-8 (\(error)): capture files are UTF-8, so this one was damaged or "
                + "re-encoded (e.g. to Latin-1); take it again from the original capture file"
        } else if message.hasPrefix("control character") {
            return "line holds a raw control character inside a string (at byte \(error.offset)): JSON needs it "
                + "escaped (a NUL byte as \\u0000), so the line was damaged or not written by SageMaker"
        } else if message.hasSuffix("expected the end after the JSON value") {
            return "line goes on after its JSON object (\(error)): if two records were joined without a line "
                + "break (as when concatenating files), put each on its own line"
        }
        return "line is not valid JSON (\(error)): each line of a capture file must be one JSON object"
    }

    /// Text from the line as it can appear in a one-line message: escaped as in a JSON string (so no control
    /// character breaks the line) and cut to 100 characters.
    private static func shown(_ text: String) -> String {
        var escaped: [UInt8] = []
        JSONWriter.writeString(text.count > 100 ? String(text.prefix(100)) + "…" : text, into: &escaped)
        return String(decoding: escaped.dropFirst().dropLast(), as: UTF8.self)
    }

    private static func missingFieldDescription(_ field: String) -> String {
        switch field {
        case "captureData":
            "captureData missing: this line is not a SageMaker Data Capture record"
        case "captureData.endpointInput":
            "endpointInput missing: enable the Input capture mode in the endpoint's DataCaptureConfig"
        case "captureData.endpointOutput":
            "endpointOutput missing: enable the Output capture mode in the endpoint's DataCaptureConfig"
        case "eventMetadata":
            "eventMetadata missing: every capture line needs an event id and an inference time"
        case "eventMetadata.eventId":
            "eventMetadata.eventId missing: every capture line needs an event id"
        case "eventMetadata.inferenceTime":
            "eventMetadata.inferenceTime missing: every capture line needs the time of its inference"
        case let field where field.hasSuffix(".observedContentType"):
            "\(field) missing: BASE64 data can only be decoded when its content type is known"
        default:
            "\(field) missing: the line is not a complete SageMaker Data Capture record"
        }
    }
}
