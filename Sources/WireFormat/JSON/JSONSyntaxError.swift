/// Why some bytes are not JSON: what was wrong and at which byte offset.
///
/// Why some bytes are not JSON, and where: the one error of `JSONReader`, also carried by capture-line
/// rejections so a user can find the bad byte in the line or the payload.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The byte offset of the problem, from the start of the text read.
    public var offset: Int
    /// What is wrong, for example "unterminated string" or "nesting deeper than 512 levels".
    public var message: String

    /// Makes an error from its offset and message.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// "MESSAGE at byte OFFSET".
    public var description: String { "\(message) at byte \(offset)" }
}
