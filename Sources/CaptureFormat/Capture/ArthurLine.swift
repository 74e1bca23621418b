// The line Arthur is sent for a valid capture line. Arthur's published contract takes `encoding` CSV or JSON, and
// for JSON one layout: inputs `{"instances":[{"features":[…]},…]}`, outputs `{"predictions":[[…],…]}` (named values
// in place of the arrays too). It derives the partner ids itself, from the ids and the row order. So the captured
// line's bytes are copied as they are, except: a side not already in an accepted form has its `data` rewritten
// into one (its `encoding` set, a JSON side's `observedContentType` set to `application/json`), a BASE64 side is
// decoded, and `inferenceTime` is normalized. Rows are copied from the payload's text, never rebuilt as values.

@_spi(Scanning) import WireFormat

/// Writes the line Arthur is sent.
enum ArthurLine {
    private static let csv = Array("CSV".utf8)
    private static let json = Array("JSON".utf8)
    private static let applicationJSON = Array("application/json".utf8)

    /// The line to send, or nil when the captured line goes as it is. `writtenRows` are the sides' JSON rows as the
    /// scan recorded them, if it did; `time` is the `inferenceTime` token and its normalized text, when they differ.
    static func line(
        _ line: UnsafeRawBufferPointer,
        objectRange: Range<Int>,
        input: CapturedPayload,
        output: CapturedPayload,
        pairing: RowPairing,
        writtenRows: (input: UnsafeBufferPointer<PayloadSpans.Row>?, output: UnsafeBufferPointer<PayloadSpans.Row>?),
        time: (token: Range<Int>, text: String)?
    ) throws(CaptureRejection) -> [UInt8]? {
        // Each replacement is a string's new text, or (`isEscaped`) its new content as written in the line.
        var replacements: [(token: Range<Int>, text: [UInt8], isEscaped: Bool)] = []
        func rewrite(
            _ payload: CapturedPayload, side: CaptureRejection.Side, read reading: RowPairing.Reading,
            writtenRows: UnsafeBufferPointer<PayloadSpans.Row>?
        ) throws(CaptureRejection) {
            guard let data = try payload.arthurData(side: side, reading: reading, line: line, writtenRows: writtenRows)
            else { return }
            // Each side's data, encoding and content type, and the time.
            if replacements.isEmpty { replacements.reserveCapacity(7) }
            replacements.append((payload.data.token, data.text, data.isEscaped))
            replacements.append((payload.encodingToken, payload.format == .csv ? Self.csv : Self.json, false))
            if payload.format != .csv, let type = payload.contentType, !type.isEqual(to: "application/json") {
                replacements.append((type.token, Self.applicationJSON, false))
            }
        }
        try rewrite(input, side: .input, read: pairing.input, writtenRows: writtenRows.input)
        try rewrite(output, side: .output, read: pairing.output, writtenRows: writtenRows.output)
        if let time {
            if replacements.isEmpty { replacements.reserveCapacity(7) }
            replacements.append((time.token, Array(time.text.utf8), false))
        }
        guard !replacements.isEmpty else { return nil }
        replacements.sort { $0.token.lowerBound < $1.token.lowerBound }
        var sent: [UInt8] = []
        sent.reserveCapacity(objectRange.count + replacements.reduce(0) { $0 + $1.text.count + 16 })
        JSONOutput.append(to: &sent, capacity: sent.capacity) { output in
            var copied = objectRange.lowerBound
            for replacement in replacements {
                output.append(UnsafeRawBufferPointer(rebasing: line[copied..<replacement.token.lowerBound]))
                replacement.text.withUnsafeBytes { text in
                    if replacement.isEscaped {
                        output.append(.quote)
                        output.append(text)
                        output.append(.quote)
                    } else {
                        JSONWriter.writeString(utf8: text, into: &output)
                    }
                }
                copied = replacement.token.upperBound
            }
            output.append(UnsafeRawBufferPointer(rebasing: line[copied..<objectRange.upperBound]))
        }
        return sent
    }
}

