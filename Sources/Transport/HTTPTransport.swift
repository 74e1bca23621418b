/// The project's one way to make an HTTP call: a single shared `HTTPClient`, a per-attempt timeout,
/// and ``RetryPolicy`` applied to connection errors, timeouts, 429 and 5xx.
///
/// Arthur uploads and (later) S3 calls both go through ``HTTPTransport/send(_:what:maxResponseBytes:)``
/// or, for answers that must be streamed, through ``HTTPTransport/retrying(what:_:)``.

import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A shared HTTP client with the project's timeouts and retry policy.
public struct HTTPTransport: Sendable {
    /// The one client of the process; redirects are refused so a token is never replayed elsewhere.
    public let client: HTTPClient
    public var retryPolicy: RetryPolicy
    /// The limit for one attempt, from connecting to the last byte of the answer.
    public var timeout: Duration
    public var logger: Logger

    public init(
        client: HTTPClient, retryPolicy: RetryPolicy = .standard, timeout: Duration = .seconds(60), logger: Logger
    ) {
        self.client = client
        self.retryPolicy = retryPolicy
        self.timeout = timeout
        self.logger = logger
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
    /// Errors thrown by `operation` are retried when ``isRetryable(_:)`` says so.
    public func retrying<Value: Sendable>(
        what: String, _ operation: (_ attempt: Int) async throws -> Attempt<Value>
    ) async throws(TransportError) -> Value {
        var attempt = 1
        while true {
            let problem: String
            var retryAfter: Duration?
            do {
                switch try await operation(attempt) {
                case .done(let value): return value
                case .retry(let why, let after):
                    problem = why
                    retryAfter = after
                }
            } catch let error as TransportError {
                throw error
            } catch {
                if Task.isCancelled || error is CancellationError {
                    throw TransportError(what: what, attempts: attempt, problem: "cancelled", retryable: false)
                }
                guard Self.isRetryable(error) else {
                    throw TransportError(what: what, attempts: attempt, problem: Self.describe(error), retryable: false)
                }
                problem = Self.describe(error)
            }
            guard attempt < retryPolicy.maxAttempts else {
                throw TransportError(what: what, attempts: attempt, problem: problem, retryable: true)
            }
            let wait = retryPolicy.delay(beforeRetry: attempt, retryAfter: retryAfter)
            logger.warning(
                "\(what): \(problem); retrying in \(wait.formattedSeconds) (attempt \(attempt + 1) of \(retryPolicy.maxAttempts))"
            )
            do {
                try await Task.sleep(for: wait)
            } catch {
                throw TransportError(what: what, attempts: attempt, problem: "cancelled", retryable: false)
            }
            attempt += 1
        }
    }

    /// Sends `request` and reads its answer whole (up to `maxResponseBytes`), retrying per the policy.
    /// Returns the first answer that is neither 429 nor 5xx; after the last attempt, throws.
    public func send(
        _ request: HTTPClientRequest, what: String, maxResponseBytes: Int = 1 << 20
    ) async throws(TransportError) -> CollectedResponse {
        try await retrying(what: what) { attempt in
            let response = try await client.execute(request, timeout: .init(timeout), logger: logger)
            let body = try await response.body.collect(upTo: maxResponseBytes)
            let status = response.status.code
            if status == 429 || (500...599).contains(status) {
                return .retry(
                    problem: "HTTP \(status)\(Self.snippet(of: body))",
                    retryAfter: response.headers.first(name: "retry-after").flatMap { RetryAfter.parse($0) })
            }
            return .done(CollectedResponse(status: status, headers: response.headers, body: body, attempts: attempt))
        }
    }

    /// True for errors another attempt may cure: lost connections, resets, timeouts. False for
    /// cancellations, TLS failures (an untrusted certificate stays untrusted) and for requests the
    /// client itself refuses (bad URL, bad configuration).
    public static func isRetryable(_ error: any Error) -> Bool {
        if error is CancellationError || error is NIOSSLError || error is BoringSSLError { return false }
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
            case .remoteConnectionClosed: return "the server closed the connection"
            case .redirectLimitReached, .redirectCycleDetected: return "the server answered with redirects"
            default: return "\(error)"
            }
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNRESET: return "connection reset by the server"
            case ECONNREFUSED: return "connection refused"
            case EPIPE: return "the server closed the connection"
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
        let text = String(buffer: body.getSlice(at: body.readerIndex, length: min(body.readableBytes, 200)) ?? body)
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
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
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public var what: String
    public var attempts: Int
    public var problem: String
    /// True when the call gave up after retrying (the problem may pass); false when retrying cannot help.
    public var retryable: Bool

    public var description: String {
        attempts > 1 ? "\(what) failed after \(attempts) attempts: \(problem)" : "\(what) failed: \(problem)"
    }
}

extension Duration {
    /// `"1.5 s"`, for log lines.
    public var formattedSeconds: String {
        let millis = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        return millis % 1000 == 0 ? "\(millis / 1000) s" : "\(Double(millis) / 1000) s"
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
