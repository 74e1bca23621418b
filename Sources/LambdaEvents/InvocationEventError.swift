/// A payload that is not an event of a supported shape, with the reason in words.
///
/// Why a whole payload could not be read as an event this function handles. Problems inside one record
/// are not errors: they become malformed records and the other records go on.
public struct InvocationEventError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the payload.
    public var reason: String

    /// Makes an error from its reason.
    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { "unsupported invocation payload: \(reason)" }
}
