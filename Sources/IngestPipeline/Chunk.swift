/// One upload's worth of whole capture lines, with what is needed to account for each line after
/// Arthur answers: its number, event id, inference count and (for re-encoded lines) the original.

/// Whole lines bound for one upload.
struct Chunk: Sendable {
    /// A line inside the chunk.
    struct Line: Sendable {
        var number: Int
        var eventID: String
        var inferences: Int
        /// Where the line (as sent) sits in ``Chunk/bytes``, without its `\n`.
        var range: Range<Int>
        /// The source line when what was sent differs from it (BASE64 sides re-encoded).
        var original: [UInt8]?
    }

    var sequence: Int
    var bytes: [UInt8] = []
    var lines: [Line] = []

    init(sequence: Int, capacity: Int) {
        self.sequence = sequence
        bytes.reserveCapacity(capacity)
    }

    var isEmpty: Bool { lines.isEmpty }

    /// Adds a line as sent (`sent`), remembering the source line when it differs.
    mutating func append(
        sent: UnsafeRawBufferPointer, original: UnsafeRawBufferPointer?, number: Int, eventID: String, inferences: Int
    ) {
        let start = bytes.count
        bytes.append(contentsOf: sent)
        lines.append(
            Line(
                number: number, eventID: eventID, inferences: inferences, range: start..<bytes.count,
                original: original.map { Array($0) }))
        bytes.append(0x0A)
    }

    /// The source line of `line`, verbatim.
    func sourceBytes(of line: Line) -> ArraySlice<UInt8> {
        if let original = line.original { return original[...] }
        return bytes[line.range]
    }
}
