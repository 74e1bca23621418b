import CaptureFormat
import Foundation
import Testing
import WireFormat

/// Checks the parser against the project's sample capture files and the reference implementation's output for
/// them (`samples/expected`), compared as JSON values with numbers compared by value, since the reference
/// prints numbers the Python way; and the bad-lines sample's rejections by line and kind.
struct CaptureSamplesTests {
    private static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("samples")

    private static func lines(_ name: String) throws -> [[UInt8]] {
        let data = try Data(contentsOf: samples.appendingPathComponent(name))
        return [UInt8](data).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
    }

    /// Every line's inferences or rejection, as the pipeline would see them.
    private static func run(_ name: String) throws -> (inferences: [JSONValue], rejections: [(Int, CaptureRejection)]) {
        var inferences: [JSONValue] = []
        var rejections: [(Int, CaptureRejection)] = []
        for (index, line) in try lines(name).enumerated() where !CaptureLineParser.isBlank(line) {
            CaptureLineFixture.expectValidateAgreesWithParse(String(decoding: line, as: UTF8.self))
            let parsed: CaptureLine
            do throws(CaptureRejection) {
                parsed = try CaptureLineParser.parse(line, lineNumber: index + 1)
            } catch {
                rejections.append((index + 1, error))
                continue
            }
            for inference in parsed.inferences {
                var buffer: [UInt8] = []
                inference.writeJSONLine(into: &buffer)
                inferences.append(try JSONReader.parse(buffer))
            }
        }
        return (inferences, rejections)
    }

    /// Numbers as their value, so `100000.0` and `1e5` compare equal.
    private static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let text): .number(Double(text).map { "\($0)" } ?? text)
        case .array(let elements): .array(elements.map(normalized))
        case .object(let members): .object(members.map { JSONMember($0.key, normalized($0.value)) })
        default: value
        }
    }

    static let names = [
        "csv-single", "csv-batch", "json-features", "json-named", "jsonlines", "base64", "xgboost-batch", "mixed",
        "bad-lines",
    ]

    @Test(arguments: names)
    func matchesTheReferenceOutput(name: String) throws {
        let (inferences, rejections) = try Self.run("\(name).jsonl")
        let expected = try Self.lines("expected/\(name).jsonl").filter { !$0.isEmpty }.map { try JSONReader.parse($0) }
        #expect(inferences.count == expected.count)
        #expect(!inferences.isEmpty)
        for (actual, wanted) in zip(inferences, expected) {
            #expect(Self.normalized(actual) == Self.normalized(wanted))
        }
        if name != "bad-lines" {
            #expect(rejections.isEmpty, "\(rejections.map { "\($0.0): \($0.1)" })")
        }
    }

    /// The start of the reference's reason for each of our reasons.
    private static func referenceKind(_ reason: CaptureRejection.Reason) -> String {
        switch reason {
        case .invalidJSON: "not JSON"
        case .notAnObject: "not an object"
        case .missingField("eventMetadata.eventId"): "eventId missing"
        case .missingField("eventMetadata.inferenceTime"): "inferenceTime missing"
        case .missingField(let field): "\(field.split(separator: ".").last ?? "") missing"
        case .wrongType(let field, _): "wrong type \(field)"
        case .unknownEncoding: "unknown encoding"
        case .invalidBase64: "bad base64"
        case .unsupportedContentType: "unsupported content type"
        case .unparsablePayload: "unparsable payload"
        case .noInputRows: "zero input rows"
        case .rowCountMismatch: "mismatched counts"
        case .lineTooLong: "line too long"
        case .invalidTime: "bad time"
        case .idTooLong: "id too long"
        case .layoutKeyInNamedRow: "reserved key"
        }
    }

    @Test func rejectsTheBadLinesAsTheReferenceDoes() throws {
        let (_, rejections) = try Self.run("bad-lines.jsonl")
        let expected = try String(
            contentsOf: Self.samples.appendingPathComponent("expected/bad-lines.rejections.txt"), encoding: .utf8
        )
        .split(separator: "\n").map(String.init)
        #expect(rejections.map { "\($0.0): \(Self.referenceKind($0.1.reason))" } == expected)
    }
}
