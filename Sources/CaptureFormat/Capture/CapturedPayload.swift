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
        let format = format
        let isValidUTF8 = encoding != .base64
        do throws(PayloadSyntaxError) {
            (rows, shape) = try text.withUnsafeBytes { bytes in
                Result { () throws(PayloadSyntaxError) -> ([JSONValue], PayloadShape) in
                    guard keepingRows else {
                        return ([], try PayloadRows.shape(bytes, format: format, isValidUTF8: isValidUTF8))
                    }
                    let rows = try PayloadRows.rows(bytes, format: format, isValidUTF8: isValidUTF8)
                    let firstRowWidth = format == .csv ? rows.first?.arrayValue?.count ?? 0 : 0
                    return (rows, PayloadShape(rowCount: rows.count, firstRowWidth: firstRowWidth))
                }
            }.get()
        } catch {
            throw CaptureRejection(.unparsablePayload(side, error.description))
        }
    }
}
