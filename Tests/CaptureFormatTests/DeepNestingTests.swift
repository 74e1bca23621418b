import CaptureFormat
import Foundation
import Testing
import WireFormat

/// Checks that the deepest input accepted (512 levels) is read, counted, written and scanned within a small
/// thread stack: the reader, the skipper and the writer keep open containers on explicit stacks, not on the call
/// stack, so hostile or merely deep input cannot overflow a worker thread.
struct DeepNestingTests {
    private static let levels = JSONReader.maximumDepth / 2
    private static let deepText =
        String(repeating: #"[{"a":"#, count: levels) + "1" + String(repeating: "}]", count: levels)

    /// Runs `body` on a thread with a 256 KiB stack (half of a macOS secondary thread's) and returns its result.
    private func onSmallStack<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 256 * 1024
            thread.start()
        }
    }

    @Test func readsAndWritesTheDeepestValue() async {
        let text = Self.deepText
        let written = await onSmallStack { () -> String? in
            guard let value = try? JSONReader.parse(text) else { return nil }
            return JSONWriter.string(value)
        }
        #expect(written == text)
    }

    @Test func countsTheRowsOfTheDeepestPayload() async {
        let bytes = Array(Self.deepText.utf8)
        let shape = await onSmallStack { try? PayloadRows.shape(bytes, format: .json) }
        #expect(shape == PayloadShape(rowCount: 1))
    }

    @Test func parsesALineWithTheDeepestIgnoredField() async {
        let ignored =
            String(repeating: "[", count: JSONReader.maximumDepth - 2)
            + String(repeating: "]", count: JSONReader.maximumDepth - 2)
        let line =
            CaptureLineFixture.line(input: CaptureLineFixture.csv("1"), output: CaptureLineFixture.csv("2"))
            .dropLast() + #","x":\#(ignored)}"#
        let count = await onSmallStack { (try? CaptureLineParser.parse(String(line), lineNumber: 1))?.inferences.count }
        #expect(count == 1)
    }
}
