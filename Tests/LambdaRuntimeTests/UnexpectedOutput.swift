/// Output of the fixture that should have been a JSON object and was not.

/// A line or body that is not a JSON object.
struct UnexpectedOutput: Error, CustomStringConvertible {
    var text: String
    var description: String { "not a JSON object: \(text)" }
}
