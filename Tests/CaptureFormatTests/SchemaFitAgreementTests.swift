import CaptureFormat
import Testing
import WireFormat

/// ``ModelSchema/summaryIfFitting(_:)``, the schema check of CSV sides in place, held to the full check it stands in
/// for (`CaptureLineParser.parse`, ``ModelSchema/misfit(in:)``, ``ModelSchema/arthurLine(for:captured:)-(_,UnsafeRawBufferPointer)``)
/// over 20,000 random lines: CSV sides of every attribute type with values that fit and values that do not, rows of
/// other widths, a response of one row of scores for a batch, BASE64 sides, JSON sides. Whenever it gives a summary,
/// the full check must find the line valid, fitting, not rewritten for the schema and with the same summary; and
/// for a valid, fitting line whose sides are both CSV it must give one (else uploads lose its speed).
struct SchemaFitAgreementTests {
    static let schema = ModelSchema(attributes: [
        ModelAttribute(name: "count", valueType: "INTEGER", stage: "PIPELINE_INPUT", position: 0),
        ModelAttribute(name: "amount", valueType: "FLOAT", stage: "PIPELINE_INPUT", position: 1),
        ModelAttribute(name: "flag", valueType: "BOOLEAN", stage: "PIPELINE_INPUT", position: 2),
        ModelAttribute(name: "when", valueType: "TIMESTAMP", stage: "PIPELINE_INPUT", position: 3),
        ModelAttribute(name: "name", valueType: "STRING", stage: "PIPELINE_INPUT", position: 4),
        ModelAttribute(name: "tokens", valueType: "TOKENS", stage: "PIPELINE_INPUT", position: 5),
        ModelAttribute(name: "score", valueType: "FLOAT", stage: "PREDICTED_VALUE", position: 0),
    ])

    /// Values for each input column, in CSV as written inside the JSON `data` string: the first six fit, the rest
    /// may not (a value is one of the first six nine times in ten).
    static let columns: [[String]] = [
        ["39", "-2", "007", "3.0", "", " 4 ", "3.5", "1e2", "1.5e1", "x", "1e999", "0x10"],
        ["1.5", "-0.25", "3", ".5", "", "\t2\t", "1e-3", "nan", "1.2.3", "abc", "1e999"],
        ["true", "FALSE", "1", "0", "", "True", "yes", "2", " true", "tru"],
        [
            "2024-01-19T19:27:57Z", "2024-01-19 19:27:57.5+02:00", "", "2024-02-29T00:00:00Z", "2024-01-19T19:27:57",
            "2024-01-19T19:27:57.123456-05:30", "2024-13-01T00:00:00Z", "yesterday", "2023-02-29T00:00:00Z",
        ],
        ["Bob", "", #"\"a,b\""#, "x y", "1.5", #"\"say \"\"hi\"\"\""#],
        ["a b", "", "[1,2]", "x", "y", "z"],
    ]
    static let scores = ["0.5", "1", "-2e-3", "", "0.75", "7", "high"]

    /// One of `values`: one of the first six nine times in ten.
    static func pick(_ values: [String], _ random: inout SplitMix64) -> String {
        values[random.below(10) == 0 ? random.below(values.count) : random.below(min(6, values.count))]
    }

    @Test func agreesWithTheFullCheck() throws {
        var random = SplitMix64(seed: 23)
        var fastLines = 0
        for index in 0..<20_000 {
            let line = Self.randomLine(&random)
            let fast = line.withUnsafeBytes { Self.schema.summaryIfFitting($0) }
            let parsed = line.withUnsafeBytes {
                try? CaptureLineParser.parse($0, lineNumber: 1, allowingLayoutKeys: true)
            }
            let fits = parsed.map { Self.schema.misfit(in: $0) == nil } ?? false
            if let fast {
                fastLines += 1
                let parsed = try #require(parsed, "line \(index): \(String(decoding: line, as: UTF8.self))")
                #expect(fits, "line \(index): \(String(decoding: line, as: UTF8.self))")
                #expect(Self.schema.arthurLine(for: parsed, captured: line) == nil)
                #expect(fast == parsed.summary, "line \(index)")
            } else if let parsed, fits, parsed.inputFormat == .csv, parsed.outputFormat == .csv {
                Issue.record(
                    "line \(index) fits and is CSV, but was not checked in place: \(String(decoding: line, as: UTF8.self))"
                )
            }
        }
        #expect(fastLines > 2_000, "only \(fastLines) lines took the fast path")
    }

    @Test func aMisfitIsLeftToTheFullCheck() {
        let good = Self.line(input: #"39,1.5,true,2024-01-19T19:27:57Z,Bob,a\n"#, output: #"0.5\n"#)
        #expect(Self.fast(good) != nil)
        let badInteger = Self.line(input: #"3.5,1.5,true,2024-01-19T19:27:57Z,Bob,a\n"#, output: #"0.5\n"#)
        #expect(Self.fast(badInteger) == nil)
        let json = Self.line(
            input: #"39,1.5,true,2024-01-19T19:27:57Z,Bob,a\n"#, output: #"{\"predictions\":[[0.5]]}"#,
            outputEncoding: "JSON", outputType: "application/json")
        #expect(Self.fast(json) == nil)
    }

    static func fast(_ line: String) -> CaptureLineSummary? {
        Array(line.utf8).withUnsafeBytes { schema.summaryIfFitting($0) }
    }

    static func randomLine(_ random: inout SplitMix64) -> [UInt8] {
        let rowCount = 1 + random.below(4)
        var rows: [String] = []
        for _ in 0..<rowCount {
            var fields = columns.map { pick($0, &random) }
            switch random.below(12) {
            case 0: fields.removeLast()
            case 1: fields.append("extra")
            default: break
            }
            rows.append(fields.joined(separator: ","))
        }
        let input = rows.joined(separator: #"\n"#) + (random.below(2) == 0 ? #"\n"# : "")
        var outputRows = (0..<rowCount).map { _ in pick(scores, &random) }
        if random.below(8) == 0 { outputRows.append("0.1") }  // one row too many
        let output: String
        if rowCount > 1 && random.below(4) == 0 {
            output = outputRows.joined(separator: ",")  // one row of scores, one per request row
        } else {
            output = outputRows.joined(separator: #"\n"#)
        }
        switch random.below(10) {
        case 0:
            return Array(
                line(
                    input: Base64.encode(Array(unescaped(input).utf8)), inputEncoding: "BASE64",
                    output: output
                ).utf8)
        case 1:
            let json = "[" + outputRows.map { $0.isEmpty ? "null" : $0 }.joined(separator: ",") + "]"
            return Array(
                line(input: input, output: json, outputEncoding: "JSON", outputType: "application/json").utf8)
        default:
            return Array(line(input: input, output: output).utf8)
        }
    }

    /// JSON string content `text` unescaped (only the escapes the generator writes: `\n`, `\"`, `\t`).
    static func unescaped(_ text: String) -> String {
        text.replacingOccurrences(#"\n"#, "\n").replacingOccurrences(#"\""#, "\"").replacingOccurrences(#"\t"#, "\t")
    }

    static func line(
        input: String, inputEncoding: String = "CSV", output: String, outputEncoding: String = "CSV",
        outputType: String = "text/csv"
    ) -> String {
        ModelSchemaTests.line(
            input: input, inputEncoding: inputEncoding, output: output, outputEncoding: outputEncoding,
            outputType: outputType)
    }
}

extension String {
    /// `self` with every `target` replaced by `replacement` (Foundation's `replacingOccurrences`, which this
    /// target does not import).
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
