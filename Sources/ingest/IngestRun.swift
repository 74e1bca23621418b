/// One run of `ingest`: resolves sources and destination, ingests each source in turn, prints the
/// summary, and returns the exit status (0 all ingested, 1 some lines rejected or not uploaded,
/// 2 usage or configuration error with nothing done).

import ArthurUpload
import Foundation
import IngestPipeline
import Logging
import Transport

/// Runs a parsed ``IngestCommand``.
struct IngestRun {
    let command: IngestCommand
    let environment: [String: String]

    func execute() async -> Int32 {
        let reporter = TerminalReporter(quiet: command.quiet)
        let sources: [CaptureSource]
        let destination: ArthurDestination?
        do {
            sources = try SourceList.resolve(command.sources)
            destination = try resolveDestination(reporter: reporter)
        } catch {
            reporter.printLine("ingest: error: \(error)")
            return 2
        }
        var options = IngestOptions()
        options.chunkBytes = command.chunkSize.bytes
        options.maxLineBytes = command.maxLineBytes.bytes
        options.uploadsInFlight = command.uploadsInFlight
        options.emitJSONLines = (command.emit ?? (destination == nil ? .jsonl : .none)) == .jsonl

        var logger = Logger(label: "ingest")
        logger.logLevel = command.quiet ? .error : .warning
        let client = destination == nil ? nil : HTTPTransport.makeClient()
        let uploader = destination.map { destination in
            var policy = RetryPolicy.standard
            policy.maxAttempts = command.maxAttempts
            let transport = HTTPTransport(
                client: client!, retryPolicy: policy, timeout: .seconds(command.timeout), logger: logger)
            return ArthurUploader(destination: destination, transport: transport)
        }

        let output = options.emitJSONLines ? BufferedFileWriter.standardOutput() : nil
        var total = Ledger()
        var clean = true
        var deadLetterPaths: [String] = []
        for source in sources {
            let deadLetter = command.deadLetter.map { DirectoryDeadLetter(folder: $0, name: source.deadLetterName) }
            let report = await SourceIngestion(
                source: source, options: options, uploader: uploader, deadLetter: deadLetter, output: output,
                reporter: reporter
            ).run()
            reporter.clearProgress()
            if let error = report.error { reporter.printLine("ingest: error: \(error)") }
            clean = clean && report.isClean
            total.add(report.ledger)
            deadLetterPaths += report.deadLetterPaths
        }
        try? await client?.shutdown()

        if !command.quiet {
            reporter.printLine(summary(total, files: sources.count, dryRun: destination == nil))
            if !deadLetterPaths.isEmpty {
                reporter.printLine("ingest: dead letter: " + deadLetterPaths.joined(separator: ", "))
            } else if total.rejectedLines + total.failedLines > 0 && command.deadLetter == nil {
                reporter.printLine("ingest: keep rejected lines for re-ingestion with --dead-letter DIR")
            }
        }
        return clean ? 0 : 1
    }

    /// The one-line summary of the run.
    func summary(_ ledger: Ledger, files: Int, dryRun: Bool) -> String {
        var parts = [
            "\(files) \(files == 1 ? "file" : "files")", "\(ledger.lines) lines", "\(ledger.inferences) inferences",
            "\(ledger.rejectedLines) rejected",
        ]
        if dryRun {
            parts.append("0 uploaded (dry run)")
        } else {
            parts.append("\(ledger.uploadedLines) lines (\(ledger.uploadedInferences) inferences) uploaded")
            if ledger.failedLines > 0 { parts.append("\(ledger.failedLines) lines not uploaded") }
        }
        return "ingest: " + parts.joined(separator: ", ")
    }

    /// The Arthur destination, or nil for a dry run (said once when it is only for lack of one).
    func resolveDestination(reporter: TerminalReporter) throws -> ArthurDestination? {
        if command.dryRun { return nil }
        func setting(_ option: String?, _ variable: String) -> String? {
            let value = option ?? environment[variable]
            return value?.isEmpty == false ? value : nil
        }
        let host = setting(command.arthurHost, "ARTHUR_HOST")
        let model = setting(command.modelID, "ARTHUR_MODEL_ID")
        let token = environment["ARTHUR_ACCESS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if host == nil && model == nil {
            if !command.quiet {
                reporter.printLine(
                    "ingest: no Arthur destination configured (ARTHUR_HOST, ARTHUR_MODEL_ID, ARTHUR_ACCESS_TOKEN): "
                        + "running as --dry-run")
            }
            return nil
        }
        guard let host else { throw UsageError("no Arthur host: set ARTHUR_HOST or --arthur-host (or use --dry-run)") }
        guard let model else { throw UsageError("no model id: set ARTHUR_MODEL_ID or --model-id (or use --dry-run)") }
        guard let token else {
            throw UsageError("ARTHUR_ACCESS_TOKEN is not set: the token is read only from the environment")
        }
        guard let wrapped = ArthurToken(token) else {
            throw UsageError("ARTHUR_ACCESS_TOKEN holds white space: check how it was set")
        }
        return try ArthurDestination(host: host, modelID: model, token: wrapped)
    }
}
