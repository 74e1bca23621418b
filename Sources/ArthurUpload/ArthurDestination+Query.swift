// Where Arthur answers for one stored inference: the query URL, the partner id as one percent-encoded path segment.

extension ArthurDestination {
    /// `{host}/api/v3/models/{id}/inferences/query/{id as one percent-encoded path segment}`.
    public func queryURL(partnerInferenceID id: String) -> String {
        "\(host)/api/v3/models/\(modelID)/inferences/query/\(Self.pathSegment(id))"
    }

    /// `text` percent-encoded (UTF-8) as one path segment: every byte but ASCII letters, digits, `-`, `_` and `~`
    /// (so `/`, `?`, `#`, `%`, spaces, `.` and non-ASCII text cannot change what the path means).
    public static func pathSegment(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(byte)
            default:
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }
}
