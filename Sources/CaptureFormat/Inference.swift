@_spi(Scanning) import WireFormat

/// One normalized inference.
///
/// What a capture line becomes for Arthur, and what `ingest --dry-run --emit jsonl`
/// prints, one JSON object per line.
public struct Inference: Equatable, Sendable {
    /// The id Arthur keys the inference by: the capture's inference id (else event id), suffixed `_i` for row i
    /// when the request held several rows.
    public var partnerInferenceID: String
    /// `eventMetadata.inferenceTime`, as captured.
    public var timestamp: String
    /// The request row: `.array` (ordered values) or `.object` (named values).
    public var inputs: JSONValue
    /// The response row: `.array` (ordered values) or `.object` (named values).
    public var outputs: JSONValue
    /// The 1-based line of the capture file the inference came from.
    public var line: Int

    /// Makes an inference from its parts.
    public init(partnerInferenceID: String, timestamp: String, inputs: JSONValue, outputs: JSONValue, line: Int) {
        self.partnerInferenceID = partnerInferenceID
        self.timestamp = timestamp
        self.inputs = inputs
        self.outputs = outputs
        self.line = line
    }

    /// Appends {"partner_inference_id":..,"inference_timestamp":..,"inputs":..,"outputs":..,"line":N} and "\n".
    public func writeJSONLine(into buffer: inout [UInt8]) {
        JSONOutput.append(to: &buffer, capacity: 512) { output in
            output.append(#"{"partner_inference_id":"#)
            JSONWriter.writeString(partnerInferenceID, into: &output)
            output.append(#","inference_timestamp":"#)
            JSONWriter.writeString(timestamp, into: &output)
            output.append(#","inputs":"#)
            JSONWriter.write(inputs, into: &output)
            output.append(#","outputs":"#)
            JSONWriter.write(outputs, into: &output)
            output.append(#","line":"#)
            JSONWriter.write(.number(String(line)), into: &output)
            output.append("}\n")
        }
    }
}
