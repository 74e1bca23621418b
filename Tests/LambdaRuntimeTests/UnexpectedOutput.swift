/// A line or body that is not a JSON object.
struct UnexpectedOutput: Error, CustomStringConvertible {
    var text: String
    var description: String { "not a JSON object: \(text)" }
}
