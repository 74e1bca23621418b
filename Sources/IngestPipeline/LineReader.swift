import Platform

/// Pulls lines from a byte stream.
///
/// Splits a ``ByteStream`` into lines in one bounded buffer, without copying them.
///
/// Lines are handed out as views into the reader's buffer, valid until the next call. The buffer
/// starts at 1 MiB and grows (in place where it can) only as far as the longest line needs, up to
/// the line limit; a longer line is handed out in pieces (so the dead letter can still keep it
/// verbatim) and never held whole. A UTF-8 byte order mark at the very start is skipped. The last line needs no `\n`.
public final class LineReader {
    /// One line, or one piece of a line longer than the limit.
    public struct Line {
        /// 1-based line number in the source.
        public var number: Int
        /// The line's bytes without the `\n`; valid until the next call to ``LineReader/next()``.
        public var bytes: UnsafeRawBufferPointer
        public var kind: Kind
    }

    /// Whether ``Line/bytes`` is a whole line or a piece of one that is too long.
    public enum Kind: Equatable {
        case whole
        /// A piece of an over-long line; the pieces of one line come in order, the last with `isLast`.
        case oversizedPiece(isFirst: Bool, isLast: Bool)
    }

    private let stream: any ByteStream
    public let maxLineBytes: Int
    private var storage: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var scanFrom = 0
    private var atEnd = false
    private var oversized = false
    /// False until the first bytes show whether the stream opens with a byte order mark.
    private var checkedByteOrderMark = false
    private var lineNumber = 0
    /// Bytes read from the stream so far.
    public private(set) var bytesRead = 0

    /// A reader of `stream` whose lines may be up to `maxLineBytes` long.
    public init(stream: any ByteStream, maxLineBytes: Int, initialBufferBytes: Int = 1 << 20) {
        self.stream = stream
        self.maxLineBytes = max(1, maxLineBytes)
        let capacity = min(max(4096, initialBufferBytes), self.maxLineBytes + 1)
        self.storage = Platform.allocate(capacity)
    }

    deinit { Platform.free(storage) }

    /// The next line or line piece, or nil at the end of the stream.
    public func next() async throws -> Line? {
        while true {
            if let newline = findNewline() {
                let bytes = UnsafeRawBufferPointer(rebasing: storage[start..<newline])
                start = newline + 1
                scanFrom = start
                return lineEnding(bytes)
            }
            if atEnd {
                guard start < end || oversized else { return nil }
                let bytes = UnsafeRawBufferPointer(rebasing: storage[start..<end])
                start = end
                return lineEnding(bytes)
            }
            if !oversized && end - start > maxLineBytes {
                // The line in the buffer passed the limit: hand out what we have and go on in pieces.
                oversized = true
                lineNumber += 1
                let bytes = UnsafeRawBufferPointer(rebasing: storage[start..<end])
                start = end
                scanFrom = end
                return Line(number: lineNumber, bytes: bytes, kind: .oversizedPiece(isFirst: true, isLast: false))
            }
            if oversized && start < end {
                let bytes = UnsafeRawBufferPointer(rebasing: storage[start..<end])
                start = end
                scanFrom = end
                return Line(number: lineNumber, bytes: bytes, kind: .oversizedPiece(isFirst: false, isLast: false))
            }
            try await fill()
        }
    }

    /// `bytes`, which end a line: the last piece of an oversized line, or the next whole line.
    private func lineEnding(_ bytes: UnsafeRawBufferPointer) -> Line {
        if oversized {
            oversized = false
            return Line(number: lineNumber, bytes: bytes, kind: .oversizedPiece(isFirst: false, isLast: true))
        }
        lineNumber += 1
        return Line(number: lineNumber, bytes: bytes, kind: .whole)
    }

    private func findNewline() -> Int? {
        guard scanFrom < end, let base = storage.baseAddress else { return nil }
        guard let found = Platform.firstIndex(of: 0x0A, in: base + scanFrom, count: end - scanFrom) else {
            scanFrom = end
            return nil
        }
        return UnsafeRawPointer(base).distance(to: found)
    }

    /// Makes room (moving the partial line to the front, or growing up to the limit) and reads more.
    private func fill() async throws {
        if start > 0 {
            let pending = end - start
            if pending > 0 { storage.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: pending) }
            scanFrom -= start
            end = pending
            start = 0
        }
        if end == storage.count {
            // realloc moves a large buffer's pages (mremap) instead of copying them, so growing never holds the
            // old and the new buffer at once: memory stays near the longest line, or the limit.
            let capacity = min(storage.count * 2, maxLineBytes + 1 + 65536)
            guard let grown = Platform.reallocate(storage, capacity) else { throw OutOfMemory(bytes: capacity) }
            storage = grown
        }
        let count = try await stream.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[end...]))
        if count == 0 {
            atEnd = true
            return
        }
        bytesRead += count
        end += count
        if !checkedByteOrderMark { skipByteOrderMark() }
    }

    /// Skips a byte order mark at the very start of the stream, once its first bytes are in: reads may hand them
    /// out one at a time.
    private func skipByteOrderMark() {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        guard end == bytesRead else {  // something was handed out: the buffer no longer starts the stream
            checkedByteOrderMark = true
            return
        }
        for index in 0..<min(end, mark.count) where storage[index] != mark[index] {
            checkedByteOrderMark = true
            return
        }
        guard end >= mark.count else { return }
        checkedByteOrderMark = true
        start = mark.count
        scanFrom = mark.count
    }
}

/// The line buffer could not grow.
private struct OutOfMemory: Error, CustomStringConvertible {
    var bytes: Int
    var description: String { "out of memory for a line buffer of \(bytes) bytes: lower --max-line-bytes" }
}
