@_spi(Scanning) import WireFormat

/// Finds the fields of a capture line that matter.
///
/// Walks a capture line's outer object directly on its bytes, with `JSONScanner`, picking out the fields that
/// matter (`captureData.endpointInput/endpointOutput.{observedContentType,encoding,data}` and
/// `eventMetadata.{eventId,inferenceId,inferenceTime}`) and checking, without keeping, everything else. Strings
/// are kept as tokens, unescaped later only if needed. Keys may come in any order; for a repeated key the last
/// one counts, as for Python's `json` (and so for Arthur), which keeps a BASE64 rewrite in step with what Arthur
/// reads.
struct CaptureLineScanner {
    private var json: JSONScanner
    /// The line's layout, once `scan` found the line is an object.
    private(set) var layout = CaptureLayout()

    /// When true, each side's `data` string is read with `EscapedPayload`, which counts its payload's rows in the
    /// same pass.
    private let readsPayloadShapes: Bool
    /// Where the JSON payloads' plain rows are recorded as they are read, and how much of it is taken.
    private let rowSpace: UnsafeMutableBufferPointer<PayloadSpans.Row>
    private var rowSpaceUsed = 0

    /// A scanner of `line`. `readsPayloadShapes` also counts the payloads' rows on the way, for callers that need
    /// no more, and records a JSON payload's plain rows in `rowSpace` when they fit (the layout's `writtenRows`
    /// point into it).
    init(
        _ line: UnsafeRawBufferPointer,
        readsPayloadShapes: Bool = false,
        rowSpace: UnsafeMutableBufferPointer<PayloadSpans.Row> = UnsafeMutableBufferPointer(start: nil, count: 0)
    ) {
        json = JSONScanner(line)
        self.readsPayloadShapes = readsPayloadShapes
        self.rowSpace = rowSpace
    }

    /// Scans the line into `layout` (read in place, not copied out); false when the line is JSON but not an
    /// object.
    mutating func scan() throws(JSONSyntaxError) -> Bool {
        if scanSageMakerLine() { return true }
        layout = CaptureLayout()
        json.position = 0
        rowSpaceUsed = 0
        json.skipWhitespace()
        guard json.current == .openBrace else {
            try json.skipValue(depth: 0)
            try json.expectEnd()
            return false
        }
        let start = json.position
        try json.enterContainer(depth: 1)
        var isFirst = true
        while let key = try json.nextMemberKey(isFirst: &isFirst) {
            switch key {
            case "captureData":
                (layout.input, layout.output) = (CaptureLayout.Side(), CaptureLayout.Side())
                layout.captureData = try objectOrOther(depth: 1)
                if layout.captureData?.isObject == true { try scanCaptureData() }
            case "eventMetadata":
                (layout.eventID, layout.inferenceID, layout.inferenceTime) = (nil, nil, nil)
                layout.eventMetadata = try objectOrOther(depth: 1)
                if layout.eventMetadata?.isObject == true { try scanEventMetadata() }
            default:
                try json.skipValue(depth: 1)
            }
        }
        layout.objectRange = start..<json.position
        try json.expectEnd()
        return true
    }

    private mutating func scanCaptureData() throws(JSONSyntaxError) {
        try json.enterContainer(depth: 2)
        var isFirst = true
        while let key = try json.nextMemberKey(isFirst: &isFirst) {
            switch key {
            case "endpointInput":
                layout.input = try scanSide()
            case "endpointOutput":
                layout.output = try scanSide()
            default:
                try json.skipValue(depth: 2)
            }
        }
    }

    private mutating func scanSide() throws(JSONSyntaxError) -> CaptureLayout.Side {
        var side = CaptureLayout.Side(value: try objectOrOther(depth: 2))
        guard side.value?.isObject == true else { return side }
        try json.enterContainer(depth: 3)
        var isFirst = true
        while let key = try json.nextMemberKey(isFirst: &isFirst) {
            switch key {
            case "observedContentType":
                side.observedContentType = try stringOrOther(depth: 3)
            case "encoding":
                side.encoding = try stringOrOther(depth: 3)
            case "data":
                (side.data, side.dataShape, side.writtenRows) = try payloadOrOther(depth: 3)
            default:
                try json.skipValue(depth: 3)
            }
        }
        return side
    }

    private mutating func scanEventMetadata() throws(JSONSyntaxError) {
        try json.enterContainer(depth: 2)
        var isFirst = true
        while let key = try json.nextMemberKey(isFirst: &isFirst) {
            switch key {
            case "eventId":
                layout.eventID = try stringOrOther(depth: 2)
            case "inferenceId":
                layout.inferenceID = try stringOrOther(depth: 2)
            case "inferenceTime":
                layout.inferenceTime = try stringOrOther(depth: 2)
            default:
                try json.skipValue(depth: 2)
            }
        }
    }

