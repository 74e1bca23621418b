import ArthurUpload
import CaptureFormat

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
    /// Chunks being delivered.
    var inFlight = 0
    /// The first dead-letter write that failed, which ends the source.
    var deadLetterError: SourceError?
    /// The partner ids given so far, to warn of repeats.
    var partnerIDs = PartnerIDRegistry()
    /// The relabelled content types warned of so far (once per source).
    var relabelled: Set<Relabelling> = []
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
            } catch let failure {
                error = SourceError(source: source.name, failure)
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
        } catch let failure {
            error = error ?? SourceError(source: source.name, failure, context: "dead letter")
        }
        reporter.progress(source: source.name, ledger: ledger)
        return SourceReport(
            source: source.name, ledger: ledger, deadLetterPaths: paths,
            error: progressConflict ?? error ?? deadLetterError, skipped: skipped)
    }
}
