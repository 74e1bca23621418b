// The line Arthur is sent for a valid capture line. Arthur's published contract takes `encoding` CSV or JSON, and
// for JSON one layout: inputs `{"instances":[{"features":[…]},…]}`, outputs `{"predictions":[[…],…]}` (named values
// in place of the arrays too). It derives the partner ids itself, from the ids and the row order. So the captured
// line's bytes are copied as they are, except: a side not already in an accepted form has its `data` rewritten
// into one (its `encoding` set, a JSON side's `observedContentType` set to `application/json`), a BASE64 side is
// decoded, and `inferenceTime` is normalized. Rows are copied from the payload's text, never rebuilt as values.

/// Writes the line Arthur is sent.
enum ArthurLine {
    private static let csv = Array("CSV".utf8)
    private static let json = Array("JSON".utf8)
    private static let applicationJSON = Array("application/json".utf8)

    /// The line to send, or nil when the captured line goes as it is. `time` is the `inferenceTime` token and its
    /// normalized text, when they differ.
    static func line(
        _ line: UnsafeRawBufferPointer,
        objectRange: Range<Int>,
        input: CapturedPayload,
        output: CapturedPayload,
        pairing: RowPairing,
        time: (token: Range<Int>, text: String)?
    ) throws(CaptureRejection) -> [UInt8]? {
        var replacements: [(token: Range<Int>, text: [UInt8])] = []
        func rewrite(_ payload: CapturedPayload, side: CaptureRejection.Side, read reading: RowPairing.Reading)
            throws(CaptureRejection)
        {
            guard let data = try payload.arthurData(side: side, reading: reading) else { return }
            replacements.append((payload.data.token, data))
            replacements.append((payload.encodingToken, payload.format == .csv ? Self.csv : Self.json))
            if payload.format != .csv, let type = payload.contentType, !type.isEqual(to: "application/json") {
                replacements.append((type.token, Self.applicationJSON))
            }
        }
        try rewrite(input, side: .input, read: pairing.input)
        try rewrite(output, side: .output, read: pairing.output)
        if let time { replacements.append((time.token, Array(time.text.utf8))) }
        guard !replacements.isEmpty else { return nil }
        replacements.sort { $0.token.lowerBound < $1.token.lowerBound }
        var sent: [UInt8] = []
        sent.reserveCapacity(objectRange.count + replacements.reduce(0) { $0 + $1.text.count + 16 })
        JSONOutput.append(to: &sent, capacity: sent.capacity) { output in
            var copied = objectRange.lowerBound
            for replacement in replacements {
                output.append(UnsafeRawBufferPointer(rebasing: line[copied..<replacement.token.lowerBound]))
                replacement.text.withUnsafeBytes { JSONWriter.writeString(utf8: $0, into: &output) }
                copied = replacement.token.upperBound
            }
            output.append(UnsafeRawBufferPointer(rebasing: line[copied..<objectRange.upperBound]))
        }
        return sent
    }
}

extension CapturedPayload {
    /// The side's payload text as Arthur is sent it, or nil when the captured `data` goes as it is.
    func arthurData(side: CaptureRejection.Side, reading: RowPairing.Reading) throws(CaptureRejection) -> [UInt8]? {
        let acceptedLayout: PayloadShape.ArthurLayout = side == .input ? .instances : .predictions
        if reading == .plain && (format == .csv || (format == .json && shape.arthurLayout == acceptedLayout)) {
            return decoded
        }
        do throws(PayloadSyntaxError) {
            return try withText { text throws(PayloadSyntaxError) in
                if format == .csv { return try ArthurPayload.scorePerLine(text) }
                do throws(JSONSyntaxError) {
                    return try ArthurPayload.json(
                        PayloadSpans(text: text), format: format, isOneCheckedDocument: isOneCheckedDocument,
                        side: side, reading: reading)
                } catch {
                    throw .json(error)
                }
            }
        } catch {
            throw CaptureRejection(.unparsablePayload(side, error.description))
        }
    }
}

/// A side's payload written in Arthur's layout.
enum ArthurPayload {
    /// The single CSV row of N scores as N one-field rows.
    static func scorePerLine(_ text: UnsafeRawBufferPointer) throws(PayloadSyntaxError) -> [UInt8] {
        let rows: [[String]]
        do throws(CSVSyntaxError) { rows = try CSVReader.rows(text) } catch { throw .csv(error) }
        var written: [UInt8] = []
        for field in rows.first ?? [] {
            let needsQuotes = field.utf8.contains {
                $0 == .comma || $0 == .quote || $0 == .newline || $0 == .carriageReturn
            }
            if needsQuotes {
                written.append(.quote)
                for byte in field.utf8 {
                    if byte == .quote { written.append(.quote) }
                    written.append(byte)
                }
                written.append(.quote)
            } else {
                written.append(contentsOf: field.utf8)
            }
            written.append(.newline)
        }
        return written
    }

    /// The rows of a JSON payload in Arthur's layout for `side`, read as `reading`; `isOneCheckedDocument` as for
    /// `PayloadSpans.rows`.
    static func json(
        _ spans: PayloadSpans,
        format: PayloadFormat,
        isOneCheckedDocument: Bool,
        side: CaptureRejection.Side,
        reading: RowPairing.Reading
    ) throws(JSONSyntaxError) -> [UInt8] {
        let text = spans.text
        let plain = try spans.rows(format: format, isOneCheckedDocument: isOneCheckedDocument)
        var written: [UInt8] = []
        written.reserveCapacity(text.count + 32)
        func append(_ range: Range<Int>) { written.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[range])) }
        func append(_ literal: StaticString) {
            written.append(
                contentsOf: UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }
        var isFirst = true
        func write(_ row: PayloadSpans.Row) {
            if !isFirst { written.append(.comma) }
            isFirst = false
            switch (row, side) {
            case (.ordered(let values), .input):
                append(#"{"features":"#)
                append(values)
                append("}")
            case (.scalar(let value), .input):
                append(#"{"features":["#)
                append(value)
                append("]}")
            case (.scalar(let value), .output):
                append("[")
                append(value)
                append("]")
            case (.ordered(let values), .output), (.named(let values), _):
                append(values)
            }
        }
        append(side == .input ? #"{"instances":["# : #"{"predictions":["#)
        switch reading {
        case .plain:
            for row in plain { write(row) }
        case .flatArrayRows, .scorePerRequestRow:
            guard case .ordered(let values) = plain.first else { throw unexpectedLayout }
            for value in try spans.elementSpans(of: values) { write(.scalar(value)) }
        case .columnRows:
            guard case .named(let object) = plain.first else { throw unexpectedLayout }
            let members = try spans.memberSpans(of: object)
            let columns = try members.map { member throws(JSONSyntaxError) in try spans.elementSpans(of: member.value) }
            for index in 0..<(columns.first?.count ?? 0) {
                if !isFirst { written.append(.comma) }
                isFirst = false
                append("{")
                for (number, member) in members.enumerated() {
                    if number > 0 { written.append(.comma) }
                    append(member.key.token)
                    written.append(.colon)
                    append(columns[number][index])
                }
                append("}")
            }
        }
        append("]}")
        return written
    }

    /// A payload whose spans do not have the layout its shape said (never expected: the shape came from a reading
    /// by the same rules).
    private static let unexpectedLayout = JSONSyntaxError(offset: 0, message: "rows not where their shape said")
}