    /// `.object` with the cursor left on its `{`, or the kind of the value, read and checked.
    private mutating func objectOrOther(depth: Int) throws(JSONSyntaxError) -> ScannedValue {
        json.skipWhitespace()
        if json.current == .openBrace { return .object }
        return try skipAndClassify(depth: depth)
    }

    /// The string at the cursor, or the kind of the value, read and checked.
    private mutating func stringOrOther(depth: Int) throws(JSONSyntaxError) -> ScannedValue {
        json.skipWhitespace()
        guard json.current == .quote else { return try skipAndClassify(depth: depth) }
        return .string(try json.scanStringToken())
    }

    /// The `data` string at the cursor, with the shape of its payload when `readsPayloadShapes` and the fast path
    /// could read it; or the kind of the value, read and checked.
    private mutating func payloadOrOther(depth: Int) throws(JSONSyntaxError) -> (
        ScannedValue, EscapedPayload.Shape?, UnsafeBufferPointer<PayloadSpans.Row>?
    ) {
        json.skipWhitespace()
        if let payload = readPayload() { return (.string(payload.token), payload.shape, payload.writtenRows) }
        return (try stringOrOther(depth: depth), nil, nil)
    }

    /// The `data` string at the cursor with the shape of its payload, when `readsPayloadShapes` and the fast path
    /// could read it.
    @inline(__always)
    private mutating func readPayload() -> EscapedPayload? {
        guard readsPayloadShapes, json.current == .quote,
            let payload = EscapedPayload.read(
                json.bytes, at: json.position, rowSpace: UnsafeMutableBufferPointer(rebasing: rowSpace[rowSpaceUsed...])
            )
        else { return nil }
        json.position = payload.token.token.upperBound
        rowSpaceUsed += payload.writtenRows?.count ?? 0
        return payload
    }

    /// The layout of a line written exactly as SageMaker writes it — these keys in this order, no whitespace, the
    /// `eventVersion` "0" — read by matching the fixed text between its strings, which is most of its structure,
    /// instead of reading each key, into `layout` (no copies of it on the way); false at the first byte that
    /// differs, and `scanLine` then reads the line from its start into a fresh layout. Both readings give such a
    /// line the same layout.
    private mutating func scanSageMakerLine() -> Bool {
        guard json.skipText(#"{"captureData":{"endpointInput":"#),
            scanSageMakerSide(mode: #","mode":"INPUT","data":"#, isInput: true),
            json.skipText(#","endpointOutput":"#),
            scanSageMakerSide(mode: #","mode":"OUTPUT","data":"#, isInput: false),
            json.skipText(#"},"eventMetadata":{"eventId":"#), let eventID = scanString()
        else { return false }
        if json.skipText(#","inferenceId":"#) {
            guard let inferenceID = scanString() else { return false }
            layout.inferenceID = .string(inferenceID)
        }
        guard json.skipText(#","inferenceTime":"#), let time = scanString(),
            json.skipText(#"},"eventVersion":"0"}"#)
        else { return false }
        layout.objectRange = 0..<json.position
        json.skipWhitespace()
        guard json.position == json.count else { return false }
        layout.captureData = .object
        layout.eventMetadata = .object
        (layout.eventID, layout.inferenceTime) = (.string(eventID), .string(time))
        return true
    }

    /// `{"observedContentType":…,"mode":…,"data":…,"encoding":…}` at the cursor, `mode` being the text from the
    /// comma after the content type to the colon after `data`; into `layout.input` or `layout.output`.
    private mutating func scanSageMakerSide(mode: StaticString, isInput: Bool) -> Bool {
        guard json.skipText(#"{"observedContentType":"#), let type = scanString(), json.skipText(mode) else {
            return false
        }
        var side = CaptureLayout.Side(value: .object, observedContentType: .string(type))
        if let payload = readPayload() {
            (side.data, side.dataShape, side.writtenRows) = (.string(payload.token), payload.shape, payload.writtenRows)
        } else {
            guard let data = scanString() else { return false }
            side.data = .string(data)
        }
        guard json.skipText(#","encoding":"#), let encoding = scanString(), json.skipText("}") else { return false }
        side.encoding = .string(encoding)
        if isInput { layout.input = side } else { layout.output = side }
        return true
    }

    /// The string at the cursor, checked; nil when there is none or it is not valid.
    private mutating func scanString() -> JSONStringToken? {
        guard json.current == .quote else { return nil }
        return try? json.scanStringToken()
    }

    private mutating func skipAndClassify(depth: Int) throws(JSONSyntaxError) -> ScannedValue {
        if json.current == UInt8(ascii: "n") {
            try json.expectLiteral("null")
            return .null
        }
        try json.skipValue(depth: depth)
        return .other
    }
}
