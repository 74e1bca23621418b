import CaptureFormat

// Judging each line: blank, rejected (format or schema), ground truth, or valid — counted, printed and packed into
// the chunk being filled; a line too long for memory goes to the dead letter in pieces.
extension SourceIngestion {
    /// Judges the lines a manifest probe held, in order, as any other lines.
    func takeHeld(_ probe: ManifestProbe, group: inout TaskGroup<Outcome>) async throws {
        for held in probe.lines {
            let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: held.bytes.count, alignment: 1)
            defer { bytes.deallocate() }
            held.bytes.withUnsafeBytes { bytes.copyMemory(from: $0) }
            try await take(
                LineReader.Line(number: held.number, bytes: UnsafeRawBufferPointer(bytes), kind: .whole), group: &group)
            try await deadLetter?.drain()
        }
    }

    /// Judges one line (or one piece of a line too long to hold) and does what its verdict asks.
    func take(_ line: LineReader.Line, group: inout TaskGroup<Outcome>) async throws {
        switch line.kind {
        case .whole:
            if CaptureLineParser.isBlank(line.bytes) {
                ledger.blankLines += 1
                return
            }
            ledger.lines += 1
            guard let (summary, inferences) = try await check(line, group: &group) else { return }
            note(summary, of: line)
            if let output {
                try output.append { buffer in
                    for inference in inferences { inference.writeJSONLine(into: &buffer) }
                }
            }
            try await pack(line, summary, group: &group)
        case .oversizedPiece(let isFirst, let isLast):
            if isFirst {
                ledger.lines += 1
                try deadLetter?.beginLine()
            }
            try deadLetter?.appendLine(line.bytes)
            if isLast {
                let reason = CaptureRejection(.lineTooLong(limit: options.maxLineBytes)).description
                try deadLetter?.endLine(number: line.number, reason: reason)
                ledger.rejectedLines += 1
                reporter.lineRejected(source: source.name, line: line.number, reason: reason)
            }
        }
    }

    /// The line's summary and, when they are printed or checked against the schema, its inferences; nil when the
    /// line was rejected or was ground truth (taken here).
    ///
    /// Rows are built only when they are printed or checked; otherwise the line is checked by the same rules
    /// without them, which is several times faster — as is the schema check of a line whose sides are CSV
    /// (`ModelSchema.summaryIfFitting`). With a schema, a line that does not fit is rejected, and named rows go
    /// ordered, so they may use `features` & co. as names.
    private func check(
        _ line: LineReader.Line, group: inout TaskGroup<Outcome>
    ) async throws -> (CaptureLineSummary, [Inference])? {
        do {
            guard output != nil || options.schema != nil else {
                return (try CaptureLineParser.validate(line.bytes), [])
            }
            if output == nil, let summary = options.schema?.summaryIfFitting(line.bytes) {
                return (summary, [])
            }
            let parsed = try CaptureLineParser.parse(
                line.bytes, lineNumber: line.number, allowingLayoutKeys: options.schema != nil)
            var summary = parsed.summary
            if let schema = options.schema {
                if let misfit = schema.misfit(in: parsed) {
                    try reject(line.bytes, number: line.number, reason: misfit.description)
                    return nil
                }
                if let ordered = schema.arthurLine(for: parsed, captured: line.bytes) {
                    summary.sentToArthur = ordered
                }
            }
            return (summary, parsed.inferences)
        } catch let rejection as CaptureRejection {
            // A line that is no capture may be ground truth: asked only then, so captures pay nothing for it.
            if GroundTruthRecord.isGroundTruth(line.bytes) {
                try await takeGroundTruth(line, group: &group)
            } else {
                try reject(line.bytes, number: line.number, reason: rejection.description)
            }
            return nil
        }
    }

    /// Counts a valid line and warns of what loses nothing: a relabelled content type (once per source), a
    /// partner id given before.
    private func note(_ summary: CaptureLineSummary, of line: LineReader.Line) {
        ledger.validLines += 1
        ledger.inferences += summary.inferenceCount
        if let seconds = summary.inferenceSecondsSince1970 { ledger.note(inferenceTime: seconds) }
        for relabelling in summary.relabellings where relabelled.insert(relabelling).inserted {
            reporter.warning(source: source.name, line: nil, message: relabelling.description)
        }
        if let repeated = partnerIDs.register(summary, line: line.number) {
            ledger.duplicateIDs += repeated.count
            reporter.warning(
                source: source.name, line: line.number,
                message: "partner inference id \"\(repeated.id)\" already given by line \(repeated.earlierLine); "
                    + "both are kept")
        }
    }

    /// Packs a valid line into the chunk being filled (the line Arthur is sent: rewritten, or as captured),
    /// sending the chunk first when the line would overfill it. A line an earlier run delivered is left out, unless
    /// the sink needs whole chunks (it is then marked resumed).
    private func pack(_ line: LineReader.Line, _ summary: CaptureLineSummary, group: inout TaskGroup<Outcome>)
        async throws
    {
        guard let sink else { return }
        let resumed = try resumedEarlier(line, items: summary.inferenceCount, isGroundTruth: false)
        if resumed && !sink.needsWholeChunks { return }
        let sentCount = summary.sentToArthur?.count ?? line.bytes.count
        if !chunk.isEmpty && (chunk.isGroundTruth || chunk.bytes.count + sentCount + 1 > options.chunkBytes) {
            await send(group: &group)
        }
        if let rewritten = summary.sentToArthur {
            rewritten.withUnsafeBytes { sent in
                chunk.append(
                    sent: sent, original: line.bytes, number: line.number, eventID: summary.eventID,
                    inferenceID: summary.inferenceID, inferences: summary.inferenceCount, resumed: resumed)
            }
        } else {
            chunk.append(
                sent: line.bytes, original: nil, number: line.number, eventID: summary.eventID,
                inferenceID: summary.inferenceID, inferences: summary.inferenceCount, resumed: resumed)
        }
    }

    /// Counts a rejected line, reports it and keeps it in the dead letter.
    func reject(_ bytes: UnsafeRawBufferPointer, number: Int, reason: String) throws {
        ledger.rejectedLines += 1
        reporter.lineRejected(source: source.name, line: number, reason: reason)
        try deadLetter?.keep(bytes, number: number, reason: reason)
    }
}
