import ArthurUpload
import CaptureFormat

/// What became of one source.
public struct SourceReport: Sendable {
    public var source: String
    public var ledger: Ledger
    /// Files the dead letter wrote.
    public var deadLetterPaths: [String]
    /// Why the source stopped early (unreadable, dead letter not writable, told to stop), if it did.
    public var error: SourceError?
    /// True when a progress record showed the source was ingested whole before; nothing was read.
    public var alreadyIngested = false
    /// Why the source was skipped whole (it holds no captures), if it was.
    public var skipped: String?

    /// True when every line was uploaded (or, in a dry run, valid) and nothing went wrong.
    public var isClean: Bool { error == nil && ledger.rejectedLines == 0 && ledger.failedLines == 0 }
}

/// One source's run through the pipeline.
///
/// Ingests one source: reads its lines, parses each, prints the inferences, packs valid lines into
/// chunks and uploads them while the next ones are parsed, and keeps every rejected or failed line
/// in the dead letter, counting all of it in a ``Ledger``.
///
/// Parsing runs on the calling task; at most ``IngestOptions/uploadsInFlight`` uploads run beside it
/// as child tasks. Dead letter, output, ledger and progress are touched only by the calling task.
///
/// With a ``ProgressStore``, a record of what Arthur accepted is saved after each answered upload; a
/// later run of the same source version sends only the rest (see ``ProgressRecord``). A run can be told
/// to stop early (a deadline, Ctrl-C): it stops reading, waits for its uploads, and saves its progress.
public final class SourceIngestion {
    /// An upload's chunk and its answer. A struct, not a tuple: Swift 6.3.1 at `-O` miscompiles a child task
    /// that returns a `(Chunk, Result)` tuple from a `do`/`catch` (`group.next()` finds nothing, or the
    /// process crashes in `swift_retain` when the result is handed over).
    struct Outcome: Sendable {
        var chunk: Chunk
        /// One per line of the chunk.
        var verdicts: [LineVerdict]
    }

    let source: CaptureSource
    let options: IngestOptions
    /// Where valid lines go (Arthur, files, or both); nil in a dry run.
    let sink: (any ChunkSink)?
    let deadLetter: (any DeadLetter)?
    let output: BufferedFileWriter?
    let progress: (any ProgressStore)?
    let reporter: any IngestReporter
    private let stop: StopFlag?
    /// How this run's leases are named and how long they last (with a progress store).
    let leaseTerms: LeaseTerms
    /// The lease held on the source while it is ingested (with a progress store).
    var lease: SourceLease?
    /// The revision of the saved record, which the next save must replace (nil: none saved yet).
    var recordRevision: String?
    /// Set when another run wrote the progress record or took the lease: the run stops and saves nothing more.
    var progressConflict: SourceError?
    /// What Arthur accepted so far, saved after each answered upload (with a progress store).
    var record: ProgressRecord?
    /// The record an earlier run left, whose uploaded lines are not sent again.
    var resumed: ProgressRecord?
    /// True when the record said the source was done before.
    var alreadyIngested = false
    var ledger = Ledger()
    var chunk: Chunk
    private var inFlight = 0
    private var deadLetterError: SourceError?
    /// The partner ids given so far, to warn of repeats.
    private var partnerIDs = PartnerIDRegistry()
    /// The relabelled content types warned of so far (once per source).
    private var relabelled: Set<Relabelling> = []
    /// The time of ground truth that names none: the hour the source's path names, else its last-modified time.
    var groundTruthFallbackTime: String?
    /// True once a ground-truth line without the schema was printed as read (said once per source).
    var groundTruthUnkeyedNoted = false

    /// Prepares a run of `source` that uploads to Arthur with `uploader`, writes files to `files`, or both; with
    /// neither it is a dry run. Once `stop` is set, the run reads no further line and finishes what it read:
    /// delivers it or keeps it in the dead letter.
    public convenience init(
        source: CaptureSource, options: IngestOptions, uploader: ArthurUploader?, files: FileOutput? = nil,
        deadLetter: (any DeadLetter)?, output: BufferedFileWriter?, reporter: any IngestReporter,
        progress: (any ProgressStore)? = nil, stop: StopFlag? = nil, lease: LeaseTerms = .commandLine()
    ) {
        let upload = uploader.map {
            ChunkUpload(uploader: $0, stem: source.stem, stop: stop, grace: options.stopGrace)
        }
        let written = files.map { ChunkFiles(output: $0, schema: options.schema, name: source.fileName) }
        let sink: (any ChunkSink)? =
            if let upload, let written { FilesThenArthur(files: written, arthur: upload) } else { upload ?? written }
        self.init(
            source: source, options: options, sink: sink, deadLetter: deadLetter, output: output, reporter: reporter,
            progress: progress, stop: stop, lease: lease)
    }

