import CaptureFormat
import Testing

@testable import IngestPipeline

/// The pipeline's rules in process, with fake sinks (issue 14.4): the ledger, per-line verdicts mapped to the dead
/// letter, and resume, for a sink named by chunk (files) and one that is not (Arthur).
@Suite struct SourceIngestionTests {
    /// Six valid lines and one bad one (line 4); chunks of two lines.
    let text = (1...7).map { $0 == 4 ? "not json" : PipelineFakes.line($0) }.joined(separator: "\n") + "\n"

    func options() -> IngestOptions {
        var options = IngestOptions()
        options.chunkBytes = 2 * PipelineFakes.line(1).utf8.count + 2
        return options
    }

    /// Where lines 1–5 end (with their newlines): a read cut there fails the source after line 5.
    var afterLineFive: Int { text.split(separator: "\n").prefix(5).reduce(0) { $0 + $1.utf8.count + 1 } }

    func run(
        _ sink: FakeSink, deadLetter: MemoryDeadLetter = MemoryDeadLetter(), progress: MemoryProgressStore? = nil,
        failingAfter: Int? = nil
    ) async -> SourceReport {
        await SourceIngestion(
            source: PipelineFakes.source(text, failingAfter: failingAfter), options: options(), sink: sink,
            deadLetter: deadLetter, output: nil,
            reporter: SilentReporter(), progress: progress
        ).run()
    }

    @Test func everyLineEndsUploadedRejectedOrFailed() async {
        let sink = FakeSink()
        let deadLetter = MemoryDeadLetter()
        let report = await run(sink, deadLetter: deadLetter)
        #expect(report.ledger.lines == 7)
        #expect(report.ledger.rejectedLines == 1)
        #expect(report.ledger.uploadedLines == 6)
        #expect(report.ledger.uploadedInferences == 6)
        #expect(report.ledger.isBalanced(dryRun: false))
        #expect(deadLetter.kept.map(\.number) == [4])
        #expect(sink.deliveries.map(\.lines) == [[1, 2], [3, 5], [6, 7]])
        #expect(report.isClean == false)
    }

    @Test func verdictsMapToTheDeadLetterAndTheLedger() async {
        let sink = FakeSink { number in
            switch number {
            case 2: .refused(reason: "HTTP 400: bad row", failedInferences: 1)
            case 3: .notUploaded(reason: "not uploaded: 207 counts do not add up", sendAgainOnRerun: false)
            case 5: .resend(reason: "HTTP 503 item")
            default: .uploaded
            }
        }
        let deadLetter = MemoryDeadLetter()
        let report = await run(sink, deadLetter: deadLetter)
        #expect(report.ledger.uploadedLines == 3)
        #expect(report.ledger.failedLines == 3)
        #expect(report.ledger.uploadedInferences == 3)
        #expect(report.ledger.isBalanced(dryRun: false))
        #expect(deadLetter.kept.map(\.number) == [4, 2, 3, 5])
        #expect(
            deadLetter.kept.map(\.reason).dropFirst() == [
                "HTTP 400: bad row", "not uploaded: 207 counts do not add up", "HTTP 503 item",
            ])
    }

    /// Arthur's rule: after a run that stopped part way (its read failed), a rerun sends only what was not
    /// accepted (the 5xx line, and the lines not read), and a line whose answer did not account for it stays in the
    /// dead letter rather than risk a duplicate.
    @Test func aRerunSendsOnlyTheRestToASinkNotNamedByChunk() async {
        let progress = MemoryProgressStore()
        let first = FakeSink { number in
            switch number {
            case 3: .notUploaded(reason: "unaccounted", sendAgainOnRerun: false)
            case 5: .resend(reason: "HTTP 503 item")
            default: .uploaded
            }
        }
        let cut = await run(first, progress: progress, failingAfter: afterLineFive)
        #expect(cut.error != nil)
        #expect(first.deliveries.map(\.lines) == [[1, 2], [3, 5]])
        let second = FakeSink()
        let deadLetter = MemoryDeadLetter()
        let report = await run(second, deadLetter: deadLetter, progress: progress)
        #expect(second.deliveries.map(\.lines) == [[5, 6], [7]])
        #expect(report.ledger.resumedLines == 2)
        #expect(report.ledger.uploadedLines == 5)
        #expect(report.ledger.failedLines == 1)
        #expect(deadLetter.kept.map(\.number) == [3, 4])
        #expect(report.ledger.isBalanced(dryRun: false))
        // Read to its end now: a third run reads nothing.
        let third = FakeSink()
        #expect(await run(third, progress: progress).alreadyIngested)
        #expect(third.deliveries.isEmpty)
    }

    /// Files' rule: a rerun cuts the same chunks (so it writes the same files), marks what an earlier run
    /// delivered, does not count it twice, and skips a chunk delivered whole.
    @Test func aRerunCutsTheSameChunksForASinkNamedByChunk() async {
        let progress = MemoryProgressStore()
        let first = FakeSink(needsWholeChunks: true) { number in
            number == 5 ? .notUploaded(reason: "not written: disk full", sendAgainOnRerun: true) : .uploaded
        }
        let cut = await run(first, progress: progress, failingAfter: afterLineFive)
        #expect(cut.ledger.failedLines == 1)
        let second = FakeSink(needsWholeChunks: true)
        let report = await run(second, progress: progress)
        #expect(
            second.deliveries == [
                FakeSink.Delivery(sequence: 2, lines: [3, 5], resumed: [3]),
                FakeSink.Delivery(sequence: 3, lines: [6, 7], resumed: []),
            ])
        #expect(report.ledger.uploadedLines == 6)
        #expect(report.ledger.resumedLines == 3)
        #expect(report.ledger.failedLines == 0)
        #expect(report.ledger.isBalanced(dryRun: false))
    }

    @Test func filesThenArthurSendsArthurOnlyWhatTheFilesTook() async {
        let files = FakeSink(needsWholeChunks: true) { number in
            number == 2 ? .notUploaded(reason: "not written", sendAgainOnRerun: true) : .uploaded
        }
        let arthur = FakeSink { number in number == 3 ? .refused(reason: "HTTP 400", failedInferences: 1) : .uploaded }
        let both = FilesThenArthur(files: files, arthur: arthur)
        let deadLetter = MemoryDeadLetter()
        let report = await SourceIngestion(
            source: PipelineFakes.source(text), options: options(), sink: both, deadLetter: deadLetter, output: nil,
            reporter: SilentReporter()
        ).run()
        #expect(files.deliveries.map(\.lines) == [[1, 2], [3, 5], [6, 7]])
        #expect(arthur.deliveries.map(\.lines) == [[1], [3, 5], [6, 7]])
        #expect(deadLetter.kept.map(\.number) == [4, 2, 3])
        #expect(report.ledger.uploadedLines == 4)
        #expect(report.ledger.isBalanced(dryRun: false))
    }

    @Test func groundTruthIsRejectedWhenOnlyFilesAreWritten() async {
        let groundTruth =
            #"{"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":{"eventId":"e1"},"eventVersion":"0"}"#
        let deadLetter = MemoryDeadLetter()
        let report = await SourceIngestion(
            source: PipelineFakes.source(groundTruth + "\n"), options: options(),
            sink: ChunkFiles(
                output: FileOutput(target: .folder("/nonexistent"), format: .json), schema: nil, name: "x"),
            deadLetter: deadLetter, output: nil, reporter: SilentReporter()
        ).run()
        #expect(report.ledger.rejectedLines == 1)
        #expect(deadLetter.kept.first?.reason == GroundTruthRejection.onlyForArthur.description)
    }
}
