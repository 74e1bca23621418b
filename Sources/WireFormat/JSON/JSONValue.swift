/// A JSON value as read; numbers keep their literal text so they are re-emitted exactly.
///
/// The JSON value tree this module reads and writes. Numbers keep their literal text so that a value read and
/// written again is the same number, however many digits it has, and objects keep their members in document
/// order so nothing about a payload is reordered on its way to Arthur.
public enum JSONValue: Equatable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number as its literal text, valid per the RFC 8259 grammar (for example `-1.50e+3`).
    case number(String)
    /// A string, unescaped.
    case string(String)
    /// An array: ordered values.
    case array([JSONValue])
    /// An object: named values in document order, duplicate keys kept as written.
    case object([JSONMember])
}