    /// Prepares a run of `source` whose valid lines go to `sink` (nil: a dry run).
    init(
        source: CaptureSource, options: IngestOptions, sink: (any ChunkSink)?, deadLetter: (any DeadLetter)?,
        output: BufferedFileWriter?, reporter: any IngestReporter, progress: (any ProgressStore)? = nil,
        stop: StopFlag? = nil, lease: LeaseTerms = .commandLine()
    ) {
        self.progress = sink == nil ? nil : progress
        self.stop = stop
        self.leaseTerms = lease
        self.source = source
        self.options = options
        self.sink = sink
        self.deadLetter = deadLetter
        self.output = output
        self.reporter = reporter
        self.chunk = Chunk(sequence: 1, capacity: 0)
    }

    /// Takes the source's lease (with a progress store), reads the source to its end (or its first error), waits
    /// for its uploads and releases the lease. When another run holds the lease, the source is not read: its
    /// report's error is retryable.
    public func run() async -> SourceReport {
        do {
            try await takeLease()
        } catch {
            return SourceReport(source: source.name, ledger: ledger, deadLetterPaths: [], error: error)
        }
        let renewal = lease.map { lease in Task { await lease.renewWhileHeld() } }
        let report = await ingest()
        renewal?.cancel()
        await renewal?.value
        await lease?.release()
        return report
    }

    private func ingest() async -> SourceReport {
        var error: SourceError?
        var skipped: String?
        await withTaskGroup(of: Outcome.self) { group in
            do {
                let stream = try await source.open()
                groundTruthFallbackTime = GroundTruthTime.hour(inPath: source.name) ?? stream.lastModified
                if try await loadProgress(version: stream.version, byteCount: stream.byteCount) { return }
                let reader = LineReader(stream: stream, maxLineBytes: options.maxLineBytes)
                var linesSinceProgress = 0
                var isOpening = true  // until the first non-blank line shows whether this may be a manifest
                var probe: ManifestProbe?
                while let line = try await reader.next() {
                    if let conflict = progressConflict ?? leaseLost() { throw conflict }
                    if let stop, stop.isStopped, line.kind == .whole {
                        // Lines held to see whether the source is a manifest were not judged yet either.
                        let first = probe?.lines.first?.number ?? line.number
                        throw SourceError(
                            source: source.name,
                            message: "stopped before line \(first) (\(stop.reason ?? "stopped")); "
                                + "a run with the same progress resumes after the lines Arthur accepted",
                            isRetryable: true)
                    }
                    if isOpening, probe == nil, line.kind == .whole, !CaptureLineParser.isBlank(line.bytes) {
                        isOpening = false
                        if BatchTransformManifest.mayStartManifest(line.bytes) { probe = ManifestProbe() }
                    }
                    if var held = probe {
                        if held.hold(line) {
                            probe = held
                            continue
                        }
                        probe = nil
                        try await takeHeld(held, group: &group)
                    }
                    try await take(line, group: &group)
                    try await deadLetter?.drain()
                    linesSinceProgress += 1
                    if linesSinceProgress >= 4096 {
                        linesSinceProgress = 0
                        ledger.bytes = reader.bytesRead
                        reporter.progress(source: source.name, ledger: ledger)
                    }
                }
                ledger.bytes = reader.bytesRead
                if let probe {
                    if probe.isManifest {
                        skipped = "a batch transform capture manifest, not endpoint captures"
                        ledger.skippedSources += 1
                        reporter.sourceSkipped(source: source.name, reason: skipped!)
                    } else {
                        try await takeHeld(probe, group: &group)
                    }
                }
            } catch let failure as SourceError {
                error = failure
            } catch let failure {
                error = SourceError(source: source.name, message: "\(failure)")
            }
            if !chunk.isEmpty { await send(group: &group) }
            while let outcome = await group.next() { await settle(outcome) }
        }
        if alreadyIngested {
            return SourceReport(source: source.name, ledger: ledger, deadLetterPaths: [], alreadyIngested: true)
        }
        var paths: [String] = []
        do {
            try output?.flush()
            paths = try await deadLetter?.finish() ?? []
            if error == nil && deadLetterError == nil && progressConflict == nil, var finished = record {
                finished.completed = true
                try await saveProgress(finished)
            }
        } catch let failure as SourceError {
            error = error ?? failure
        } catch let failure {
            error = error ?? SourceError(source: source.name, message: "dead letter: \(failure)")
        }
        reporter.progress(source: source.name, ledger: ledger)
        return SourceReport(
            source: source.name, ledger: ledger, deadLetterPaths: paths,
            error: progressConflict ?? error ?? deadLetterError, skipped: skipped)
    }

