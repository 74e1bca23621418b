// S3's conditional writes (2024): a PutObject or DeleteObject that S3 carries out only when the object is as
// the writer last saw it, answering 412 `PreconditionFailed` otherwise.

/// When S3 may carry out a write: the compare-and-swap that leases and progress records are built on.
public enum S3WriteCondition: Sendable, Equatable {
    /// Only when no object is under the key (`If-None-Match: *`): creates, never replaces.
    case absent
    /// Only when the object's ETag is this one (`If-Match`): replaces or deletes only the version read.
    case matching(eTag: String)

    /// The request header that says it.
    var header: (name: String, value: String) {
        switch self {
        case .absent: return (name: "if-none-match", value: "*")
        case .matching(let eTag): return (name: "if-match", value: eTag)
        }
    }
}
