/// One side of a capture line decoded into rows: its `encoding` (and, for BASE64 or JSON Lines, its
/// `observedContentType`) choose the text format, BASE64 data is decoded, and the text is split by
/// `PayloadRows`. A BASE64 side also keeps what Arthur needs instead: the decoded text and where to put it.

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
    var rows: [JSONValue]
    /// Set for a BASE64 side only.
    var reencoding: Reencoding?

    /// Decodes a scanned side, or says why it cannot be.
    init(_ layout: CaptureLayout.Side, side: CaptureRejection.Side) throws(CaptureRejection) {
        let path = "captureData.\(side.rawValue)"
        guard let encodingField = try CaptureField.optionalBytes(layout.encoding, "\(path).encoding") else {
            throw CaptureRejection(.missingField("\(path).encoding"))
        }
        let encodingName = String(decoding: encodingField.bytes, as: UTF8.self)
        guard let encoding = PayloadEncoding(rawValue: encodingName) else {
            throw CaptureRejection(.unknownEncoding(side, encodingName))
        }
        guard let data = try CaptureField.optionalBytes(layout.data, "\(path).data") else {
            throw CaptureRejection(.missingField("\(path).data"))
        }
        let contentType = try CaptureField.optionalText(layout.observedContentType, "\(path).observedContentType")
        let mediaType = contentType.flatMap(MediaType.init)
        let text: [UInt8]
        switch encoding {
        case .csv:
            format = .csv
            text = data.bytes
        case .json:
            format = mediaType.flatMap(PayloadFormat.init) == .jsonLines ? .jsonLines : .json
            text = data.bytes
        case .base64:
            guard let contentType else { throw CaptureRejection(.missingField("\(path).observedContentType")) }
            guard let mediaType, let decodedFormat = PayloadFormat(mediaType) else {
                throw CaptureRejection(.unsupportedContentType(side, mediaType?.description ?? contentType))
            }
            guard let decoded = Base64.decode(data.bytes) else { throw CaptureRejection(.invalidBase64(side)) }
            format = decodedFormat
            text = decoded
            reencoding = Reencoding(
                dataToken: data.token,
                encodingToken: encodingField.token,
                decodedText: decoded,
                encoding: decodedFormat == .csv ? .csv : .json
            )
        }
        do throws(PayloadSyntaxError) {
            rows = try PayloadRows.rows(text, format: format)
        } catch {
            throw CaptureRejection(.unparsablePayload(side, error.description))
        }
    }
}
