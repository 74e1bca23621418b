// Where Arthur answers for one stored inference: the query URL, the partner id as one percent-encoded path segment.

import Transport

extension ArthurDestination {
    /// `{host}/api/v3/models/{id}/inferences/query/{id as one percent-encoded path segment}`.
    public func queryURL(partnerInferenceID id: String) -> String {
        "\(host)/api/v3/models/\(modelID)/inferences/query/\(Self.pathSegment(id))"
    }

    /// `text` percent-encoded (UTF-8) as one path segment: every byte but ASCII letters, digits, `-`, `_` and `~`
    /// (so `/`, `?`, `#`, `%`, spaces, `.` and non-ASCII text cannot change what the path means).
    public static func pathSegment(_ text: String) -> String {
        PercentEncoding.encode(text) { PercentEncoding.isUnreserved($0) && $0 != UInt8(ascii: ".") }
    }
}
