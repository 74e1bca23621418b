import WireFormat

/// A media type without its parameters, lowercased.
///
/// A media type such as `text/csv` read from a `Content-Type` value: parameters (`; charset=utf-8`) are dropped
/// and type and subtype lowercased, since media types compare case-insensitively.
public struct MediaType: Equatable, Sendable, CustomStringConvertible {
    /// The top-level type, for example `text`.
    public var type: String
    /// The subtype, for example `csv`.
    public var subtype: String

    /// Reads `type/subtype` from a content type, ignoring parameters and surrounding ASCII whitespace; nil when it
    /// has no `/`, an empty part, or inner whitespace.
    public init?(_ contentType: String) {
        let essence = contentType.utf8.prefix { $0 != .semicolon }
        let bytes = Array(essence.drop(while: Self.isSpace).reversed().drop(while: Self.isSpace).reversed())
        guard let slash = bytes.firstIndex(of: .slash),
            slash > 0, slash < bytes.count - 1,
            !bytes.contains(where: { Self.isSpace($0) || $0 < 0x20 }),
            bytes.lastIndex(of: .slash) == slash
        else { return nil }
        type = String(decoding: bytes[..<slash], as: UTF8.self).lowercased()
        subtype = String(decoding: bytes[(slash + 1)...], as: UTF8.self).lowercased()
    }

    /// True for the bytes trimmed around a media type: space and `\t`, `\n`, `\v`, `\f`, `\r`.
    static func isSpace(_ byte: UInt8) -> Bool { byte == .space || (0x09...0x0D).contains(byte) }

    /// Makes a media type from its two parts, lowercased.
    public init(type: String, subtype: String) {
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
    }

    /// `type/subtype`.
    public var description: String { "\(type)/\(subtype)" }
}
