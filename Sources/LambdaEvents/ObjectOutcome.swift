/// The outcome of one record, with a message saying what happened.
///
/// What became of one record, as the function reports it: done, failed in a way a retry may cure (a
/// timeout, S3 or Arthur unavailable), or failed for good (the object is gone, access denied). The words
/// are the Batch Operations result codes, which every answer shape here reuses.
public enum ObjectOutcome: Sendable, Equatable {
    /// Done (also the outcome of a skipped record).
    case succeeded(String)
    /// Failed; a later attempt may succeed.
    case retryableFailure(String)
    /// Failed; retrying cannot help.
    case permanentFailure(String)

    /// The message given with the outcome.
    public var message: String {
        switch self {
        case .succeeded(let message), .retryableFailure(let message), .permanentFailure(let message): return message
        }
    }

    /// `Succeeded`, `TemporaryFailure` or `PermanentFailure`: S3 Batch Operations' result codes.
    public var resultCode: String {
        switch self {
        case .succeeded: return "Succeeded"
        case .retryableFailure: return "TemporaryFailure"
        case .permanentFailure: return "PermanentFailure"
        }
    }

    /// How bad the outcome is, for combining several: retryable beats permanent beats success, so a unit
    /// is retried when any of its records may succeed on retry.
    var severity: Int {
        switch self {
        case .succeeded: return 0
        case .permanentFailure: return 1
        case .retryableFailure: return 2
        }
    }
}
