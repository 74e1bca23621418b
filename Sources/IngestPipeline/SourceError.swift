import SystemPackage
import Transport

/// A source could not be opened or read (or its dead letter not written).
///
/// A source that cannot be read: which one and why, in words.
public struct SourceError: RetryAdvice, Sendable, CustomStringConvertible {
    public var source: String
    public var message: String
    /// True when trying again later may succeed (S3 unavailable, a connection cut too often).
    public var isRetryable: Bool

    public init(source: String, message: String, isRetryable: Bool = false) {
        self.source = source
        self.message = message
        self.isRetryable = isRetryable
    }

    /// `source` failed with `error`: `error` itself when it is a `SourceError` already, else its words (a system
    /// error's as `strerror` puts them, after `context` when given) and a retry when the error says one may succeed
    /// (`RetryAdvice`).
    public init(source: String, _ error: any Error, context: String? = nil) {
        if let error = error as? SourceError {
            self = error
            return
        }
        self.init(
            source: source, message: (context.map { $0 + ": " } ?? "") + Self.describe(error),
            isRetryable: (error as? any RetryAdvice)?.isRetryable ?? false)
    }

    public var description: String { "\(source): \(message)" }

    /// `strerror` text for the common cases, lower-cased as in a sentence.
    private static func describe(_ error: any Error) -> String {
        guard let code = error as? Errno else { return "\(error)" }
        switch code {
        case .noSuchFileOrDirectory: return "no such file"
        case .permissionDenied: return "permission denied"
        case .isDirectory: return "is a directory"
        default: return code.description
        }
    }
}
