/// Why some bytes are not readable CSV: what was wrong and at which byte offset.
public struct CSVSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The byte offset of the problem, from the start of the text read.
    public var offset: Int
    /// What is wrong, for example "unterminated quoted field".
    public var message: String

    /// Makes an error from its offset and message.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// "MESSAGE at byte OFFSET".
    public var description: String { "\(message) at byte \(offset)" }
}
