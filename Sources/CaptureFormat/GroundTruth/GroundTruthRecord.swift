// Model Monitor's ground-truth record, `{"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":
// {"eventId":"…"},"eventVersion":"0"}`, read into rows: `data` is CSV, JSON or BASE64 (decoded, then read by its
// `observedContentType`, else as JSON when it holds JSON, else as CSV), split by the capture rules. The `eventId` is
// the id the user gave the inference: the partner id, `<id>_0`… when the data holds several rows.

import WireFormat

/// One ground-truth line, read.
public struct GroundTruthRecord: Sendable, Equatable {
    /// `eventMetadata.eventId`: the inference's partner id (before any `_i` suffix).
    public var eventID: String
    /// `eventMetadata.groundTruthTime`, else `inferenceTime`, in UTC; nil when the record has neither.
    public var time: String?
    /// The rows of `data`: each `.array` (ordered values) or `.object` (named values).
    public var rows: [JSONValue]
    /// True when the values are CSV text (typed by the model's attributes when keyed).
    public var isCSV: Bool
    /// True when `data` was one top-level JSON array of scalars, which is one row or one value per row (by the
    /// model's ground-truth attributes).
    public var isFlatArray: Bool

    /// True when the line is a ground-truth record, not a capture: it names `groundTruthData` and not `captureData`
    /// (a Model Monitor merged record, holding both, is a capture). Read from the bytes, without parsing.
    public static func isGroundTruth(_ line: UnsafeRawBufferPointer) -> Bool {
        contains(line, #""groundTruthData""#) && !contains(line, #""captureData""#)
    }

    /// Reads a ground-truth line, or says why it cannot be sent.
    public init(line: UnsafeRawBufferPointer) throws(GroundTruthRejection) {
        let root: JSONValue
        do {
            root = try JSONReader.parse(line)
        } catch {
            throw GroundTruthRejection("line is not JSON: \(error)")
        }
        guard root.objectValue != nil else { throw GroundTruthRejection("line is not a JSON object") }
        guard let metadata = root["eventMetadata"], metadata.objectValue != nil else {
            throw GroundTruthRejection("eventMetadata missing: a ground-truth record needs eventMetadata.eventId")
        }
        guard let eventID = metadata["eventId"]?.stringValue, !eventID.isEmpty else {
            throw GroundTruthRejection(
                "eventMetadata.eventId missing or not a non-empty string: it is the inference's id")
        }
        self.eventID = eventID
        time = nil
        for key in ["groundTruthTime", "inferenceTime"] {
            guard let value = metadata[key], !value.isNull else { continue }
            guard let text = value.stringValue, let utc = GroundTruthTime.utc(text) else {
                throw GroundTruthRejection(
                    "eventMetadata.\(key) \(JSONWriter.string(value)) is not a date-time "
                        + "(YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM])")
            }
            time = utc
            break
        }
        guard let truth = root["groundTruthData"], truth.objectValue != nil else {
            throw GroundTruthRejection("groundTruthData is not an object")
        }
        guard let encoding = truth["encoding"]?.stringValue else {
            throw GroundTruthRejection("groundTruthData.encoding missing")
        }
        guard let data = truth["data"]?.stringValue else { throw GroundTruthRejection("groundTruthData.data missing") }
        let typeFormat = truth["observedContentType"]?.stringValue.flatMap(MediaType.init).flatMap(PayloadFormat.init)
        var text = Array(data.utf8)
        let format: PayloadFormat
        switch encoding {
        case "CSV":
            format = .csv
        case "JSON":
            format = typeFormat == .jsonLines ? .jsonLines : .json
        case "BASE64":
            guard let decoded = Base64.decode(data) else {
                throw GroundTruthRejection("groundTruthData is BASE64 but its data is not valid base64")
            }
            text = decoded
            format = typeFormat ?? ((try? PayloadRows.rows(decoded, format: .json))?.isEmpty == false ? .json : .csv)
        default:
            throw GroundTruthRejection(
                "groundTruthData has encoding \(JSONWriter.string(.string(encoding))): only CSV, JSON and BASE64 are known"
            )
        }
        do {
            rows = try PayloadRows.rows(text, format: format)
        } catch {
            throw GroundTruthRejection("groundTruthData data cannot be read (\(error))")
        }
        guard !rows.isEmpty else { throw GroundTruthRejection("groundTruthData holds no value") }
        isCSV = format == .csv
        isFlatArray = false
        if format == .json, rows.count == 1, case .array(let values) = rows[0], values.count > 1,
            case .array(let document)? = try? JSONReader.parse(text), document == values
        {
            isFlatArray = true
        }
        let longest = eventID.count + (rows.count > 1 ? 1 + String(rows.count - 1).count : 0)
        guard longest <= 255 else {
            throw GroundTruthRejection(
                "partner inference id is \(longest) characters long: Arthur accepts at most 255")
        }
    }

    /// True when `needle` occurs in `bytes`.
    private static func contains(_ bytes: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        let pattern = UnsafeRawBufferPointer(start: needle.utf8Start, count: count)
        var index = 0
        search: while index <= bytes.count - count {
            defer { index += 1 }
            guard bytes[index] == pattern[0] else { continue }
            for offset in 1..<count where bytes[index + offset] != pattern[offset] { continue search }
            return true
        }
        return false
    }
}
