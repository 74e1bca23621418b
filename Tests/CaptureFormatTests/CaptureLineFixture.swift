import CaptureFormat
import Testing
import WireFormat

/// Builds capture lines for the tests.
///
/// Shaped as SageMaker writes them, so each test states only what it varies,
/// and checks that `CaptureLineParser.validate` agrees with `parse` on them.
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

    /// The rejection reason `validate` gives a line, nil if it was accepted.
    static func validationRejection(_ line: String) -> CaptureRejection.Reason? {
        do {
            _ = try CaptureLineParser.validate(Array(line.utf8))
            return nil
        } catch {
            return error.reason
        }
    }

    /// Checks that `validate` tells the same about a line as `parse`.
    static func expectValidateAgreesWithParse(_ line: String) {
        let bytes = Array(line.utf8)
        switch (
            Result { () throws(CaptureRejection) in try CaptureLineParser.parse(bytes, lineNumber: 1) },
            Result { () throws(CaptureRejection) in try CaptureLineParser.validate(bytes) }
        )
        {
        case (.success(let parsed), .success(let summary)):
            #expect(summary.inferenceCount == parsed.inferences.count)
            #expect(
                (0..<summary.inferenceCount).map(summary.partnerInferenceID(at:))
                    == parsed.inferences.map(\.partnerInferenceID))
            #expect(summary.eventID == parsed.eventID)
            #expect(summary.inferenceID == parsed.inferenceID)
            #expect(summary.partnerID == parsed.partnerID)
            #expect(summary.inferenceTime == parsed.inferenceTime)
            #expect(summary.sentToArthur == parsed.sentToArthur)
        case (.failure(let parseError), .failure(let validateError)):
            #expect(parseError == validateError)
        case (let parsed, let validated):
            Issue.record("parse gave \(parsed) but validate gave \(validated)")
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