extension CapturedPayload {
    /// The side's payload text as Arthur is sent it — or, when `isEscaped`, that text as the content of a JSON
    /// string, its rows copied from `line` as written there — or nil when the captured `data` goes as it is.
    /// `writtenRows`, when given, are the payload's rows as `EscapedPayload.writtenRows` would read them again.
    func arthurData(
        side: CaptureRejection.Side, reading: RowPairing.Reading, line: UnsafeRawBufferPointer,
        writtenRows: UnsafeBufferPointer<PayloadSpans.Row>? = nil
    ) throws(CaptureRejection) -> (text: [UInt8], isEscaped: Bool)? {
        let acceptedLayout: PayloadShape.ArthurLayout = side == .input ? .instances : .predictions
        if reading == .plain && (format == .csv || (format == .json && shape.arthurLayout == acceptedLayout)) {
            return decoded.map { ($0, false) }
        }
        // A payload the fast path read: its rows copied from the line as written, with no unescaping and escaping;
        // recorded by the scan, or else read again.
        if reading == .plain, isOneCheckedDocument {
            if let writtenRows {
                return (ArthurPayload.write(writtenRows, of: data.content, side: side, isEscaped: true), true)
            }
            if let rows = EscapedPayload.writtenRows(line, at: data.token.lowerBound) {
                return (ArthurPayload.write(rows, of: data.content, side: side, isEscaped: true), true)
            }
        }
        do throws(PayloadSyntaxError) {
            return try withText { text throws(PayloadSyntaxError) in
                if format == .csv { return (try ArthurPayload.scorePerLine(text), false) }
                do throws(JSONSyntaxError) {
                    let json = try ArthurPayload.json(
                        PayloadSpans(text: text), format: format, isOneCheckedDocument: isOneCheckedDocument,
                        side: side, reading: reading)
                    return (json, false)
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
        switch reading {
        case .plain:
            return write(plain, of: text, side: side, isEscaped: false)
        case .flatArrayRows, .scorePerRequestRow:
            guard case .ordered(let values) = plain.first else { throw unexpectedLayout }
            let rows = try spans.elementSpans(of: values).map(PayloadSpans.Row.scalar)
            return write(rows, of: text, side: side, isEscaped: false)
        case .columnRows:
            guard case .named(let object) = plain.first else { throw unexpectedLayout }
            let members = try spans.memberSpans(of: object)
            let columns = try members.map { member throws(JSONSyntaxError) in try spans.elementSpans(of: member.value) }
            var writer = Writer(text: text, isEscaped: false)
            writer.open(side)
            for index in 0..<(columns.first?.count ?? 0) {
                writer.separate()
                writer.append("{")
                for (number, member) in members.enumerated() {
                    if number > 0 { writer.written.append(.comma) }
                    writer.append(member.key.token)
                    writer.written.append(.colon)
                    writer.append(columns[number][index])
                }
                writer.append("}")
            }
            writer.append("]}")
            return writer.written
        }
    }

    /// `rows` of `text` written in Arthur's layout for `side`: as JSON text, or (`isEscaped`, `text` being the
    /// content of a JSON string as written) as the content of a JSON string.
    static func write(
        _ rows: some Collection<PayloadSpans.Row>, of text: UnsafeRawBufferPointer, side: CaptureRejection.Side,
        isEscaped: Bool
    ) -> [UInt8] {
        // Room for the text and, per row, the longest wrapper written around it (`{\"features\":[`…`]}`).
        var writer = Writer(text: text, isEscaped: isEscaped, capacity: text.count + 32 + 20 * rows.count)
        writer.open(side)
        for row in rows {
            writer.separate()
            switch (row, side) {
            case (.ordered(let values), .input):
                writer.append(#"{"features":"#)
                writer.append(values)
                writer.append("}")
            case (.scalar(let value), .input):
                writer.append(#"{"features":["#)
                writer.append(value)
                writer.append("]}")
            case (.scalar(let value), .output):
                writer.append("[")
                writer.append(value)
                writer.append("]")
            case (.ordered(let values), .output), (.named(let values), _):
                writer.append(values)
            }
        }
        writer.append("]}")
        return writer.written
    }

    /// Writes rows copied from a payload's text, and the literals between them, escaped as the text is.
    private struct Writer {
        let text: UnsafeRawBufferPointer
        let isEscaped: Bool
        var written: [UInt8] = []
        var isFirst = true

        init(text: UnsafeRawBufferPointer, isEscaped: Bool, capacity: Int? = nil) {
            self.text = text
            self.isEscaped = isEscaped
            written.reserveCapacity(capacity ?? text.count + 32)
        }

        /// Opens the row list of `side`'s layout.
        mutating func open(_ side: CaptureRejection.Side) {
            append(side == .input ? #"{"instances":["# : #"{"predictions":["#)
        }

        /// A comma before every row but the first.
        mutating func separate() {
            if !isFirst { written.append(.comma) }
            isFirst = false
        }

        mutating func append(_ range: Range<Int>) {
            written.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[range]))
        }

        mutating func append(_ literal: StaticString) {
            let bytes = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
            guard isEscaped else { return written.append(contentsOf: bytes) }
            for byte in bytes {
                if byte == .quote { written.append(.backslash) }
                written.append(byte)
            }
        }
    }

    /// A payload whose spans do not have the layout its shape said (never expected: the shape came from a reading
    /// by the same rules).
    private static let unexpectedLayout = JSONSyntaxError(offset: 0, message: "rows not where their shape said")
}
