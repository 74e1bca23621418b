/// One side of a capture line decoded into rows: its `encoding` (and, for BASE64 or JSON Lines, its
/// `observedContentType`) choose the text format, BASE64 data is decoded, and the text is split by
/// `PayloadRows` — or only counted, when the caller does not want the rows' values. A BASE64 side also keeps what
/// Arthur needs instead: the decoded text and where to put it.

/// One side of a capture line, decoded into rows.
struct CapturedPayload {
    /// What replaces a BASE64 side's `data` and `encoding` tokens in the line sent to Arthur.
    struct Reencoding {
        var dataToken: Range<Int>
        var encodingToken: Range<Int>
        var decodedText: [UInt8]
        var encoding: PayloadEncoding
    }

    var format: PayloadFormat
    var shape: PayloadShape
    /// The rows; empty when they were only counted.
    var rows: [JSONValue] = []
    /// Set for a BASE64 side only.
    var reencoding: Reencoding?

    /// Decodes a scanned side into rows (or only counts them), or says why it cannot be.
    init(_ layout: CaptureLayout.Side, side: CaptureRejection.Side, keepingRows: Bool) throws(CaptureRejection) {
        func path(_ field: String) -> String { "captureData.\(side.rawValue).\(field)" }
        guard let encodingToken = try CaptureField.optionalString(layout.encoding, path("encoding")) else {
            throw CaptureRejection(.missingField(path("encoding")))
        }
        guard let encoding = PayloadEncoding(encodingToken) else {
            throw CaptureRejection(.unknownEncoding(side, encodingToken.text))
        }
        guard let data = try CaptureField.optionalString(layout.data, path("data")) else {
            throw CaptureRejection(.missingField(path("data")))
        }
        let contentType = try CaptureField.optionalNonEmptyString(
            layout.observedContentType, path("observedContentType"))
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
            guard let typeFormat else {
                let text = contentType.text
                throw CaptureRejection(.unsupportedContentType(side, MediaType(text)?.description ?? text))
            }
            guard let decoded = data.withUnescapedBytes({ Base64.decode($0) }) else {
                throw CaptureRejection(.invalidBase64(side))
            }
            format = typeFormat
            reencoding = Reencoding(
                dataToken: data.token,
                encodingToken: encodingToken.token,
                decodedText: decoded,
                encoding: typeFormat == .csv ? .csv : .json
            )
        }
        let format = format
        // Counting only: the shape read with the line, when the fast path could read the payload as `format`.
        if !keepingRows, reencoding == nil, let shape = layout.dataShape?.payloadShape(as: format) {
            self.shape = shape
            return
        }
        do throws(PayloadSyntaxError) {
            (rows, shape) = try Self.read(
                reencoding?.decodedText, orElse: data, format: format, keepingRows: keepingRows)
        } catch {
            throw CaptureRejection(.unparsablePayload(side, error.description))
        }
    }

    /// Splits the decoded BASE64 text, or else the `data` string's text, into rows (or only counts them).
    private static func read(
        _ decoded: [UInt8]?,
        orElse data: JSONStringToken,
        format: PayloadFormat,
        keepingRows: Bool
    ) throws(PayloadSyntaxError) -> ([JSONValue], PayloadShape) {
        func read(_ text: UnsafeRawBufferPointer, isValidUTF8: Bool) throws(PayloadSyntaxError) -> (
            [JSONValue], PayloadShape
        ) {
            guard keepingRows else {
                return ([], try PayloadRows.shape(text, format: format, isValidUTF8: isValidUTF8))
            }
            let rows = try PayloadRows.rows(text, format: format, isValidUTF8: isValidUTF8)
            let firstRowWidth = format == .csv ? rows.first?.arrayValue?.count ?? 0 : 0
            return (rows, PayloadShape(rowCount: rows.count, firstRowWidth: firstRowWidth))
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
