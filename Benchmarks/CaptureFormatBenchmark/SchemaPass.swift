import CaptureFormat
import WireFormat

/// The schema an upload checks against, made up from the file's first capture line as if the model had been
/// registered from it: one attribute per value of its first row, named as the row names them (`input_N` /
/// `output_N` for ordered values), FLOAT for a number (or CSV text that reads as one), BOOLEAN, else STRING.
/// Lines of another shape than the first misfit it and count as rejected, as they would be in `ingest`.
func schemaFromFirstLine(of file: CaptureFile) -> ModelSchema? {
    var schema: ModelSchema?
    file.forEachLine { line, number in
        guard schema == nil, let parsed = try? CaptureLineParser.parse(line, lineNumber: number),
            let first = parsed.inferences.first
        else { return }
        func attributes(_ values: JSONValue, stage: String, prefix: String, isCSV: Bool) -> [ModelAttribute] {
            let named: [(String, JSONValue)] =
                switch values {
                case .object(let members): members.map { ($0.key, $0.value) }
                case .array(let elements): elements.enumerated().map { ("\(prefix)_\($0.offset)", $0.element) }
                default: [("\(prefix)_0", values)]
                }
            return named.enumerated().map { position, pair in
                let type =
                    switch pair.1 {
                    case .number: "FLOAT"
                    case .bool: "BOOLEAN"
                    case .string(let text) where isCSV && Double(text) != nil: "FLOAT"
                    default: "STRING"
                    }
                return ModelAttribute(name: pair.0, valueType: type, stage: stage, position: position)
            }
        }
        schema = ModelSchema(
            attributes: attributes(
                first.inputs, stage: ModelAttribute.inputStage, prefix: "input", isCSV: parsed.inputFormat == .csv)
                + attributes(
                    first.outputs, stage: ModelAttribute.outputStage, prefix: "output",
                    isCSV: parsed.outputFormat == .csv))
    }
    return schema
}

/// What an upload does per line when the model has a schema (`SourceIngestion`'s check): a line whose sides are CSV
/// checked in place (`summaryIfFitting`), any other read into its rows and each row checked against the schema; the
/// line Arthur is sent (named rows ordered) copied into a chunk.
func schemaUploadPass(_ file: CaptureFile, schema: ModelSchema) -> PassCounts {
    var counts = PassCounts()
    var chunk = UploadChunk()
    file.forEachLine { line, number in
        guard !CaptureLineParser.isBlank(line) else { return }
        counts.lines += 1
        let sentToArthur: [UInt8]?
        if let summary = schema.summaryIfFitting(line) {
            counts.inferences += summary.inferenceCount
            sentToArthur = summary.sentToArthur
        } else {
            guard let parsed = try? CaptureLineParser.parse(line, lineNumber: number, allowingLayoutKeys: true),
                schema.misfit(in: parsed) == nil
            else {
                counts.rejected += 1
                return
            }
            counts.inferences += parsed.inferences.count
            sentToArthur = schema.arthurLine(for: parsed, captured: line) ?? parsed.sentToArthur
        }
        chunk.pack(line, sent: sentToArthur, counts: &counts)
    }
    chunk.finish(&counts)
    return counts
}
