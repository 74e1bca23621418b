/// Whole lines bound for one upload.
///
/// One upload's worth of whole capture lines, with what is needed to account for each line after
/// Arthur answers: its number, event and inference ids, inference count and (for re-encoded lines) the
/// original.
struct Chunk: Sendable {
    /// A line inside the chunk.
    struct Line: Sendable {
        var number: Int
        var eventID: String
        /// The line's `inferenceId`, if it has one: Arthur may name the line by it in a failure's `event_id`.
        var inferenceID: String?
        var inferences: Int
        /// Where the line (as sent) sits in ``Chunk/bytes``, without its `\n`.
        var range: Range<Int>
        /// The source line when what was sent differs from it (BASE64 sides re-encoded).
        var original: [UInt8]?
        /// True when an earlier run delivered the line (its progress record says so): it is in the chunk only so
        /// that chunks are cut as before (see ``ChunkSink/needsWholeChunks``), is not sent again, and was counted
        /// when it was read.
        var resumed = false
    }

    var sequence: Int
    /// True for ground-truth items (each line's range holds its items, comma-joined), sent as one `PATCH` body.
    var isGroundTruth = false
    var bytes: [UInt8] = []
    var lines: [Line] = []

    init(sequence: Int, capacity: Int) {
        self.sequence = sequence
        bytes.reserveCapacity(capacity)
    }

    var isEmpty: Bool { lines.isEmpty }

    /// True when every line of the chunk was delivered by an earlier run: there is nothing to send.
    var isResumedWhole: Bool { lines.allSatisfy(\.resumed) }

    /// The inferences of all its lines.
    var inferences: Int { lines.reduce(0) { $0 + $1.inferences } }

    /// Adds a line as sent (`sent`), remembering the source line when it differs.
    mutating func append(
        sent: UnsafeRawBufferPointer, original: UnsafeRawBufferPointer?, number: Int, eventID: String,
        inferenceID: String? = nil, inferences: Int, resumed: Bool = false
    ) {
        let start = bytes.count
        bytes.append(contentsOf: sent)
        lines.append(
            Line(
                number: number, eventID: eventID, inferenceID: inferenceID, inferences: inferences,
                range: start..<bytes.count, original: original.map { Array($0) }, resumed: resumed))
        bytes.append(0x0A)
    }

    /// A chunk of some of this chunk's lines (to send them again), keeping their originals.
    func resending(_ chosen: [Line], sequence: Int) -> Chunk {
        var chunk = Chunk(sequence: sequence, capacity: 0)
        chunk.isGroundTruth = isGroundTruth
        for line in chosen {
            let start = chunk.bytes.count
            chunk.bytes.append(contentsOf: bytes[line.range])
            var copy = line
            copy.range = start..<chunk.bytes.count
            chunk.lines.append(copy)
            chunk.bytes.append(0x0A)
        }
        return chunk
    }

    /// The `PATCH …/inferences` body of a ground-truth chunk: one JSON array of every line's items.
    var groundTruthBody: [UInt8] {
        var body: [UInt8] = [0x5B]
        for (index, line) in lines.enumerated() {
            if index > 0 { body.append(0x2C) }
            body.append(contentsOf: bytes[line.range])
        }
        body.append(0x5D)
        return body
    }

    /// The source line of `line`, verbatim.
    func sourceBytes(of line: Line) -> ArraySlice<UInt8> {
        if let original = line.original { return original[...] }
        return bytes[line.range]
    }
}
