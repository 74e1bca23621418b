import Testing

@testable import IngestPipeline

/// Bytes served a few at a time, so lines cross read boundaries.
final class MemoryByteStream: ByteStream, @unchecked Sendable {
    private let bytes: [UInt8]
    private let readSize: Int
    private var offset = 0
    let version: String? = nil

    init(_ bytes: [UInt8], readSize: Int) {
        self.bytes = bytes
        self.readSize = readSize
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) async throws -> Int {
        let count = min(readSize, buffer.count, bytes.count - offset)
        for index in 0..<count { buffer[index] = bytes[offset + index] }
        offset += count
        return count
    }
}

/// What a reader handed out, as plain values.
struct ReadLine: Equatable {
    var number: Int
    var text: String
    var kind: LineReader.Kind
}

func readAll(_ text: String, readSize: Int, maxLineBytes: Int = 1 << 20, bufferBytes: Int = 4096) async throws
    -> [ReadLine]
{
    let reader = LineReader(
        stream: MemoryByteStream(Array(text.utf8), readSize: readSize), maxLineBytes: maxLineBytes,
        initialBufferBytes: bufferBytes)
    var lines: [ReadLine] = []
    while let line = try await reader.next() {
        lines.append(ReadLine(number: line.number, text: String(decoding: line.bytes, as: UTF8.self), kind: line.kind))
    }
    return lines
}

@Suite struct LineReaderTests {
    @Test(arguments: [1, 2, 3, 7, 4096])
    func splitsLinesAcrossReads(readSize: Int) async throws {
        let lines = try await readAll("a\nbb\n\nccc\r\nlast", readSize: readSize)
        #expect(lines.map(\.text) == ["a", "bb", "", "ccc\r", "last"])
        #expect(lines.map(\.number) == [1, 2, 3, 4, 5])
        #expect(lines.allSatisfy { $0.kind == .whole })
    }

    @Test func trailingNewlineMakesNoExtraLine() async throws {
        #expect(try await readAll("x\ny\n", readSize: 3).map(\.text) == ["x", "y"])
        #expect(try await readAll("", readSize: 3).isEmpty)
    }

    @Test func skipsByteOrderMarkAtStartOnly() async throws {
        let lines = try await readAll("\u{FEFF}a\n\u{FEFF}b\n", readSize: 64)
        #expect(lines.map(\.text) == ["a", "\u{FEFF}b"])
    }

    /// A stream may hand out the mark's three bytes in separate reads (a pipe, an HTTP body).
    @Test(arguments: [1, 2])
    func skipsByteOrderMarkSplitAcrossReads(readSize: Int) async throws {
        #expect(try await readAll("\u{FEFF}a\nb", readSize: readSize).map(\.text) == ["a", "b"])
        #expect(try await readAll("\u{FEFF}", readSize: readSize).isEmpty)
        #expect(try await readAll("\u{FEFF}\n", readSize: readSize).map(\.text) == [""])
        let notAMark = [UInt8]("\u{FEFF}".utf8.prefix(2)) + Array("x\n".utf8)
        let reader = LineReader(stream: MemoryByteStream(notAMark, readSize: readSize), maxLineBytes: 1 << 20)
        let line = try await reader.next()
        #expect(line.map { Array($0.bytes) } == Array(notAMark.dropLast()))
    }

    @Test func growsBufferForLinesLongerThanIt() async throws {
        let long = String(repeating: "x", count: 50_000)
        let lines = try await readAll("s\n\(long)\nt", readSize: 1000, bufferBytes: 4096)
        #expect(lines.map(\.text) == ["s", long, "t"])
    }

    @Test(arguments: [1, 100, 5000])
    func handsOutLinesOverTheLimitInPieces(readSize: Int) async throws {
        let long = String(repeating: "y", count: 20_000)
        let lines = try await readAll("ok\n\(long)\nafter\n", readSize: readSize, maxLineBytes: 5000)
        #expect(lines.first == ReadLine(number: 1, text: "ok", kind: .whole))
        #expect(lines.last == ReadLine(number: 3, text: "after", kind: .whole))
        let pieces = lines.dropFirst().dropLast()
        #expect(pieces.allSatisfy { $0.number == 2 })
        #expect(pieces.map(\.text).joined() == long)
        #expect(pieces.first?.kind == .oversizedPiece(isFirst: true, isLast: false))
        #expect(pieces.last?.kind == .oversizedPiece(isFirst: false, isLast: true))
        #expect(pieces.allSatisfy { $0.text.utf8.count <= 5000 + 65536 + 1 })
    }

    @Test func overLongLastLineWithoutNewline() async throws {
        let long = String(repeating: "z", count: 9000)
        let lines = try await readAll("\(long)", readSize: 512, maxLineBytes: 2048)
        #expect(lines.map(\.text).joined() == long)
        #expect(lines.last?.kind == .oversizedPiece(isFirst: false, isLast: true))
    }

    @Test func lineExactlyAtTheLimitIsWhole() async throws {
        let exact = String(repeating: "w", count: 2048)
        let lines = try await readAll("\(exact)\n", readSize: 100, maxLineBytes: 2048, bufferBytes: 16)
        #expect(lines == [ReadLine(number: 1, text: exact, kind: .whole)])
    }

    @Test func countsBytesRead() async throws {
        let reader = LineReader(stream: MemoryByteStream(Array("ab\ncd\n".utf8), readSize: 2), maxLineBytes: 100)
        while try await reader.next() != nil {}
        #expect(reader.bytesRead == 6)
    }
}
