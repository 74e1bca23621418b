import AWS
import ArthurUpload
import AsyncHTTPClient
import IngestPipeline
import LambdaEvents
import LambdaRuntime
import Logging
import ServiceLifecycle
import Transport

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The ingest function.
///
/// Handles one invocation: every S3 object the event names (S3, SNS, SQS, EventBridge, Batch
/// Operations) goes through the pipeline — streamed from S3, validated, uploaded to Arthur, rejected
/// lines kept under `DEAD_LETTER_S3_URI` — and the answer is the one the event's service expects.
///
/// An object fails for good (no retry) when S3 says it cannot be read (no such key or bucket, access
/// denied); it fails so Lambda retries when S3 or Arthur were unavailable, when its lines could not
/// be uploaded and there is no dead letter to keep them, or when the deadline (or SIGTERM) came first:
/// then it stops reading, finishes the uploads in flight, and saves its progress under
/// `PROGRESS_S3_URI`, so the retry sends only the rest. Bad lines never fail an invocation: they are
/// in the dead letter. Inferences that do not fit the model's attributes are bad lines; attributes that cannot be
/// read (a refused token, no such model, Arthur unavailable) fail every object of the invocation so Lambda retries.
struct IngestHandler: LambdaHandler {
    let configuration: LambdaConfiguration
    let s3: S3Client
    /// The Arthur uploader, made once per container; nil when the function writes files only.
    let uploaders: ArthurUploaderCache?
    /// Where each object's metrics go: one Embedded Metric Format line per object.
    let metrics: EmbeddedMetricFormat

    init(
        configuration: LambdaConfiguration, metrics: EmbeddedMetricFormat, client: HTTPClient, logger: Logger
    ) throws {
        var policy = RetryPolicy.standard
        policy.maxAttempts = configuration.maxAttempts
        let transport = HTTPTransport(client: client, retryPolicy: policy, logger: logger)
        s3 = try S3Client.fromEnvironment(configuration.environment, transport: transport)
        self.configuration = configuration
        self.metrics = metrics
        self.uploaders = configuration.arthur.map {
            ArthurUploaderCache(arthur: $0, configuration: configuration, transport: transport)
        }
    }

    func handle(_ payload: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let event = try InvocationEvent.decode(payload)
        let uploader = try await uploaders?.get()
        var options = configuration.options
        var schemaFailure: String?
        do {
            if let uploaders, let uploader {
                options.schema = try await uploaders.schema(for: uploader, logger: context.logger)
            }
        } catch {
            schemaFailure =
                "reading the model's attributes: \(error) (objects are left for a retry; SCHEMA_CHECK=off skips the check)"
            context.logger.error("\(schemaFailure!)")
        }
        // The work stops (reads no further line, finishes its uploads, saves its progress) when the deadline is
        // near or on SIGTERM, which Lambda sends about half a second before it stops the container.
        let stop = StopFlag()
        let nearDeadline = context.deadline - configuration.deadlineMargin
        let outcomes = await withGracefulShutdownHandler {
            await stop.stopping(at: nearDeadline, reason: "the invocation's deadline is near") {
                await ingestObjects(
                    of: event, uploader: uploader, options: options, schemaFailure: schemaFailure, stop: stop,
                    context: context)
            }
        } onGracefulShutdown: {
            stop.stop("SIGTERM")
        }
        switch event.answer(outcomes: outcomes) {
        case .response(let bytes):
            return bytes
        case .failure(let errorType, let message):
            throw RetryableFailure(errorType: errorType, message: message)
        }
    }

    /// Runs each object the event names through the pipeline, until `stop`; the objects left have no outcome.
    private func ingestObjects(
        of event: InvocationEvent, uploader: ArthurUploader?, options: IngestOptions, schemaFailure: String?,
        stop: StopFlag, context: LambdaContext
    ) async -> [Int: ObjectOutcome] {
        let margin = configuration.deadlineMargin
        var outcomes: [Int: ObjectOutcome] = [:]
        // An object named more than once in one event (same bucket, key and version) is ingested once.
        var firstIndex: [ObjectIdentity: Int] = [:]
        var names = Set<String>()
        for (index, object) in event.objects {
            guard object.key.hasSuffix(".jsonl") else {
                context.logger.info("skipped: not a .jsonl key", metadata: ["object": "\(object)"])
                outcomes[index] = .succeeded("skipped: not a .jsonl key")
                continue
            }
            let identity = ObjectIdentity(bucket: object.bucket, key: object.key, versionID: object.versionID)
            if let first = firstIndex[identity] {
                context.logger.info("skipped: named again in this event", metadata: ["object": "\(object)"])
                outcomes[index] = outcomes[first]
                continue
            }
            firstIndex[identity] = index
            if let schemaFailure {
                outcomes[index] = .retryableFailure(schemaFailure)
                continue
            }
            guard !stop.isStopped, context.remainingTime > margin else {
                context.logger.warning(
                    "\(stop.reason ?? "the invocation's deadline is near"): leaving the rest for a retry",
                    metadata: ["object": "\(object)"])
                break
            }
            // Leases end at the deadline, when Lambda ends the invocation anyway.
            let lease = LeaseTerms.invocation(
                requestID: context.requestID, deadlineMilliseconds: context.deadlineEpochMilliseconds)
            outcomes[index] = await ingest(
                object, uploader: uploader, options: options, stop: stop, lease: lease, names: &names,
                logger: context.logger)
        }
        return outcomes
    }

