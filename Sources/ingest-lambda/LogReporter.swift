import IngestPipeline
import Logging

/// The Lambda's ``IngestReporter``.
///
/// Reports an object's ingestion as JSON log lines: each rejected line (warning) and each upload that
/// failed (error), with the file, the line and the reason — never the token.
struct LogReporter: IngestReporter {
    let logger: Logger

    func lineRejected(source: String, line: Int, reason: String) {
        logger.warning("rejected line", metadata: ["source": "\(source)", "line": "\(line)", "reason": "\(reason)"])
    }

    func warning(source: String, line: Int?, message: String) {
        var metadata: Logger.Metadata = ["source": "\(source)", "message": "\(message)"]
        if let line { metadata["line"] = "\(line)" }
        logger.warning("warning", metadata: metadata)
    }

    func sourceSkipped(source: String, reason: String) {
        logger.info("skipped", metadata: ["source": "\(source)", "reason": "\(reason)"])
    }

    func linesNotUploaded(source: String, lines: [Int], reason: String) {
        logger.error(
            "lines not uploaded",
            metadata: [
                "source": "\(source)", "lines": "\(lines.count)", "first": "\(lines.first ?? 0)",
                "last": "\(lines.last ?? 0)", "reason": "\(reason)",
            ])
    }

    func notice(source: String, message: String) {
        logger.warning("\(message)", metadata: ["source": "\(source)"])
    }

    func progress(source: String, ledger: Ledger) {}
}
