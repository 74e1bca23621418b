import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import SystemPackage

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A shared HTTP client with the project's timeouts and retry policy.
///
/// The project's one way to make an HTTP call: a single shared `HTTPClient`, a per-attempt timeout,
/// and ``RetryPolicy`` applied to connection errors, timeouts, 429 and 5xx.
///
/// Arthur, S3 and Secrets Manager calls all go through ``HTTPTransport/send(_:what:maxResponseBytes:)``
/// or, for answers that must be streamed, through ``HTTPTransport/retrying(what:_:)``.
public struct HTTPTransport: Sendable {
    /// The one client of the process; redirects are refused so a token is never replayed elsewhere.
    public let client: HTTPClient
    public var retryPolicy: RetryPolicy
    /// The limit for one attempt, from connecting to the last byte of the answer.
    public var timeout: Duration
    public var logger: Logger
    /// The run's secrets, blanked out of every text a server sent (shared by all copies of the transport).
    public let secrets: SecretRedactor

    public init(
        client: HTTPClient, retryPolicy: RetryPolicy = .standard, timeout: Duration = .seconds(60), logger: Logger,
        secrets: SecretRedactor = SecretRedactor()
    ) {
        self.client = client
        self.retryPolicy = retryPolicy
        self.timeout = timeout
        self.logger = logger
        self.secrets = secrets
    }

    /// Makes the client a front door shares for its whole run; call `shutdown()` on it at the end.
    public static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout.connect = .seconds(10)
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// What one attempt of ``retrying(what:_:)`` came to.
    public enum Attempt<Value: Sendable>: Sendable {
        case done(Value)
        /// Worth another try; `problem` says what went wrong in words for the log and the final error.
        case retry(problem: String, retryAfter: Duration?)
    }

    /// Runs `operation` until it is done, it throws a non-retryable error, or the policy's attempts run out.
    /// Errors thrown by `operation` are retried when ``isRetryable(_:)`` says so; an error of ours
    /// (``RetryAdvice``) has already been judged and ends the retries as it is. Any other error ends as a
    /// ``TransportError``.
    public func retrying<Value: Sendable>(
        what: String, _ operation: (_ attempt: Int) async throws -> Attempt<Value>
    ) async throws -> Value {
        var attempt = 1
        while true {
            let problem: String
            var retryAfter: Duration?
            do {
                switch try await operation(attempt) {
                case .done(let value): return value
                case .retry(let why, let after):
                    problem = secrets.redact(why)
                    retryAfter = after
                }
            } catch let error as any RetryAdvice {
                throw error
            } catch let error as AnswerTooLargeError {
                throw TransportError(
                    what: what, attempts: attempt, problem: error.description, isRetryable: false, answerArrived: true)
            } catch {
                if Task.isCancelled || error is CancellationError {
                    throw TransportError.cancelled(what, attempts: attempt)
                }
                guard Self.isRetryable(error) else {
                    throw TransportError(
                        what: what, attempts: attempt, problem: Self.describe(error), isRetryable: false)
                }
                problem = Self.describe(error)
            }
            guard attempt < retryPolicy.maxAttempts else {
                throw TransportError(what: what, attempts: attempt, problem: problem, isRetryable: true)
            }
            let wait = retryPolicy.delay(beforeRetry: attempt, retryAfter: retryAfter)
            logger.warning(
                "\(what): \(problem); retrying in \(wait.formattedSeconds) (attempt \(attempt + 1) of \(retryPolicy.maxAttempts))"
            )
            do {
                try await Task.sleep(for: wait)
            } catch {
                throw TransportError.cancelled(what, attempts: attempt)
            }
            attempt += 1
        }
    }

    /// Sends `request` and reads its answer whole (up to `maxResponseBytes`), retrying per the policy.
    /// Returns the first answer that is neither 429 nor 5xx; after the last attempt, throws. Each attempt,
    /// from connecting to the answer's last byte, is bounded by ``timeout``. An answer over
    /// `maxResponseBytes` is not retried (the server did answer): the error says so
    /// (``TransportError/answerArrived``).
    public func send(
        _ request: HTTPClientRequest, what: String, maxResponseBytes: Int = 1 << 20
    ) async throws -> CollectedResponse {
        try await retrying(what: what) { attempt in
            var response = try await exchange(request, maxResponseBytes: maxResponseBytes)
            response.attempts = attempt
            let status = response.status
            if status == 429 || (500...599).contains(status) {
                return .retry(
                    problem: "HTTP \(status)\(Self.snippet(of: response.body))",
                    retryAfter: response.headers.first(name: "retry-after").flatMap { RetryAfter.parse($0) })
            }
            return .done(response)
        }
    }

