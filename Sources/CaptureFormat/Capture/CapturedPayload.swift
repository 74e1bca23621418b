// One side of a capture line decoded into rows: its `encoding` (and, for BASE64 or JSON Lines, its
// `observedContentType`) choose the text format, BASE64 data is decoded, and the text is split by `PayloadRows` —
// or only counted, when the caller does not want the rows' values. A BASE64 side labelled with a type that is
// neither CSV nor JSON is read as JSON when it holds JSON (containers mislabel their answers), and says so.

@_spi(Scanning) import WireFormat

/// One side of a capture line, decoded into rows.
struct CapturedPayload {
    var format: PayloadFormat
    var shape: PayloadShape
    /// The rows by the plain rules; empty when they were only counted.
    var rows: [JSONValue] = []
    /// True when the one-pass fast path read the payload as one valid JSON document.
    var isOneCheckedDocument = false
    /// The `data` string as captured.
    var data: JSONStringToken
    /// The `encoding` string's range in the line.
    var encodingToken: Range<Int>
    /// The `observedContentType` string as captured, if any.
    var contentType: JSONStringToken?
    /// A BASE64 side's decoded text.
    var decoded: [UInt8]?
    /// The media type of a BASE64 side that held JSON though labelled otherwise.
    var relabelledFrom: String?

    /// Decodes a scanned side into rows (or only counts them), or says why it cannot be.
    /// `allowingLayoutKeys` accepts named rows that use a key Arthur reads as its layout (`features`, …): for a
    /// caller that sends named rows ordered by the model's schema, so that Arthur never sees the key.
    init(
        _ layout: CaptureLayout.Side, side: CaptureRejection.Side, keepingRows: Bool, allowingLayoutKeys: Bool = false
    ) throws(CaptureRejection) {
        func path(_ field: String) -> String { "captureData.\(side.rawValue).\(field)" }
        guard let encodingString = try CaptureField.optionalString(layout.encoding, path("encoding")) else {
            throw CaptureRejection(.missingField(path("encoding")))
        }
        guard let encoding = PayloadEncoding(encodingString) else {
            throw CaptureRejection(.unknownEncoding(side, encodingString.text))
        }
        guard let data = try CaptureField.optionalString(layout.data, path("data")) else {
            throw CaptureRejection(.missingField(path("data")))
        }
        self.data = data
        encodingToken = encodingString.token
        contentType = try CaptureField.optionalNonEmptyString(layout.observedContentType, path("observedContentType"))
        let typeFormat = contentType.flatMap { type in
            type.hasEscapes
                ? type.withUnescapedBytes { PayloadFormat(contentType: $0) } : PayloadFormat(contentType: type.content)
        }
        switch encoding {
        case .csv:
            format = .csv
        case .json:
            format = typeFormat == .jsonLines ? .jsonLines : .json
        case .base64:
            guard let contentType else { throw CaptureRejection(.missingField(path("observedContentType"))) }
            guard let decoded = data.withUnescapedBytes({ Base64.decode($0) }) else {
                throw CaptureRejection(.invalidBase64(side))
            }
            self.decoded = decoded
            if let typeFormat {
                format = typeFormat
            } else if Self.holdsJSON(decoded) {
                format = .json
                let text = contentType.text
                relabelledFrom = MediaType(text)?.description ?? text
            } else {
                let text = contentType.text
                throw CaptureRejection(.unsupportedContentType(side, MediaType(text)?.description ?? text))
            }
        }
        let format = format
        // Counting only: the shape read with the line, when the fast path could read the payload as `format`.
        if !keepingRows, decoded == nil, let shape = layout.dataShape?.payloadShape(as: format) {
            self.shape = shape
            isOneCheckedDocument = format == .json
            return
        }
        let layoutKey: (row: Int, key: String)?
        do throws(PayloadSyntaxError) {
            (rows, shape, layoutKey) = try Self.read(decoded, orElse: data, format: format, keepingRows: keepingRows)
        } catch {
            throw CaptureRejection(.unparsablePayload(side, error.description))
        }
        if let (row, key) = layoutKey, !allowingLayoutKeys {
            throw CaptureRejection(.layoutKeyInNamedRow(side, row: row + 1, key: key))
        }
    }

    /// Calls `body` with the side's text: decoded BASE64, or the `data` string unescaped.
    func withText<Value, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        if let decoded {
            return try decoded.withUnsafeBytes { text in Result { () throws(Failure) in try body(text) } }.get()
        }
        return try data.withUnescapedBytes(body)
    }

    /// True when decoded bytes are UTF-8 that reads as JSON: one document, or JSON Lines.
    private static func holdsJSON(_ decoded: [UInt8]) -> Bool {
        decoded.withUnsafeBytes { text in
            (try? PayloadRows.jsonValues(text, isJSONLines: false))?.isEmpty == false
        }
    }

    /// Splits the decoded BASE64 text, or else the `data` string's text, into rows, or only reads its shape (CSV
    /// counted, JSON read as spans); with the first row of named values that uses a layout key (0-based).
    private static func read(
        _ decoded: [UInt8]?,
        orElse data: JSONStringToken,
        format: PayloadFormat,
        keepingRows: Bool
    ) throws(PayloadSyntaxError) -> ([JSONValue], PayloadShape, (row: Int, key: String)?) {
        func read(_ text: UnsafeRawBufferPointer, isValidUTF8: Bool) throws(PayloadSyntaxError) -> (
            [JSONValue], PayloadShape, (row: Int, key: String)?
        ) {
            if keepingRows {
                let (rows, shape) = try PayloadRows.read(text, format: format, isValidUTF8: isValidUTF8)
                return (rows, shape, PayloadRows.layoutKeyInNamedRow(rows))
            }
            if format == .csv {
                return ([], try PayloadRows.shape(text, format: format, isValidUTF8: isValidUTF8), nil)
            }
            do throws(JSONSyntaxError) {
                let (shape, layoutKey) = try PayloadSpans(text: text).shape(format: format)
                return ([], shape, layoutKey)
            } catch {
                throw .json(error)
            }
        }
        if let decoded {
            return try decoded.withUnsafeBytes { text in
                Result { () throws(PayloadSyntaxError) in try read(text, isValidUTF8: false) }
            }.get()
        }
        return try data.withUnescapedBytes { text throws(PayloadSyntaxError) in try read(text, isValidUTF8: true) }
    }
}

extension PayloadEncoding {
    /// The encoding a scanned `encoding` string names, nil for an unknown one.
    init?(_ token: JSONStringToken) {
        switch token {
        case "CSV": self = .csv
        case "JSON": self = .json
        case "BASE64": self = .base64
        default: return nil
        }
    }
}
