import AWS
import ArthurUpload
import AsyncHTTPClient
import CaptureFormat
import Foundation
import IngestPipeline
import Logging
import Platform
import Transport

/// Runs a parsed ``IngestCommand``.
///
/// One run of `ingest`: resolves sources and destination, ingests the sources (`--concurrency` at a time), prints the
/// summary, and returns the exit status (0 all ingested, 1 some lines rejected or not uploaded,
/// 2 usage or configuration error with nothing done).
struct IngestRun {
    let command: IngestCommand
    let environment: [String: String]

    func execute() async -> Int32 {
        var logger = Logger(label: "ingest")
        logger.logLevel = command.quiet ? .error : .warning
        var policy = RetryPolicy.standard
        policy.maxAttempts = command.maxAttempts
        let client = HTTPTransport.makeClient()
        let transport = HTTPTransport(
            client: client, retryPolicy: policy, timeout: .seconds(command.timeout), logger: logger)
        let status = await run(transport: transport)
        try? await client.shutdown()
        return status
    }

    /// The run itself, over the process's one HTTP transport: plan, ingest every source, summarize.
    func run(transport: HTTPTransport) async -> Int32 {
        let reporter = TerminalReporter(quiet: command.quiet)
        let plan: Plan
        do {
            plan = try await makePlan(transport: transport, reporter: reporter)
        } catch {
            reporter.printLine("ingest: error: \(error)")
            return 2
        }
        let stop = StopFlag()
        let totals = await watchingSignals(stop: stop, reporter: reporter) {
            await ingestSources(of: plan, stop: stop, reporter: reporter)
        }
        printSummary(totals, of: plan, reporter: reporter)
        return totals.clean && stop.reason == nil ? 0 : 1
    }

    /// What a run works on, resolved and checked before any line is read.
    struct Plan {
        var sources: [CaptureSource]
        var destination: ArthurDestination?
        var uploader: ArthurUploader?
        /// Where `--to` writes files (nil without it, and in a dry run).
        var files: FileOutput?
        var makeDeadLetter: @Sendable (CaptureSource) -> (any DeadLetter)?
        var progress: (any ProgressStore)?
        var options: IngestOptions
    }

    /// Resolves sources, destination, dead letter and progress store, and reads the model's schema; any error
    /// here is a usage or configuration error (exit 2, nothing done).
    func makePlan(transport: HTTPTransport, reporter: TerminalReporter) async throws -> Plan {
        let usesS3 = (command.sources + [command.deadLetter ?? "", command.progress ?? "", command.to ?? ""]).contains {
            $0.hasPrefix("s3://")
        }
        let s3 = usesS3 ? try S3Client.fromEnvironment(environment, transport: transport) : nil
        let destination = try resolveDestination(reporter: reporter)
        let files = try fileOutput(s3: s3)
        let makeDeadLetter = try deadLetterFactory(s3: s3)
        let progress = try progressStore(s3: s3)
        let sources = CaptureSource.withDistinctNames(
            try await SourceList.resolve(command.sources, s3: s3) { skipped in
                reporter.printLine("ingest: \(skipped)")
            })
        var options = IngestOptions()
        options.chunkBytes = command.chunkSize.bytes
        options.maxLineBytes = command.maxLineBytes.bytes
        options.uploadsInFlight = command.uploadsInFlight
        options.emitJSONLines = (command.emit ?? (destination == nil && files == nil ? .jsonl : .none)) == .jsonl
        let uploader = destination.map { ArthurUploader(destination: $0, transport: transport) }
        options.schema = try await schema(uploader: uploader, transport: transport, reporter: reporter)
        return Plan(
            sources: sources, destination: destination, uploader: uploader, files: files,
            makeDeadLetter: makeDeadLetter,
            progress: progress, options: options)
    }

    /// What the sources came to, added up as each one ends.
    struct Totals {
        var ledger = Ledger()
        var alreadyIngested = 0
        var clean = true
        var deadLetterPaths: [String] = []
    }

    /// Ingests every source of `plan`: one at a time when inferences are printed (so they come in order),
    /// else up to `--concurrency` at once, each keeping its own order, dead letter and progress.
    func ingestSources(of plan: Plan, stop: StopFlag, reporter: TerminalReporter) async -> Totals {
        let sources = plan.sources
        let output = plan.options.emitJSONLines ? BufferedFileWriter.standardOutput() : nil
        var totals = Totals()
        /// Ingests source `index`; runs on its own task when sources go concurrently (and print nothing).
        @Sendable func ingest(_ index: Int, printingTo output: BufferedFileWriter? = nil) async -> SourceReport {
            await ingestSource(index, of: plan, printingTo: output, stop: stop, reporter: reporter)
        }
        func account(_ report: SourceReport) {
            reporter.clearProgress()
            if report.alreadyIngested {
                totals.alreadyIngested += 1
                reporter.printLine("ingest: \(report.source): already ingested (progress record), skipped")
            }
            if let error = report.error { reporter.printLine("ingest: error: \(error)") }
            totals.clean = totals.clean && report.isClean
            totals.ledger.add(report.ledger)
            totals.deadLetterPaths += report.deadLetterPaths
        }
        if let output {
            for index in sources.indices where stop.reason == nil {
                account(await ingest(index, printingTo: output))
            }
        } else {
            await withTaskGroup(of: SourceReport.self) { group in
                var next = 0
                while next < sources.count && next < command.concurrency {
                    let index = next
                    group.addTask { await ingest(index) }
                    next += 1
                }
                while let report = await group.next() {
                    account(report)
                    if next < sources.count && stop.reason == nil {
                        let index = next
                        group.addTask { await ingest(index) }
                        next += 1
                    }
                }
            }
        }
        return totals
    }