    /// Runs one object through the pipeline and says how it went.
    private func ingest(
        _ object: S3ObjectReference, uploader: ArthurUploader?, options: IngestOptions, stop: StopFlag,
        lease: LeaseTerms, names: inout Set<String>, logger: Logger
    ) async -> ObjectOutcome {
        var source = CaptureSource.s3(s3, bucket: object.bucket, key: object.key)
        source.deadLetterName = Self.distinctName(source.deadLetterName, bucket: object.bucket, taken: &names)
        let deadLetter = configuration.deadLetter.map {
            S3DeadLetter(client: s3, destination: $0, name: source.deadLetterName)
        }
        let started = ContinuousClock.now
        let report = await SourceIngestion(
            source: source, options: options, uploader: uploader,
            files: configuration.output.map { FileOutput(target: .s3(s3, $0), format: configuration.outputFormat) },
            deadLetter: deadLetter, output: nil,
            reporter: LogReporter(logger: logger),
            progress: configuration.progress.map { S3ProgressStore(client: s3, prefix: $0) }, stop: stop, lease: lease
        ).run()
        let now = Date().timeIntervalSince1970
        report.recordMetrics(
            dimensions: configuration.metricDimensions, duration: ContinuousClock.now - started,
            now: Int64(now.rounded(.down)))
        metrics.flush(properties: [("Object", source.name)], timestampMilliseconds: Int64((now * 1000).rounded(.down)))
        if report.alreadyIngested {
            logger.info("already ingested (progress record): skipped", metadata: ["source": "\(source.name)"])
            return .succeeded("already ingested")
        }
        if let skipped = report.skipped, report.error == nil {
            return .succeeded("skipped: \(skipped)")
        }
        let ledger = report.ledger
        logger.info(
            "ingested",
            metadata: [
                "source": "\(source.name)", "bytes": "\(ledger.bytes)", "lines": "\(ledger.lines)",
                "inferences": "\(ledger.inferences)", "rejected": "\(ledger.rejectedLines)",
                "uploadedLines": "\(ledger.uploadedLines)", "uploadedInferences": "\(ledger.uploadedInferences)",
                "failedLines": "\(ledger.failedLines)", "resumedLines": "\(ledger.resumedLines)",
                "groundTruths": "\(ledger.groundTruth)", "uploadedGroundTruths": "\(ledger.uploadedGroundTruth)",
                "deadLetter": "\(report.deadLetterPaths.joined(separator: " "))",
            ])
        if let error = report.error {
            logger.error("\(error)", metadata: ["source": "\(source.name)"])
            return error.isRetryable ? .retryableFailure(error.description) : .permanentFailure(error.description)
        }
        let truths = ledger.groundTruth > 0 ? ", \(ledger.uploadedGroundTruth) ground truths" : ""
        let (done, notDone) =
            switch (uploader, configuration.output) {
            case (nil, _): ("written to files", "not written")
            case (_, .some): ("uploaded and written to files", "not delivered")
            default: ("uploaded", "not uploaded")
            }
        let summary =
            "\(ledger.lines) lines, \(ledger.uploadedInferences) inferences\(truths) \(done), "
            + "\(ledger.rejectedLines) rejected"
        if ledger.failedLines > 0 {
            guard deadLetter != nil else {
                return .retryableFailure(
                    "\(source.name): \(ledger.failedLines) lines \(notDone) and no dead letter set")
            }
            return .succeeded("\(summary), \(ledger.failedLines) \(notDone) (kept in the dead letter)")
        }
        return .succeeded(summary)
    }
}

extension IngestHandler {
    /// `name`, made distinct from the names already used in this invocation: objects of two buckets with one
    /// key share the dead-letter prefix, so the second gets `~<bucket>`.
    static func distinctName(_ name: String, bucket: String, taken: inout Set<String>) -> String {
        if taken.insert(name).inserted { return name }
        var candidate = "\(name)~\(bucket)"
        var suffix = 1
        while !taken.insert(candidate).inserted {
            suffix += 1
            candidate = "\(name)~\(bucket)~\(suffix)"
        }
        return candidate
    }
}

/// An S3 object as an invocation de-duplicates it: bucket, key and version.
struct ObjectIdentity: Hashable {
    var bucket: String
    var key: String
    var versionID: String?
}

/// The invocation failed in a way a retry may cure; Lambda retries it, then sends it to the failure destination.
struct RetryableFailure: Error, CustomStringConvertible {
    let errorType: String
    let message: String
    var description: String { message }
}
