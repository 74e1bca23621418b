/// An attributes list that cannot be read as Arthur's contract says, in words.
public struct ModelSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
