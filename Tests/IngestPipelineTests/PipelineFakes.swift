import CaptureFormat
import Synchronization

@testable import IngestPipeline

/// In-memory stand-ins for the pipeline's sinks and stores, so its rules run in process in milliseconds.
enum PipelineFakes {
    /// A capture line of one CSV row (`1,2` → `0.5`) with event id `e<number>` at `time`.
    static func line(_ number: Int, time: String = "2024-01-19T19:27:57Z") -> String {
        #"{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":"1,2\n","encoding":"CSV"},"#
            + #""endpointOutput":{"observedContentType":"text/csv","mode":"OUTPUT","data":"0.5\n","encoding":"CSV"}},"#
            + #""eventMetadata":{"eventId":"e\#(number)","inferenceTime":"\#(time)"},"eventVersion":"0"}"#
    }

    /// A source named `name` whose bytes are `text`, with a version so progress applies to it; its read fails
    /// (as a connection lost for good) once `failingAfter` bytes were read.
    static func source(_ text: String, name: String = "memory.jsonl", failingAfter: Int? = nil) -> CaptureSource {
        CaptureSource(name: name, deadLetterName: CaptureSource.deadLetterName(for: name)) {
            VersionedStream(Array(text.utf8), failingAfter: failingAfter)
        }
    }
}

/// Bytes in memory, version `v1`, whose read may fail part way.
final class VersionedStream: ByteStream, @unchecked Sendable {
    /// The read's failure once its bytes run out.
    struct Cut: Error {}

    private let bytes: [UInt8]
    private let failingAfter: Int?
    private var offset = 0
    let version: String? = "v1"
    var byteCount: Int? { bytes.count }

    init(_ bytes: [UInt8], failingAfter: Int? = nil) {
        self.bytes = bytes
        self.failingAfter = failingAfter
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) async throws -> Int {
        let end = min(bytes.count, failingAfter ?? bytes.count)
        if offset == end && end < bytes.count { throw Cut() }
        let count = min(buffer.count, end - offset)
        for index in 0..<count { buffer[index] = bytes[offset + index] }
        offset += count
        return count
    }
}

/// A sink that records each chunk it is given (line numbers, resumed or not) and judges each line by `judge`.
final class FakeSink: ChunkSink, @unchecked Sendable {
    /// One delivered chunk: its number and its lines as (line number, resumed).
    struct Delivery: Equatable {
        var sequence: Int
        var lines: [Int]
        var resumed: [Int]
    }

    let takesGroundTruth = true
    let needsWholeChunks: Bool
    private let judge: @Sendable (Int) -> LineVerdict
    private let recorded = Mutex<[Delivery]>([])

    init(needsWholeChunks: Bool = false, judge: @escaping @Sendable (Int) -> LineVerdict = { _ in .uploaded }) {
        self.needsWholeChunks = needsWholeChunks
        self.judge = judge
    }

    var deliveries: [Delivery] { recorded.withLock { $0 } }

    func deliver(_ chunk: Chunk) async -> [LineVerdict] {
        recorded.withLock {
            $0.append(
                Delivery(
                    sequence: chunk.sequence, lines: chunk.lines.map(\.number),
                    resumed: chunk.lines.filter(\.resumed).map(\.number)))
        }
        return chunk.lines.map { judge($0.number) }
    }
}

/// A dead letter that keeps each line's number and reason.
final class MemoryDeadLetter: DeadLetter, @unchecked Sendable {
    var kept: [(number: Int, reason: String)] = []
    private var current: [UInt8] = []

    func beginLine() throws { current = [] }
    func appendLine(_ bytes: UnsafeRawBufferPointer) throws { current += bytes }
    func endLine(number: Int, reason: String) throws { kept.append((number, reason)) }
    func finish() async throws -> [String] { kept.isEmpty ? [] : ["memory"] }
}

/// Progress records and leases in a dictionary, with the stores' compare-and-swap rules.
final class MemoryProgressStore: ProgressStore {
    private let state = Mutex<(records: [String: StoredProgress], leases: [String: StoredLease], next: Int)>(
        ([:], [:], 0))

    func load(_ name: String) async throws -> StoredProgress? { state.withLock { $0.records[name] } }

    func save(_ record: ProgressRecord, for name: String, replacing revision: String?) async throws -> String {
        try state.withLock { state in
            guard state.records[name]?.revision == revision else { throw ProgressConflict("\(name): moved on") }
            state.next += 1
            state.records[name] = StoredProgress(bytes: record.json, revision: "r\(state.next)")
            return "r\(state.next)"
        }
    }

    func loadLease(_ name: String) async throws -> StoredLease? { state.withLock { $0.leases[name] } }

    func writeLease(_ lease: ProgressLease, for name: String, replacing revision: String?) async throws -> String {
        try state.withLock { state in
            guard state.leases[name]?.revision == revision else { throw ProgressConflict("\(name): leased") }
            state.next += 1
            state.leases[name] = StoredLease(lease: lease, revision: "l\(state.next)")
            return "l\(state.next)"
        }
    }

    func deleteLease(_ name: String, revision: String) async throws {
        try state.withLock { state in
            guard state.leases[name]?.revision == revision else { throw ProgressConflict("\(name): not ours") }
            state.leases[name] = nil
        }
    }
}

/// A reporter that keeps nothing.
struct SilentReporter: IngestReporter {
    func lineRejected(source: String, line: Int, reason: String) {}
    func warning(source: String, line: Int?, message: String) {}
    func sourceSkipped(source: String, reason: String) {}
    func linesNotUploaded(source: String, lines: [Int], reason: String) {}
    func notice(source: String, message: String) {}
    func progress(source: String, ledger: Ledger) {}
}
