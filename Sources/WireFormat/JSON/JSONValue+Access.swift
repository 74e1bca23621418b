// Read access to a `JSONValue` for callers that know what they expect: a member by key, or the payload of a
// case as an optional, so a wrong type shows up as `nil` rather than as a trap.

extension JSONValue {
    /// The value of the first member with that key; nil if there is none or this is not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for member in members where member.key == key {
            return member.value
        }
        return nil
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        guard case .string(let string) = self else { return nil }
        return string
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// The members, if this is an object.
    public var objectValue: [JSONMember]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    /// The value, if this is a boolean.
    public var boolValue: Bool? {
        guard case .bool(let bool) = self else { return nil }
        return bool
    }

    /// The number, if this is an integer literal (no fraction, no exponent) that fits in an `Int`.
    public var intValue: Int? {
        guard case .number(let text) = self else { return nil }
        return Int(text)
    }

    /// True for `null`.
    public var isNull: Bool { self == .null }
}
