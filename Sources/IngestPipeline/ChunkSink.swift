/// Where a chunk of valid lines goes: Arthur, files, or both.
///
/// The seam between the pipeline's rules (the ledger, the dead letter, progress and resume, in
/// ``SourceIngestion``) and the wires: Arthur's upload (`ChunkUpload`), the files for data lakes (`ChunkFiles`),
/// both at once (`FilesThenArthur`), or an in-memory fake in the tests. A sink answers one ``LineVerdict`` per
/// line, in order; the pipeline does the rest.
protocol ChunkSink: Sendable {
    /// Whether ground-truth chunks go here (only Arthur takes ground truth; files hold inferences).
    var takesGroundTruth: Bool { get }
    /// Whether every chunk must hold every valid line, those an earlier run delivered included (marked
    /// ``Chunk/Line/resumed``, and not sent again): files are named by chunk, so a rerun must cut the same chunks.
    var needsWholeChunks: Bool { get }
    /// Delivers `chunk` and judges each of its lines.
    func deliver(_ chunk: Chunk) async -> [LineVerdict]
}