    /// One attempt: sends `request` and reads its whole answer within ``timeout`` — a server that
    /// trickles its body cannot hold the attempt longer. Throws ``AnswerTooLargeError`` for an answer over
    /// `maxResponseBytes`.
    public func exchange(_ request: HTTPClientRequest, maxResponseBytes: Int) async throws -> CollectedResponse {
        let (client, timeout, logger) = (self.client, self.timeout, self.logger)
        return try await withThrowingTaskGroup(of: CollectedResponse?.self) { group in
            group.addTask {
                let response = try await client.execute(request, timeout: .init(timeout), logger: logger)
                let body: ByteBuffer
                do {
                    body = try await response.body.collect(upTo: maxResponseBytes)
                } catch is NIOTooManyBytesError {
                    throw AnswerTooLargeError(status: response.status.code, limit: maxResponseBytes)
                }
                return CollectedResponse(
                    status: response.status.code, headers: response.headers, body: body, attempts: 1)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else {
                throw ExchangeTimeoutError(timeout: timeout)
            }
            return response
        }
    }

    /// True for errors another attempt may cure: lost connections, resets, timeouts. False for
    /// cancellations, TLS failures (an untrusted certificate stays untrusted) and for requests the
    /// client itself refuses (bad URL, bad configuration). An error of ours answers for itself (``RetryAdvice``).
    public static func isRetryable(_ error: any Error) -> Bool {
        if let error = error as? any RetryAdvice { return error.isRetryable }
        if error is CancellationError || error is NIOSSLError || error is BoringSSLError { return false }
        if error is AnswerTooLargeError || error is NIOTooManyBytesError { return false }
        if let error = error as? HTTPClientError {
            let permanent: [HTTPClientError] = [
                .invalidURL, .emptyHost, .emptyScheme, .alreadyShutdown, .cancelled, .missingSocketPath,
                .invalidRedirectConfiguration, .invalidHTTPVersionConfiguration, .invalidLocalAddress,
                .invalidProxyConfiguration, .redirectLimitReached, .redirectCycleDetected,
                .traceRequestWithBody,
            ]
            return !permanent.contains(error)
        }
        return true
    }

    /// A short description of a transport error in words (never with request headers).
    public static func describe(_ error: any Error) -> String {
        if error is NIOSSLError || error is BoringSSLError {
            return
                "TLS handshake failed (the server's certificate is not trusted, or TLS is not spoken there): \(error)"
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "connection timed out"
            case .readTimeout, .deadlineExceeded: return "no answer before the timeout"
            case .cancelled: return "cancelled"
            case .remoteConnectionClosed: return "the server closed the connection"
            case .redirectLimitReached, .redirectCycleDetected: return "the server answered with redirects"
            default: return "\(error)"
            }
        }
        if let error = error as? ExchangeTimeoutError { return error.description }
        if let error = error as? AnswerTooLargeError { return error.description }
        if let error = error as? IOError {
            switch Errno(rawValue: error.errnoCode) {
            case .connectionReset: return "connection reset by the server"
            case .connectionRefused: return "connection refused"
            case .brokenPipe: return "the server closed the connection"
            default: return "connection error (errno \(error.errnoCode))"
            }
        }
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("reset by peer") { return "connection reset by the server" }
        return text
    }

    /// `": <first 200 bytes of the body>"`, or nothing for an empty body.
    static func snippet(of body: ByteBuffer) -> String {
        let oneLine = BodySnippet.text(of: body.readableBytesView, maxBytes: 200)
        return oneLine.isEmpty ? "" : ": \(oneLine)"
    }
}

/// An answer read whole.
public struct CollectedResponse: Sendable {
    public var status: UInt
    public var headers: HTTPHeaders
    public var body: ByteBuffer
    /// How many attempts it took.
    public var attempts: Int
}

/// A remote call that did not succeed: what was attempted, how often, and the last problem.
public struct TransportError: RetryAdvice, Sendable, CustomStringConvertible {
    public var what: String
    public var attempts: Int
    public var problem: String
    /// True when the call gave up after retrying (the problem may pass); false when retrying cannot help.
    public var isRetryable: Bool
    /// True when the server did answer but the answer could not be used (it was over the size limit): the
    /// request must not be sent again, since the server may have acted on it.
    public var answerArrived: Bool

    /// A failed call; `answerArrived` says the server answered (see ``answerArrived``).
    public init(what: String, attempts: Int, problem: String, isRetryable: Bool, answerArrived: Bool = false) {
        self.what = what
        self.attempts = attempts
        self.problem = problem
        self.isRetryable = isRetryable
        self.answerArrived = answerArrived
    }

    /// True when the call was cancelled (a stop's grace period ran out) rather than failing.
    public var wasCancelled = false

    static func cancelled(_ what: String, attempts: Int) -> TransportError {
        var error = TransportError(what: what, attempts: attempts, problem: "cancelled", isRetryable: false)
        error.wasCancelled = true
        return error
    }

    public var description: String {
        attempts > 1 ? "\(what) failed after \(attempts) attempts: \(problem)" : "\(what) failed: \(problem)"
    }
}

/// An attempt whose answer was not complete when the per-attempt timeout ran out (retryable).
public struct ExchangeTimeoutError: Error, Sendable, CustomStringConvertible {
    /// The timeout that ran out.
    public var timeout: Duration
    public var description: String {
        "no answer before the timeout (the whole answer did not arrive within \(timeout.formattedSeconds))"
    }
}

/// An answer longer than the reader's bound: not read, and not asked for again.
public struct AnswerTooLargeError: Error, Sendable, CustomStringConvertible {
    /// The answer's status.
    public var status: UInt
    /// The bound, in bytes.
    public var limit: Int
    public var description: String {
        "the answer (HTTP \(status)) was longer than \(limit) bytes and was not read; not sent again, since the server answered"
    }
}

extension Duration {
    /// `"1.5 s"`, for log lines.
    public var formattedSeconds: String {
        let millis = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        return millis % 1000 == 0 ? "\(millis / 1000) s" : "\(Double(millis) / 1000) s"
    }
}
