// A BASE64 side labelled with a content type that is neither CSV nor JSON, whose bytes are JSON all the same (a
// real capture holds a JSON answer labelled `text/html; charset=utf-8`). The line is read as JSON; the pipeline
// warns once per source, so a user can fix the container's label.

/// A side read as JSON though its content type said otherwise.
public struct Relabelling: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The side.
    public var side: CaptureRejection.Side
    /// Its media type as captured, lowercased, without parameters.
    public var mediaType: String

    /// Makes a relabelling from its parts.
    public init(side: CaptureRejection.Side, mediaType: String) {
        self.side = side
        self.mediaType = mediaType
    }

    /// "endpointOutput labelled text/html holds JSON; read as JSON".
    public var description: String { "\(side.rawValue) labelled \(mediaType) holds JSON; read as JSON" }
}
