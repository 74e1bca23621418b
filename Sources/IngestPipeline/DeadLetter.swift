import WireFormat

/// A place that keeps rejected lines and their reasons.
///
/// Where rejected lines go, so nothing is lost: per source, the lines verbatim, and beside them one
/// `{"line":N,"reason":"..."}` record per line.
///
/// The verbatim file can be fixed and re-ingested with the same tool; record *k* of the reasons
/// file explains line *k* of the verbatim file.
public protocol DeadLetter: AnyObject {
    /// Starts the entry of one rejected line; its bytes follow through ``appendLine(_:)``.
    func beginLine() throws
    /// Appends bytes of the line begun last (a line longer than the limit comes in pieces).
    func appendLine(_ bytes: UnsafeRawBufferPointer) throws
    /// Ends the line begun last with its source line number and reason.
    func endLine(number: Int, reason: String) throws
    /// Sends on what has gathered when there is enough to send (an S3 dead letter's full parts), so memory
    /// stays bounded; called after each judged line.
    func drain() async throws
    /// Makes everything durable; where the dead letter went, if anywhere.
    func finish() async throws -> [String]
}

extension DeadLetter {
    /// Nothing to send on: a local dead letter writes as it goes.
    public func drain() async throws {}

    /// Keeps one whole line.
    public func keep(_ bytes: UnsafeRawBufferPointer, number: Int, reason: String) throws {
        try beginLine()
        try appendLine(bytes)
        try endLine(number: number, reason: reason)
    }

    /// Keeps one whole line held in an array.
    public func keep(_ bytes: [UInt8], number: Int, reason: String) throws {
        try bytes.withUnsafeBytes { try keep($0, number: number, reason: reason) }
    }
}

/// The reasons file's record of one line: `{"line":N,"reason":"..."}` and a newline.
func appendReasonRecord(number: Int, reason: String, to buffer: inout [UInt8]) {
    buffer.append(contentsOf: #"{"line":"#.utf8)
    buffer.append(contentsOf: String(number).utf8)
    buffer.append(contentsOf: #","reason":"#.utf8)
    JSONWriter.writeString(reason, into: &buffer)
    buffer.append(contentsOf: "}\n".utf8)
}
