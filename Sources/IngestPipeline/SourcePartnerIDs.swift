import CaptureFormat

/// The distinct partner ids of a source's valid lines, in the order they first appear.
///
/// The partner inference ids of a source, read by the same rules as an ingestion: what `ingest verify` asks Arthur
/// for. Rejected lines give no id (they were never sent); an id given by several lines is asked for once.
public struct SourcePartnerIDs: Sendable {
    /// The ids, each once.
    public var ids: [String]
    /// Lines that are not valid captures (they have no id to look for).
    public var rejectedLines: Int
    /// Ground-truth lines: not inferences, so not asked for.
    public var groundTruthLines = 0

    /// Reads `source` to its end.
    public static func read(_ source: CaptureSource, maxLineBytes: Int = 64 << 20) async throws -> SourcePartnerIDs {
        let reader = LineReader(stream: try await source.open(), maxLineBytes: maxLineBytes)
        var ids: [String] = []
        var seen = Set<String>()
        var rejected = 0
        var groundTruth = 0
        while let line = try await reader.next() {
            switch line.kind {
            case .whole:
                if CaptureLineParser.isBlank(line.bytes) { continue }
                guard let summary = try? CaptureLineParser.validate(line.bytes) else {
                    if GroundTruthRecord.isGroundTruth(line.bytes) { groundTruth += 1 } else { rejected += 1 }
                    continue
                }
                for index in 0..<summary.inferenceCount {
                    let id = summary.partnerInferenceID(at: index)
                    if seen.insert(id).inserted { ids.append(id) }
                }
            case .oversizedPiece(let isFirst, _):
                if isFirst { rejected += 1 }
            }
        }
        return SourcePartnerIDs(ids: ids, rejectedLines: rejected, groundTruthLines: groundTruth)
    }
}
