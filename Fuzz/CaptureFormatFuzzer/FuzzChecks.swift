import CaptureFormat
import WireFormat

/// The checks run on each fuzz input.
///
/// The properties the fuzzer checks on every input, each a crash when broken: `CaptureLineParser.parse` and
/// `validate` agree (both accept with the same summary, or both reject with the same reason); an accepted line's
/// inferences are valid JSON and its rewrite for Arthur is itself a valid line with the same inferences; every
/// rejection is one line of text; the line scanner and `JSONReader` agree on what is JSON, and a line written again
/// by `JSONWriter` gives the same outcome; `JSONReader` output written by `JSONWriter` reads back to the same value;
/// `PayloadRows.rows` and `PayloadRows.shape` agree for every format; `CSVReader` agrees with the CSV row count;
/// `Base64` decodes what it encodes; a ground-truth record is keyed into one item per row (or refused in one line of
/// text), each written as valid JSON.
enum FuzzChecks {
    /// Runs every check on `bytes`; traps on the first property that does not hold.
    static func run(_ bytes: UnsafeRawBufferPointer) {
        checkCaptureLine(bytes)
        checkJSONRoundTrip(bytes)
        for format in [PayloadFormat.csv, .json, .jsonLines] { checkPayloadRows(bytes, format: format) }
        checkCSV(bytes)
        checkBase64(bytes)
        checkGroundTruth(bytes)
    }

    /// A model of one INTEGER ground-truth attribute, to key records by.
    private static let groundTruthSchema = ModelSchema(attributes: [
        ModelAttribute(name: "label", valueType: "INTEGER", stage: "GROUND_TRUTH", position: 0)
    ])

    /// A ground-truth record is read and keyed into one item per row, each valid JSON, or refused in one line.
    static func checkGroundTruth(_ bytes: UnsafeRawBufferPointer) {
        guard GroundTruthRecord.isGroundTruth(bytes) else { return }
        do throws(GroundTruthRejection) {
            let record = try GroundTruthRecord(line: bytes)
            require(!record.rows.isEmpty, "a ground-truth record was read with no rows")
            let items = try groundTruthSchema.groundTruthItems(record, timestamp: "2024-01-20T08:00:00Z", line: 1)
            require(
                items.count == record.rows.count || record.isFlatArray, "ground truth gave a count other than its rows")
            for item in items {
                var written: [UInt8] = []
                item.writeArthurItem(into: &written)
                require((try? JSONReader.parse(written)) != nil, "a ground-truth item is not valid JSON")
            }
        } catch {
            require(
                !error.description.utf8.contains { $0 < 0x20 }, "a ground-truth rejection holds a control character")
        }
    }

    /// `parse` and `validate` agree; what they accept is well formed.
    static func checkCaptureLine(_ bytes: UnsafeRawBufferPointer) {
        let parsed = Result { () throws(CaptureRejection) in try CaptureLineParser.parse(bytes, lineNumber: 1) }
        let validated = Result { () throws(CaptureRejection) in try CaptureLineParser.validate(bytes) }
        switch (parsed, validated) {
        case (.success(let line), .success(let summary)):
            require(line.summary == summary, "parse and validate accept with different summaries")
            require(!line.inferences.isEmpty, "an accepted line has no inferences")
            for inference in line.inferences {
                var written: [UInt8] = []
                inference.writeJSONLine(into: &written)
                require(written.last == UInt8(ascii: "\n"), "an inference line does not end with a newline")
                require((try? JSONReader.parse(Array(written.dropLast()))) != nil, "an inference is not valid JSON")
            }
            if let rewritten = line.sentToArthur { checkRewrite(rewritten, of: line) }
            checkCanonicalForm(bytes, gives: .success(line.inferences))
        case (.failure(let parseError), .failure(let validateError)):
            require(parseError == validateError, "parse rejects with \(parseError), validate with \(validateError)")
            require(
                !parseError.description.utf8.contains { $0 < 0x20 },
                "a rejection's text holds a control character: \(parseError)")
            checkCanonicalForm(bytes, gives: .failure(parseError))
        case (.success, .failure(let error)):
            fail("parse accepts but validate rejects: \(error)")
        case (.failure(let error), .success):
            fail("validate accepts but parse rejects: \(error)")
        }
    }

    /// The line sent to Arthur instead of the captured one is valid, needs no rewrite, and gives the same inferences.
    private static func checkRewrite(_ rewritten: [UInt8], of line: CaptureLine) {
        guard let again = try? CaptureLineParser.parse(rewritten, lineNumber: 1) else {
            fail("the line rewritten for Arthur is rejected")
        }
        require(again.sentToArthur == nil, "the line sent to Arthur would be rewritten again")
        require(again.inferences == line.inferences, "the line rewritten for Arthur gives other inferences")
    }

