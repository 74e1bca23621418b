import Foundation
import IngestPipeline
import Platform
import Synchronization

/// The command line's ``IngestReporter``.
///
/// Reports a run on standard error: `FILE:LINE: error: REASON` for each rejected line, one line per
/// upload that failed, and, on a terminal, a live progress line redrawn at most ten times a second.
final class TerminalReporter: IngestReporter {
    private struct State {
        var lastDraw = ContinuousClock.now - .seconds(1)
        var progressShown = false
        var started = ContinuousClock.now
        var position = ""
    }

    private let showsProgress: Bool
    private let state = Mutex(State())

    /// Draws progress only when standard error is a terminal and the run is not quiet.
    init(quiet: Bool) {
        showsProgress = !quiet && Platform.isTerminal(2)
    }

    /// Notes which source of how many comes next, for the progress line of long runs.
    func startSource(index: Int, of count: Int) {
        state.withLock { $0.position = count > 1 ? "[\(index + 1)/\(count)] " : "" }
    }

    func lineRejected(source: String, line: Int, reason: String) {
        printLine("\(source):\(line): error: \(reason)")
    }

    func warning(source: String, line: Int?, message: String) {
        printLine("\(source)\(line.map { ":\($0)" } ?? ""): warning: \(message)")
    }

    func sourceSkipped(source: String, reason: String) {
        printLine("\(source): skipped: \(reason)")
    }

    func linesNotUploaded(source: String, lines: [Int], reason: String) {
        switch lines.count {
        case 0: printLine("\(source): error: \(reason)")
        case 1: printLine("\(source):\(lines[0]): error: \(reason)")
        default:
            printLine("\(source):\(lines.first!)-\(lines.last!): error: \(lines.count) lines \(reason)")
        }
    }

    func notice(source: String, message: String) {
        printLine("\(source): warning: \(message)")
    }

    func progress(source: String, ledger: Ledger) {
        guard showsProgress else { return }
        state.withLock { state in
            let now = ContinuousClock.now
            guard now - state.lastDraw >= .milliseconds(100) else { return }
            state.lastDraw = now
            let elapsed = max(
                0.001,
                Double((now - state.started).components.attoseconds) / 1e18
                    + Double((now - state.started).components.seconds))
            let megabytes = Double(ledger.bytes) / 1_000_000
            let text =
                "\(source): \(Self.format(megabytes)) MB, \(ledger.lines) lines, "
                + "\(ledger.rejectedLines) rejected, \(ledger.uploadedLines) uploaded, "
                + "\(Self.format(megabytes / elapsed)) MB/s"
            Self.write("\r\u{1B}[K" + text)
            state.progressShown = true
        }
    }

    /// Removes the progress line, if one is shown.
    func clearProgress() {
        state.withLock { state in
            if state.progressShown { Self.write("\r\u{1B}[K") }
            state.progressShown = false
        }
    }

    /// Prints a line on standard error, clearing the progress line first.
    func printLine(_ text: String) {
        state.withLock { state in
            Self.write((state.progressShown ? "\r\u{1B}[K" : "") + text + "\n")
            state.progressShown = false
        }
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = Foundation.write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if count <= 0 { return }
                offset += count
            }
        }
    }
}
