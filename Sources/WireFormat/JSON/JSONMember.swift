/// One member of a JSON object.
///
/// One `"key": value` pair of a JSON object. Objects are lists of members rather than dictionaries so that
/// document order and duplicate keys survive a read and a write.
public struct JSONMember: Equatable, Sendable {
    /// The member's key, unescaped.
    public var key: String
    /// The member's value.
    public var value: JSONValue

    /// Makes a member from a key and a value.
    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}
