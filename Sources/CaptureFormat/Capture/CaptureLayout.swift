/// The fields of a capture line that matter, as scanned.
///
/// As `CaptureLineScanner` found them — before any rule about which
/// are required or what type they must have is applied (`CaptureLineParser` does that).
struct CaptureLayout {
    /// The fields of one side (`endpointInput` / `endpointOutput`) that matter.
    struct Side {
        var value: ScannedValue?
        var observedContentType: ScannedValue?
        var encoding: ScannedValue?
        var data: ScannedValue?
        /// The shape of the payload `data` spells, when the scanner read it in the same pass.
        var dataShape: EscapedPayload.Shape?
        /// The plain rows of the JSON payload `data` spells, recorded in the same pass (`EscapedPayload.writtenRows`),
        /// in space the scanner's caller holds.
        var writtenRows: UnsafeBufferPointer<PayloadSpans.Row>?
    }

    var captureData: ScannedValue?
    var input = Side()
    var output = Side()
    var eventMetadata: ScannedValue?
    var eventID: ScannedValue?
    var inferenceID: ScannedValue?
    var inferenceTime: ScannedValue?
    /// Where the line's object starts and ends, without surrounding whitespace.
    var objectRange: Range<Int> = 0..<0
}