    /// Ingests source `index` of `plan` and records its metrics.
    func ingestSource(
        _ index: Int, of plan: Plan, printingTo output: BufferedFileWriter?, stop: StopFlag,
        reporter: TerminalReporter
    ) async -> SourceReport {
        let source = plan.sources[index]
        reporter.startSource(index: index, of: plan.sources.count)
        let started = ContinuousClock.now
        let report = await SourceIngestion(
            source: source, options: plan.options, uploader: plan.uploader, files: plan.files,
            deadLetter: plan.makeDeadLetter(source),
            output: output, reporter: reporter, progress: plan.progress, stop: stop
        ).run()
        // To whichever swift-metrics backend a program bootstraps; none here, so they go nowhere.
        report.recordMetrics(
            dimensions: plan.destination.map { [("ModelId", $0.modelID)] } ?? [],
            duration: ContinuousClock.now - started, now: Int64(Date().timeIntervalSince1970))
        return report
    }

    /// The summary line and where the dead letter went (nothing with `--quiet`).
    func printSummary(_ totals: Totals, of plan: Plan, reporter: TerminalReporter) {
        guard !command.quiet else { return }
        reporter.printLine(
            summary(
                totals.ledger, files: plan.sources.count, dryRun: plan.destination == nil && plan.files == nil,
                alreadyIngested: totals.alreadyIngested, delivered: deliveredWords(plan)))
        if !totals.deadLetterPaths.isEmpty {
            reporter.printLine("ingest: dead letter: " + totals.deadLetterPaths.joined(separator: ", "))
        } else if totals.ledger.rejectedLines + totals.ledger.failedLines > 0 && command.deadLetter == nil {
            reporter.printLine("ingest: keep rejected lines for re-ingestion with --dead-letter DIR")
        }
    }

    /// How the summary says lines were delivered, and were not: to Arthur, to files, or to both.
    func deliveredWords(_ plan: Plan) -> (done: String, notDone: String) {
        switch (plan.destination, plan.files) {
        case (nil, .some): ("written to files", "not written")
        case (.some, .some): ("uploaded and written to files", "not delivered")
        default: ("uploaded", "not uploaded")
        }
    }

    /// The one-line summary of the run.
    func summary(
        _ ledger: Ledger, files: Int, dryRun: Bool, alreadyIngested: Int = 0,
        delivered: (done: String, notDone: String) = ("uploaded", "not uploaded")
    ) -> String {
        let skipped = ledger.skippedSources > 0 ? " (\(ledger.skippedSources) skipped)" : ""
        var parts = [
            "\(files) \(files == 1 ? "file" : "files")\(skipped)", "\(ledger.lines) lines",
            "\(ledger.inferences) inferences", "\(ledger.rejectedLines) rejected",
        ]
        if ledger.groundTruth > 0 { parts.insert("\(ledger.groundTruth) ground truths", at: 3) }
        if ledger.duplicateIDs > 0 { parts.append("\(ledger.duplicateIDs) duplicate ids") }
        if dryRun {
            parts.append("0 uploaded (dry run)")
        } else {
            let truths = ledger.groundTruth > 0 ? ", \(ledger.uploadedGroundTruth) ground truths" : ""
            parts.append(
                "\(ledger.uploadedLines) lines (\(ledger.uploadedInferences) inferences\(truths)) \(delivered.done)")
            if ledger.failedLines > 0 { parts.append("\(ledger.failedLines) lines \(delivered.notDone)") }
            if ledger.resumedLines > 0 { parts.append("\(ledger.resumedLines) of them by an earlier run") }
            if alreadyIngested > 0 { parts.append("\(alreadyIngested) files done before") }
        }
        return "ingest: " + parts.joined(separator: ", ")
    }

    /// The Arthur destination, or nil for a dry run (said once when it is only for lack of one).
    func resolveDestination(reporter: TerminalReporter) throws -> ArthurDestination? {
        if command.dryRun { return nil }
        let settings = command.arthur.settings(environment: environment)
        if settings.isEmpty {
            if command.to != nil {
                if !command.quiet {
                    reporter.printLine(
                        "ingest: no Arthur destination configured: writing files only (--to \(command.to!))")
                }
                return nil
            }
            if !command.quiet {
                reporter.printLine(
                    "ingest: no Arthur destination configured (ARTHUR_HOST, ARTHUR_MODEL_ID, ARTHUR_ACCESS_TOKEN): "
                        + "running as --dry-run")
            }
            return nil
        }
        return try settings.destination()
    }

    /// The model's schema to check inferences against: read from the upload's destination or, in a dry run, from
    /// a destination configured whole (host, model and token); nil with `--no-schema-check`, with no destination,
    /// or for a model that declares no inputs or outputs (said once). Throws when it cannot be read.
    func schema(uploader: ArthurUploader?, transport: HTTPTransport, reporter: TerminalReporter) async throws
        -> ModelSchema?
    {
        guard !command.noSchemaCheck else { return nil }
        var reader = uploader
        if reader == nil && command.dryRun {
            let settings = command.arthur.settings(environment: environment)
            if settings.isComplete {
                reader = ArthurUploader(destination: try settings.destination(), transport: transport)
            }
        }
        guard let reader else { return nil }
        let schema = try await ArthurSettings.schema(from: reader)
        if schema.isEmpty {
            reporter.printLine(
                "ingest: warning: model \(reader.destination.modelID) declares no inputs or outputs "
                    + "(PIPELINE_INPUT, PREDICTED_VALUE attributes): inferences are not checked")
            return nil
        }
        return schema
    }
}
