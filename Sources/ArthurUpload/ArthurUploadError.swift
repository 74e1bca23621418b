import Transport

/// An upload that failed for good.
///
/// Why an upload to Arthur did not go through, with Arthur's own message and what to check.
public struct ArthurUploadError: RetryAdvice, Sendable, CustomStringConvertible {
    /// What kind of failure, which decides whether later uploads can still work.
    public enum Kind: Sendable, Equatable {
        /// 401 or 403: the token is wrong, expired or lacks access.
        case unauthorized
        /// 404: no such model (or wrong host).
        case modelNotFound
        /// Another 4xx: Arthur refused this upload's content.
        case rejected
        /// Retries ran out on 429, 5xx, timeouts or connection errors.
        case unavailable
        /// The request could not be made at all (bad URL, client shut down).
        case requestFailed
        /// Arthur answered with a redirect, which is not followed with the token.
        case redirected
        /// Arthur answered, but not with a report that can be read (an empty or HTML 2xx, an answer over the
        /// size bound): its lines are not counted as uploaded, and not sent again (Arthur may have stored them).
        case unreadableAnswer
    }

    public var kind: Kind
    public var status: UInt?
    public var message: String
    /// What Arthur refused, for ``Kind/rejected``: `the upload`, `the query`, … .
    public var subject = "the upload"

    /// True when the same upload may go through later: Arthur was unavailable until the attempts ran out.
    public var isRetryable: Bool { kind == .unavailable }

    /// True when every later upload of the run would fail the same way (a wrong token, model or host).
    public var isFatalForRun: Bool {
        kind == .unauthorized || kind == .modelNotFound || kind == .requestFailed || kind == .redirected
    }

    public var description: String {
        switch kind {
        case .unauthorized:
            return "Arthur refused the token (HTTP \(status ?? 401): \(message)): check ARTHUR_ACCESS_TOKEN"
        case .modelNotFound:
            return
                "Arthur found no such model (HTTP \(status ?? 404): \(message)): check --model-id / ARTHUR_MODEL_ID and --arthur-host"
        case .rejected:
            return "Arthur rejected \(subject) (HTTP \(status ?? 400): \(message))"
        case .redirected:
            return
                "Arthur answered with a redirect (HTTP \(status ?? 300)) to \(message); not followed with the token: "
                + "check --arthur-host / ARTHUR_HOST (use that address if you trust it)"
        case .unavailable, .requestFailed, .unreadableAnswer:
            return message
        }
    }

    init(kind: Kind, status: UInt?, message: String) {
        self.kind = kind
        self.status = status
        self.message = message
    }

    init(_ error: TransportError) {
        let kind: Kind =
            error.answerArrived
            ? .unreadableAnswer : error.isRetryable || error.wasCancelled ? .unavailable : .requestFailed
        self.init(kind: kind, status: nil, message: error.description)
    }
}
