/// A secret that redacts itself when printed.
///
/// The Arthur access token, wrapped so that it cannot be printed by accident.
///
/// Its `description` is a fixed placeholder: interpolating it into a log line, an error or a dead
/// letter shows `<redacted>`. Only ``ArthurUploader`` reads the value, to set the header.
public struct ArthurToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    /// Wraps `value`; nil when it is empty or only white space.
    public init?(_ value: String) {
        let trimmed = value.filter { !$0.isWhitespace }
        guard !trimmed.isEmpty, trimmed.count == value.count else { return nil }
        self.value = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
