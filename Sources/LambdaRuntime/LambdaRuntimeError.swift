/// A failed Runtime API call.
///
/// A Runtime API call that failed: which call, and what went wrong in words. A connection failure means
/// the runtime cannot go on (Lambda restarts the container); an HTTP refusal of one answer does not.
public struct LambdaRuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call, for example "GET /runtime/invocation/next".
    public var call: String
    /// What went wrong.
    public var problem: String
    /// The HTTP status when the Runtime API answered, nil when it could not be reached.
    public var status: UInt?

    /// Makes an error.
    public init(call: String, problem: String, status: UInt? = nil) {
        self.call = call
        self.problem = problem
        self.status = status
    }

    public var description: String { "Runtime API \(call): \(problem)" }
}