    /// The line's scanner and `JSONReader` agree on what is JSON, and the line written again by `JSONWriter`
    /// (other spacing and escapes, same members in the same order) gives the same inferences or the same rejection.
    private static func checkCanonicalForm(
        _ bytes: UnsafeRawBufferPointer, gives outcome: Result<[Inference], CaptureRejection>
    ) {
        let isInvalidJSON: Bool
        if case .failure(let rejection) = outcome, case .invalidJSON = rejection.reason {
            isInvalidJSON = true
        } else {
            isInvalidJSON = false
        }
        guard let value = try? JSONReader.parse(bytes) else {
            require(isInvalidJSON, "JSONReader refuses a line the capture scanner reads as JSON")
            return
        }
        require(!isInvalidJSON, "the capture scanner refuses a line JSONReader reads: \(outcome)")
        var canonical: [UInt8] = []
        JSONWriter.write(value, into: &canonical)
        let again = Result { () throws(CaptureRejection) in try CaptureLineParser.parse(canonical, lineNumber: 1) }
        switch (outcome, again) {
        case (.success(let inferences), .success(let line)):
            require(line.inferences == inferences, "the line written again gives other inferences")
        case (.failure(let rejection), .failure(let rejectionAgain)):
            require(rejection == rejectionAgain, "the line written again is rejected with \(rejectionAgain)")
        default:
            fail("the line written again is \(again), the line itself \(outcome)")
        }
    }

    /// What `JSONReader` reads, `JSONWriter` writes so that it reads back the same, and writes the same again.
    static func checkJSONRoundTrip(_ bytes: UnsafeRawBufferPointer) {
        guard let value = try? JSONReader.parse(bytes) else { return }
        var written: [UInt8] = []
        JSONWriter.write(value, into: &written)
        guard let reread = try? JSONReader.parse(written) else { fail("JSONWriter wrote JSON that cannot be read") }
        require(reread == value, "JSONWriter's output reads back to another value")
        var rewritten: [UInt8] = []
        JSONWriter.write(reread, into: &rewritten)
        require(rewritten == written, "JSONWriter writes one value two ways")
    }

    /// Building the rows and reading only their shape (as spans, or counted) accept the same payloads, with the
    /// same shape — count, flat array, columnar row, row of scalars, Arthur's layout — or the same error.
    static func checkPayloadRows(_ bytes: UnsafeRawBufferPointer, format: PayloadFormat) {
        let read = Result { () throws(PayloadSyntaxError) in try PayloadRows.read(Array(bytes), format: format) }
        let rows = read.map(\.rows)
        let shape = Result { () throws(PayloadSyntaxError) in try PayloadRows.shape(bytes, format: format) }
        switch (rows, shape) {
        case (.success(let rows), .success(let shape)):
            require(rows.count == shape.rowCount, "\(format): \(rows.count) rows built but \(shape.rowCount) counted")
            if case .success(let built) = read, format != .csv {
                require(built.shape == shape, "\(format): shape \(built.shape) from values, \(shape) from spans")
            }
            if rows.count == 1, let values = rows[0].arrayValue, values.count >= 2,
                values.allSatisfy({ $0.arrayValue == nil && $0.objectValue == nil })
            {
                require(shape.singleRowScalarCount == values.count, "\(format): one row of scalars not counted")
            }
            for row in rows {
                switch row {
                case .array, .object: continue
                default: fail("\(format): a row is neither an array nor an object")
                }
            }
        case (.failure(let rowsError), .failure(let shapeError)):
            require(rowsError == shapeError, "\(format): rows fail with \(rowsError), shape with \(shapeError)")
        case (.success, .failure(let error)):
            fail("\(format): rows are built but counting fails: \(error)")
        case (.failure(let error), .success):
            fail("\(format): rows are counted but building fails: \(error)")
        }
    }

    /// The public CSV reader gives the rows the payload reader gives, as strings.
    static func checkCSV(_ bytes: UnsafeRawBufferPointer) {
        let rows = try? CSVReader.rows(bytes)
        let payloadRows = try? PayloadRows.rows(bytes, format: .csv)
        require((rows == nil) == (payloadRows == nil), "CSVReader and the CSV payload reader disagree on validity")
        guard let rows, let payloadRows else { return }
        let asValues = rows.map { JSONValue.array($0.map(JSONValue.string)) }
        require(asValues == payloadRows, "CSVReader and the CSV payload reader give different rows")
        require(rows.allSatisfy { !$0.isEmpty }, "CSVReader gave an empty row")
    }

    /// Base64 decodes what it encodes, and what it decodes encodes to text that decodes the same.
    static func checkBase64(_ bytes: UnsafeRawBufferPointer) {
        let encoded = Base64.encode(bytes)
        require(Base64.decode(encoded) == Array(bytes), "Base64 does not decode what it encoded")
        guard let decoded = Base64.decode(bytes) else { return }
        require(Base64.decode(Base64.encode(decoded)) == decoded, "Base64 does not round-trip decoded bytes")
    }

    private static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fail(message()) }
    }

    private static func fail(_ message: String) -> Never {
        fatalError("CaptureFormat fuzz check failed: \(message)")
    }
}