    /// Judges the lines a manifest probe held, in order, as any other lines.
    private func takeHeld(_ probe: ManifestProbe, group: inout TaskGroup<Outcome>) async throws {
        for held in probe.lines {
            let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: held.bytes.count, alignment: 1)
            defer { bytes.deallocate() }
            held.bytes.withUnsafeBytes { bytes.copyMemory(from: $0) }
            try await take(
                LineReader.Line(number: held.number, bytes: UnsafeRawBufferPointer(bytes), kind: .whole), group: &group)
            try await deadLetter?.drain()
        }
    }

    private func take(_ line: LineReader.Line, group: inout TaskGroup<Outcome>) async throws {
        switch line.kind {
        case .whole:
            if CaptureLineParser.isBlank(line.bytes) {
                ledger.blankLines += 1
                return
            }
            ledger.lines += 1
            // Rows are built only when they are printed; otherwise the line is checked by the same
            // rules without them, which is several times faster.
            // With a schema, rows are built to be checked, and a line that does not fit is rejected.
            var inferences: [Inference] = []
            var summary: CaptureLineSummary
            var misfit: SchemaMisfit?
            do {
                if output != nil || options.schema != nil {
                    // With a schema, named rows go ordered, so they may use `features` & co. as names.
                    let parsed = try CaptureLineParser.parse(
                        line.bytes, lineNumber: line.number, allowingLayoutKeys: options.schema != nil)
                    inferences = parsed.inferences
                    summary = parsed.summary
                    if let schema = options.schema {
                        misfit = schema.misfit(in: parsed)
                        if misfit == nil, let ordered = schema.arthurLine(for: parsed, captured: line.bytes) {
                            summary.sentToArthur = ordered
                        }
                    }
                } else {
                    summary = try CaptureLineParser.validate(line.bytes)
                }
            } catch {
                // A line that is no capture may be ground truth: asked only then, so captures pay nothing for it.
                if GroundTruthRecord.isGroundTruth(line.bytes) {
                    try await takeGroundTruth(line, group: &group)
                    return
                }
                try reject(line.bytes, number: line.number, reason: error.description)
                return
            }
            if let misfit {
                try reject(line.bytes, number: line.number, reason: misfit.description)
                return
            }
            ledger.validLines += 1
            ledger.inferences += summary.inferenceCount
            if let seconds = summary.inferenceSecondsSince1970 { ledger.note(inferenceTime: seconds) }
            for relabelling in summary.relabellings where relabelled.insert(relabelling).inserted {
                reporter.warning(source: source.name, line: nil, message: relabelling.description)
            }
            if let repeated = partnerIDs.register(summary, line: line.number) {
                ledger.duplicateIDs += repeated.count
                reporter.warning(
                    source: source.name, line: line.number,
                    message: "partner inference id \"\(repeated.id)\" already given by line \(repeated.earlierLine); "
                        + "both are kept")
            }
            if let output {
                try output.append { buffer in
                    for inference in inferences { inference.writeJSONLine(into: &buffer) }
                }
            }
            guard let sink else { return }
            let resumed = try resumedEarlier(line, items: summary.inferenceCount, isGroundTruth: false)
            if resumed && !sink.needsWholeChunks { return }
            let sentCount = summary.sentToArthur?.count ?? line.bytes.count
            if !chunk.isEmpty && (chunk.isGroundTruth || chunk.bytes.count + sentCount + 1 > options.chunkBytes) {
                await send(group: &group)
            }
            if let rewritten = summary.sentToArthur {
                rewritten.withUnsafeBytes { sent in
                    chunk.append(
                        sent: sent, original: line.bytes, number: line.number, eventID: summary.eventID,
                        inferenceID: summary.inferenceID, inferences: summary.inferenceCount, resumed: resumed)
                }
            } else {
                chunk.append(
                    sent: line.bytes, original: nil, number: line.number, eventID: summary.eventID,
                    inferenceID: summary.inferenceID, inferences: summary.inferenceCount, resumed: resumed)
            }
        case .oversizedPiece(let isFirst, let isLast):
            if isFirst {
                ledger.lines += 1
                try deadLetter?.beginLine()
            }
            try deadLetter?.appendLine(line.bytes)
            if isLast {
                let reason = CaptureRejection(.lineTooLong(limit: options.maxLineBytes)).description
                try deadLetter?.endLine(number: line.number, reason: reason)
                ledger.rejectedLines += 1
                reporter.lineRejected(source: source.name, line: line.number, reason: reason)
            }
        }
    }

    func reject(_ bytes: UnsafeRawBufferPointer, number: Int, reason: String) throws {
        ledger.rejectedLines += 1
        reporter.lineRejected(source: source.name, line: number, reason: reason)
        try deadLetter?.keep(bytes, number: number, reason: reason)
    }

    /// Starts delivering the current chunk, first waiting for a slot when all are busy. A chunk an earlier run
    /// delivered whole is not sent again.
    func send(group: inout TaskGroup<Outcome>) async {
        guard let sink else { return }
        if chunk.isResumedWhole {
            chunk = Chunk(sequence: chunk.sequence + 1, capacity: options.chunkBytes)
            return
        }
        if inFlight >= max(1, options.uploadsInFlight), let outcome = await group.next() {
            await settle(outcome)
        }
        let full = chunk
        chunk = Chunk(sequence: full.sequence + 1, capacity: options.chunkBytes)
        if let conflict = progressConflict {
            // Another run holds the source now: it sends these lines, which this run's record does not cover.
            let reason = "not sent: \(conflict.message)"
            let unsent = full.lines.filter { !$0.resumed }
            for line in unsent { keepFailed(line, of: full, reason: reason) }
            reporter.linesNotUploaded(source: source.name, lines: unsent.map(\.number), reason: reason)
            return
        }
        inFlight += 1
        group.addTask { Outcome(chunk: full, verdicts: await sink.deliver(full)) }
    }

    /// Accounts for an answered chunk: uploaded lines, the dead letter for the rest, and the progress record.
    private func settle(_ outcome: Outcome) async {
        inFlight -= 1
        let chunk = outcome.chunk
        var sendAgain: [Int] = []
        var failedRun: (lines: [Int], reason: String)?
        func flushFailedRun() {
            if let run = failedRun {
                reporter.linesNotUploaded(source: source.name, lines: run.lines, reason: run.reason)
            }
            failedRun = nil
        }
        // Lines an earlier run delivered were counted when read; they are in the record's ranges already.
        for (line, verdict) in zip(chunk.lines, outcome.verdicts) where !line.resumed {
            switch verdict {
            case .uploaded:
                ledger.uploadedLines += 1
                countUploaded(line.inferences, of: chunk)
            case .refused(let reason, let failed):
                keepFailed(line, of: chunk, reason: reason)
                record?.refused[line.number] = reason
                countUploaded(max(0, line.inferences - failed), of: chunk)
            case .resend(let reason):
                keepFailed(line, of: chunk, reason: reason)
                sendAgain.append(line.number)
            case .notUploaded(let reason, let again):
                keepFailed(line, of: chunk, reason: reason)
                if again { sendAgain.append(line.number) } else { record?.refused[line.number] = reason }
            }
            guard let reason = verdict.reason else { continue }
            if let run = failedRun, run.reason == reason, run.lines.last.map({ $0 < line.number }) == true {
                failedRun?.lines.append(line.number)
            } else {
                flushFailedRun()
                failedRun = ([line.number], reason)
            }
        }
        flushFailedRun()
        do {
            try await deadLetter?.drain()
        } catch {
            deadLetterError =
                deadLetterError ?? error as? SourceError
                ?? SourceError(source: source.name, message: "dead letter: \(error)")
        }
        guard var updated = record, let first = chunk.lines.first?.number, let last = chunk.lines.last?.number,
            sendAgain.count < chunk.lines.count
        else { return }
        // Lines Arthur surely did not store stay out of the ranges, so a rerun sends them again.
        var start = first
        for number in sendAgain {
            if start < number { updated.addUploaded(start...(number - 1)) }
            start = number + 1
        }
        if start <= last { updated.addUploaded(start...last) }
        record = updated
        do {
            try await saveProgress(updated)
        } catch {
            // The upload itself went through; a lost record means a retry may send this chunk again.
            reporter.linesNotUploaded(source: source.name, lines: [], reason: "\(error)")
        }
    }

    private func keepFailed(_ line: Chunk.Line, of chunk: Chunk, reason: String) {
        ledger.failedLines += 1
        guard let deadLetter else { return }
        do {
            try chunk.sourceBytes(of: line).withUnsafeBytes {
                try deadLetter.keep($0, number: line.number, reason: reason)
            }
        } catch {
            deadLetterError = deadLetterError ?? SourceError(source: source.name, message: "dead letter: \(error)")
        }
    }
}
