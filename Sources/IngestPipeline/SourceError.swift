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

    /// `source` failed with `error`: its words, and a retry when the error says one may succeed.
    public init(source: String, _ error: some RetryAdvice & CustomStringConvertible) {
        self.init(source: source, message: error.description, isRetryable: error.isRetryable)
    }

    public var description: String { "\(source): \(message)" }

    /// `strerror` text for the common cases, lower-cased as in a sentence.
    static func describe(_ error: any Error) -> String {
        guard let code = error as? Errno else { return "\(error)" }
        switch code {
        case .noSuchFileOrDirectory: return "no such file"
        case .permissionDenied: return "permission denied"
        case .isDirectory: return "is a directory"
        default: return code.description
        }
    }
}
