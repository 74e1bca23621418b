/// Walks a capture line's outer object directly on its bytes, with `JSONScanner`, picking out the fields that
/// matter (`captureData.endpointInput/endpointOutput.{observedContentType,encoding,data}` and
/// `eventMetadata.{eventId,inferenceId,inferenceTime}`) and checking, without keeping, everything else. Strings
/// are kept as tokens, unescaped later only if needed. Keys may come in any order; for a repeated key the last
/// one counts, as for Python's `json` (and so for Arthur), which keeps a BASE64 rewrite in step with what Arthur
/// reads.

/// Finds the fields of a capture line that matter.
struct CaptureLineScanner {
    private var json: JSONScanner
    private var layout = CaptureLayout()

    /// When true, each side's `data` string is read with `EscapedPayload`, which counts its payload's rows in the
    /// same pass.
    private let readsPayloadShapes: Bool

    /// The layout of a line, or nil when the line is JSON but not an object. `readsPayloadShapes` also counts the
    /// payloads' rows on the way, for callers that need no more.
    static func scan(
        _ line: UnsafeRawBufferPointer,
        readsPayloadShapes: Bool = false
    ) throws(JSONSyntaxError) -> CaptureLayout? {
        var scanner = CaptureLineScanner(json: JSONScanner(line), readsPayloadShapes: readsPayloadShapes)
        return try scanner.scanLine()
    }

    private init(json: JSONScanner, readsPayloadShapes: Bool) {
        self.json = json
        self.readsPayloadShapes = readsPayloadShapes
    }

    private mutating func scanLine() throws(JSONSyntaxError) -> CaptureLayout? {
        json.skipWhitespace()
        guard json.current == .openBrace else {
            try json.skipValue(depth: 0)
            try json.expectEnd()
            return nil
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
        return layout
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
                (side.data, side.dataShape) = try payloadOrOther(depth: 3)
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
    private mutating func payloadOrOther(depth: Int) throws(JSONSyntaxError) -> (ScannedValue, EscapedPayload.Shape?) {
        json.skipWhitespace()
        if readsPayloadShapes, json.current == .quote, let payload = EscapedPayload.read(json.bytes, at: json.position)
        {
            json.position = payload.token.token.upperBound
            return (.string(payload.token), payload.shape)
        }
        return (try stringOrOther(depth: depth), nil)
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
