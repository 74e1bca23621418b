/// A server's answer body as it goes into a message: its first bytes decoded as UTF-8 (bad bytes replaced),
/// line breaks made spaces, so the message stays on one line.
public enum BodySnippet {
    /// The first `maxBytes` bytes of `body` (all of it by default), on one line.
    public static func text(of body: some Collection<UInt8>, maxBytes: Int = .max) -> String {
        String(decoding: body.prefix(maxBytes), as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
