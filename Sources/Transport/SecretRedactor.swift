import Synchronization

/// The secrets of a run, shared by every copy of the one ``HTTPTransport``.
///
/// Blanks a run's secrets out of text that came from a server: an Arthur that echoes the request's
/// `Authorization` header in its error, or an S3 emulator that quotes a signature's inputs, must not put
/// the token, the AWS secret key or the session token on stderr, in a dead letter or in a log.
public final class SecretRedactor: Sendable {
    private let secrets = Mutex<[String]>([])

    /// The placeholder a secret is replaced with.
    public static let placeholder = "<redacted>"

    /// An empty set of secrets.
    public init() {}

    /// Adds `secret` (ignored when empty); every later ``redact(_:)`` blanks it out.
    public func add(_ secret: String) {
        guard !secret.isEmpty else { return }
        secrets.withLock { list in
            if !list.contains(secret) {
                list.append(secret)
                list.sort { $0.utf8.count > $1.utf8.count }
            }
        }
    }

    /// `text` with every occurrence of every secret replaced by ``placeholder``.
    public func redact(_ text: String) -> String {
        let list = secrets.withLock { $0 }
        var text = text
        for secret in list where text.contains(secret) {
            text = text.replacing(secret, with: Self.placeholder)
        }
        return text
    }
}
