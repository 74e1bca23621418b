import CaptureFormat

/// A chunk's inferences written as files, partitioned by hour.
///
/// Writes the inferences of one chunk's lines as flat rows, one file per UTC hour of their timestamps:
/// `PARTITION/NAME-N.EXT`, where `PARTITION` is `YYYY/MM/DD/HH`, `NAME` the source's name as one path segment
/// (``CaptureSource/fileName``) and `N` the chunk's number in the source. Names come from the source and its chunks
/// only, and chunks are cut by the file's bytes alone, so a rerun or a retried Lambda writes the same files again
/// and nothing is doubled. Memory is the chunk and its files' encoded bytes (rows are encoded as they are read):
/// files are cut at the chunk size.
///
/// A line is written when all the files its rows went to were written; a file that cannot be written leaves its
/// lines "not uploaded" with the reason (dead letter; a rerun with progress writes them).
struct ChunkFiles: ChunkSink {
    let output: FileOutput
    /// The model's schema (names for ordered values), if known.
    let schema: ModelSchema?
    /// The source's name as one path segment.
    let name: String

    var takesGroundTruth: Bool { false }
    var needsWholeChunks: Bool { true }

    func deliver(_ chunk: Chunk) async -> [LineVerdict] {
        var verdicts = [LineVerdict](repeating: .uploaded, count: chunk.lines.count)
        guard !chunk.isGroundTruth else { return verdicts }
        var partitions: [String: PartitionFile] = [:]
        var linesOf: [String: [Int]] = [:]
        for (index, line) in chunk.lines.enumerated() {
            let inferences: [Inference]
            do {
                inferences = try chunk.sourceBytes(of: line).withUnsafeBytes { bytes in
                    try CaptureLineParser.parse(bytes, lineNumber: line.number, allowingLayoutKeys: schema != nil)
                        .inferences
                }
            } catch {
                verdicts[index] = .notUploaded(reason: "not written: \(error)", sendAgainOnRerun: true)
                continue
            }
            for inference in inferences {
                let partition = inference.hourPartition ?? "unknown"
                partitions[partition, default: PartitionFile(format: output.format)].add(
                    inference.flatRow(schema: schema))
                if linesOf[partition]?.last != index { linesOf[partition, default: []].append(index) }
            }
        }
        for partition in partitions.keys.sorted() {
            let bytes = partitions.removeValue(forKey: partition)!.bytes()
            let file = "\(partition)/\(name)-\(chunk.sequence).\(output.format.fileExtension)"
            do {
                _ = try await output.target.write(bytes, name: file, contentType: output.format.contentType)
            } catch {
                for index in linesOf[partition]! {
                    verdicts[index] = .notUploaded(reason: "not written to \(file): \(error)", sendAgainOnRerun: true)
                }
            }
        }
        return verdicts
    }
}
