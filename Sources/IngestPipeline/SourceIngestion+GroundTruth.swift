// The ground-truth side of `SourceIngestion`: a line that is a ground-truth record (the kind is read from each line)
// is read, keyed by the model's ground-truth attributes and timed, printed in a dry run, and packed into a chunk of
// its own kind, sent as one `PATCH …/inferences` body. The dead letter, the ledger, the progress record and the
// exit status are the captures'.

import CaptureFormat

extension SourceIngestion {
    /// Judges one ground-truth line, and adds its items to a ground-truth chunk when they are to be sent.
    func takeGroundTruth(_ line: LineReader.Line, group: inout TaskGroup<Outcome>) async throws {
        let items: [GroundTruthItem]
        do throws(GroundTruthRejection) {
            if let sink, !sink.takesGroundTruth { throw GroundTruthRejection.onlyForArthur }
            let record = try GroundTruthRecord(line: line.bytes)
            guard let timestamp = record.time ?? groundTruthFallbackTime else {
                throw GroundTruthRejection(
                    "ground truth names no time (eventMetadata.groundTruthTime or inferenceTime), and neither does "
                        + "its source: no …/yyyy/mm/dd/hh/ in its path, no last-modified time")
            }
            if let schema = options.schema {
                items = try schema.groundTruthItems(record, timestamp: timestamp, line: line.number)
            } else if sink == nil {
                items = record.rows.enumerated().map { index, row in
                    GroundTruthItem(
                        partnerInferenceID: record.rows.count == 1 ? record.eventID : "\(record.eventID)_\(index)",
                        timestamp: timestamp, data: row, line: line.number)
                }
                if output != nil, !groundTruthUnkeyedNoted {
                    groundTruthUnkeyedNoted = true
                    reporter.warning(
                        source: source.name, line: nil,
                        message: "ground truth printed as read: keying it by the model's ground-truth attributes "
                            + "needs the schema (a destination with host, model and token)")
                }
            } else {
                throw GroundTruthRejection.needsSchema
            }
        } catch {
            try reject(line.bytes, number: line.number, reason: error.description)
            return
        }
        ledger.validLines += 1
        ledger.groundTruth += items.count
        if let output {
            try output.append { buffer in
                for item in items { item.writeJSONLine(into: &buffer) }
            }
        }
        guard let sink else { return }
        let resumed = try resumedEarlier(line, items: items.count, isGroundTruth: true)
        if resumed && !sink.needsWholeChunks { return }
        var sent: [UInt8] = []
        for (index, item) in items.enumerated() {
            if index > 0 { sent.append(0x2C) }
            item.writeArthurItem(into: &sent)
        }
        if !chunk.isEmpty
            && (!chunk.isGroundTruth || chunk.bytes.count + sent.count + 1 > options.chunkBytes
                || chunk.inferences + items.count > options.groundTruthBatch)
        {
            await send(group: &group)
        }
        chunk.isGroundTruth = true
        sent.withUnsafeBytes { sent in
            chunk.append(
                sent: sent, original: line.bytes, number: line.number,
                eventID: items.count == 1
                    ? items[0].partnerInferenceID : String(items[0].partnerInferenceID.dropLast(2)),
                inferences: items.count, resumed: resumed)
        }
    }

    /// Counts `count` items of a line of `chunk` as taken by Arthur: inferences, or ground-truth items.
    func countUploaded(_ count: Int, of chunk: Chunk) {
        if chunk.isGroundTruth {
            ledger.uploadedGroundTruth += count
        } else {
            ledger.uploadedInferences += count
        }
    }
}
