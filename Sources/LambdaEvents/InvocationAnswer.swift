/// The end of an invocation.
///
/// What the function tells Lambda at the end of an invocation: a response body, or a failure that makes
/// Lambda retry the event (and, after the retries, send it to the function's failure destination).
public enum InvocationAnswer: Sendable, Equatable {
    /// Answer with this body (JSON).
    case response([UInt8])
    /// Report the invocation as failed, so Lambda retries it.
    case failure(errorType: String, message: String)
}
