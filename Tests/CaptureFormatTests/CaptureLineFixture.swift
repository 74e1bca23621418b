/// Builds capture lines for the tests, shaped as SageMaker writes them, so each test states only what it varies.

import CaptureFormat

/// Builds capture lines for the tests.
enum CaptureLineFixture {
    static let time = "2024-01-19T19:27:57Z"

    /// One side: `{"observedContentType":…,"mode":…,"data":…,"encoding":…}`.
    static func side(_ contentType: String?, _ data: String, _ encoding: String, mode: String = "INPUT") -> JSONValue {
        var members: [JSONMember] = []
        if let contentType { members.append(JSONMember("observedContentType", .string(contentType))) }
        members.append(JSONMember("mode", .string(mode)))
        members.append(JSONMember("data", .string(data)))
        members.append(JSONMember("encoding", .string(encoding)))
        return .object(members)
    }

    static func csv(_ data: String) -> JSONValue { side("text/csv", data, "CSV") }
    static func json(_ data: String, _ contentType: String = "application/json") -> JSONValue {
        side(contentType, data, "JSON")
    }
    static func base64(_ text: String, _ contentType: String) -> JSONValue {
        side(contentType, Base64.encode(Array(text.utf8)), "BASE64")
    }

    /// The eventMetadata object.
    static func metadata(eventID: String = "evt-1", inferenceID: String? = nil, time: String = time) -> JSONValue {
        var members = [JSONMember("eventId", .string(eventID))]
        if let inferenceID { members.append(JSONMember("inferenceId", .string(inferenceID))) }
        members.append(JSONMember("inferenceTime", .string(time)))
        return .object(members)
    }

    /// A whole line as a value.
    static func value(input: JSONValue, output: JSONValue, metadata: JSONValue = metadata()) -> JSONValue {
        [
            "captureData": ["endpointInput": input, "endpointOutput": output],
            "eventMetadata": metadata,
            "eventVersion": "0",
        ]
    }

    /// A whole line as text.
    static func line(input: JSONValue, output: JSONValue, metadata: JSONValue = metadata()) -> String {
        JSONWriter.string(value(input: input, output: output, metadata: metadata))
    }

    /// Parses a line, failing the test on rejection.
    static func parse(_ line: String, lineNumber: Int = 1) throws -> CaptureLine {
        try CaptureLineParser.parse(line, lineNumber: lineNumber)
    }

    /// The rejection reason of a line, nil if it was accepted.
    static func rejection(_ line: String) -> CaptureRejection.Reason? {
        do {
            _ = try CaptureLineParser.parse(line, lineNumber: 1)
            return nil
        } catch {
            return error.reason
        }
    }

    /// The rejection reason of a line given as bytes, nil if it was accepted.
    static func rejection(_ line: [UInt8]) -> CaptureRejection.Reason? {
        do {
            _ = try CaptureLineParser.parse(line, lineNumber: 1)
            return nil
        } catch {
            return error.reason
        }
    }
}
