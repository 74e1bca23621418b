// One ground-truth value set for one inference: an item of the `PATCH /api/v3/models/{id}/inferences` body
// (arthur-client, `PartnerIdInferenceGroundTruth`), and what `ingest --dry-run --emit jsonl` prints for it.

import WireFormat

/// The ground truth of one inference.
public struct GroundTruthItem: Sendable, Equatable {
    /// The inference it belongs to: the record's `eventId`, suffixed `_i` for row i when it held several rows.
    public var partnerInferenceID: String
    /// UTC RFC 3339.
    public var timestamp: String
    /// `{attribute: value}` keyed by the model's ground-truth attributes; without the schema, the row as read.
    public var data: JSONValue
    /// The 1-based source line.
    public var line: Int

    /// Makes an item from its parts.
    public init(partnerInferenceID: String, timestamp: String, data: JSONValue, line: Int) {
        self.partnerInferenceID = partnerInferenceID
        self.timestamp = timestamp
        self.data = data
        self.line = line
    }

    /// Appends `{"partner_inference_id":…,"ground_truth_timestamp":…,"ground_truth_data":{…}}` (no newline).
    public func writeArthurItem(into buffer: inout [UInt8]) {
        JSONWriter.write(
            .object([
                JSONMember("partner_inference_id", .string(partnerInferenceID)),
                JSONMember("ground_truth_timestamp", .string(timestamp)),
                JSONMember("ground_truth_data", data),
            ]), into: &buffer)
    }

    /// Appends `{"partner_inference_id":…,"ground_truth_timestamp":…,"ground_truth":…,"line":N}` and `\n`.
    public func writeJSONLine(into buffer: inout [UInt8]) {
        JSONWriter.write(
            .object([
                JSONMember("partner_inference_id", .string(partnerInferenceID)),
                JSONMember("ground_truth_timestamp", .string(timestamp)),
                JSONMember("ground_truth", data),
                JSONMember("line", .number(String(line))),
            ]), into: &buffer)
        buffer.append(0x0A)
    }
}
