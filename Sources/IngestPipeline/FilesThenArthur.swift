/// Files first, then Arthur: the sink of a run that writes files and uploads.
///
/// Each chunk's files are written first; the lines whose rows were written then go to Arthur, and Arthur's verdict
/// is theirs. A line is delivered only when both took it. Files go first because writing them again is harmless
/// (their names depend only on the source and the chunk, so a rerun writes the same objects), while a second
/// upload to Arthur is a duplicate: a chunk whose files could not be written is not sent to Arthur (its lines go to
/// the dead letter, and a rerun with progress writes and sends them). Lines an earlier run delivered
/// (``Chunk/Line/resumed``) are written again with their chunk but not sent again. Ground truth goes to Arthur only.
struct FilesThenArthur: ChunkSink {
    let files: any ChunkSink
    let arthur: any ChunkSink

    var takesGroundTruth: Bool { arthur.takesGroundTruth }
    var needsWholeChunks: Bool { true }

    func deliver(_ chunk: Chunk) async -> [LineVerdict] {
        var verdicts =
            chunk.isGroundTruth
            ? [LineVerdict](repeating: .uploaded, count: chunk.lines.count) : await files.deliver(chunk)
        let onward = chunk.lines.indices.filter { verdicts[$0] == .uploaded && !chunk.lines[$0].resumed }
        guard !onward.isEmpty else { return verdicts }
        let sending =
            onward.count == chunk.lines.count
            ? chunk : chunk.resending(onward.map { chunk.lines[$0] }, sequence: chunk.sequence)
        let answered = await arthur.deliver(sending)
        for (position, index) in onward.enumerated() { verdicts[index] = answered[position] }
        return verdicts
    }
}
