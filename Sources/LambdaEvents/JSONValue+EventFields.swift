// Small readers over `JSONValue` for event decoding: a value's kind in words for messages, and a
// non-empty string found by a path of keys.

import WireFormat

extension JSONValue {
    /// "a string", "an array"…, for messages about a value of the wrong type.
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The string at `path`, if every step exists and the last is a non-empty string.
    func nonEmptyString(_ path: String...) -> String? {
        var value: JSONValue? = self
        for key in path { value = value?[key] }
        guard let string = value?.stringValue, !string.isEmpty else { return nil }
        return string
    }
}
