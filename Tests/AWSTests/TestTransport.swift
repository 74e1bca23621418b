import AsyncHTTPClient
import Logging
import Synchronization
import Transport

/// The transport the AWS tests use: the shared client, quick retries, and a logger whose lines are kept so
/// tests can check that no secret reaches a log.
enum TestTransport {
    /// Three attempts, 20–50 ms apart, 20 s per attempt; log lines go to `recorder` when given.
    static func make(recorder: LogRecorder? = nil, attempts: Int = 3) -> HTTPTransport {
        var logger = Logger(label: "aws-tests") { _ in recorder ?? LogRecorder() }
        logger.logLevel = .trace  // everything, the HTTP client's own lines too, is checked for secrets
        return HTTPTransport(
            client: HTTPClient.shared,
            retryPolicy: RetryPolicy(
                maxAttempts: attempts, baseDelay: .milliseconds(20), maxDelay: .milliseconds(50),
                maxRetryAfter: .seconds(1)),
            timeout: .seconds(20), logger: logger)
    }
}

/// A log handler that keeps every message (with its metadata) in memory.
final class LogRecorder: LogHandler, @unchecked Sendable {
    private let storage = Mutex<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    /// Every line logged so far, each starting with its level (`warning: …`).
    var lines: [String] { storage.withLock { $0 } }

    /// The lines at warning level (the transport's retry notices).
    var warnings: [String] { lines.filter { $0.hasPrefix("warning:") } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        storage.withLock { $0.append("\(event.level): \(event.message) \(event.metadata ?? [:])") }
    }
}
