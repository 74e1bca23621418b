import Foundation
import IngestTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Hostile and damaged capture files through the real `ingest` executable: what only the whole tool shows — byte
/// order marks, blank and empty files, CRLF, a file cut short, lines the parser refuses among good ones (each named
/// with its line number, the rest going on), a 100 MiB line refused without being loaded (peak memory measured) and
/// accepted when the limit allows, a million rows on one line, a directory and an unreadable file as sources.
@Suite struct HostileInputTests {
    /// A file's bytes and what `ingest --dry-run` must say about it.
    struct HostileFile: Sendable, CustomTestStringConvertible {
        var name: String
        var content: [UInt8]
        var status: Int32
        /// `LINE: error: MESSAGE` for each rejected line, in order (the path prefix is added).
        var errors: [String]
        /// The part of the summary after `ingest: 1 file, `.
        var summary: String
        /// The source line of each printed inference, in order.
        var emitted: [Int]
        var testDescription: String { name }
    }

    /// A valid capture line of one inference, with event id `e-N`.
    static func good(_ number: Int) -> String {
        #"{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":"1,2","encoding":"CSV"},"#
            + #""endpointOutput":{"observedContentType":"text/csv","mode":"OUTPUT","data":"0.5","encoding":"CSV"}},"#
            + #""eventMetadata":{"eventId":"e-\#(number)","inferenceTime":"2024-01-19T19:27:57Z"},"eventVersion":"0"}"#
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// The bytes of `text` with its first `marker` replaced by `bytes`.
    static func splice(_ text: String, _ marker: String, _ bytes: [UInt8]) -> [UInt8] {
        guard let range = text.range(of: marker) else { return Self.bytes(text) }
        return Self.bytes(String(text[..<range.lowerBound])) + bytes + Self.bytes(String(text[range.upperBound...]))
    }
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    static let truncated =
        "it was cut short or broken by a line break; restore the whole record, on one line, from the original "
        + "capture file"
    static let notAnObject =
        #"line is JSON but not an object: each line of a capture file must be one {"captureData":…} object"#

    static let files: [HostileFile] = [
        .init(
            name: "empty file", content: [], status: 0, errors: [],
            summary: "0 lines, 0 inferences, 0 rejected", emitted: []),
        .init(
            name: "only blank lines", content: bytes("\n\n \t\n\r\n   \r\n"), status: 0, errors: [],
            summary: "0 lines, 0 inferences, 0 rejected", emitted: []),
        .init(
            name: "byte order mark opening the file", content: byteOrderMark + bytes(good(1) + "\n" + good(2)),
            status: 0, errors: [], summary: "2 lines, 2 inferences, 0 rejected", emitted: [1, 2]),
        .init(
            name: "only a byte order mark", content: byteOrderMark, status: 0, errors: [],
            summary: "0 lines, 0 inferences, 0 rejected", emitted: []),
        .init(
            name: "byte order mark inside the file",
            content: bytes(good(1) + "\n") + byteOrderMark + bytes(good(2) + "\n" + good(3) + "\n"), status: 1,
            errors: [
                "2: error: line starts with a UTF-8 byte order mark: only the start of a file may hold one (files "
                    + "joined with cat keep theirs); remove it"
            ],
            summary: "3 lines, 2 inferences, 1 rejected", emitted: [1, 3]),
        .init(
            name: "CRLF line endings", content: bytes(good(1) + "\r\n" + good(2) + "\r\n\r\n" + good(4) + "\r\n"),
            status: 0, errors: [], summary: "3 lines, 3 inferences, 0 rejected", emitted: [1, 2, 4]),
        .init(
            name: "file cut short inside its last line", content: bytes(good(1) + "\n" + good(2).prefix(150)),
            status: 1,
            errors: ["2: error: line ends before its JSON is complete (unterminated string at byte 130): \(truncated)"],
            summary: "2 lines, 1 inferences, 1 rejected", emitted: [1]),
        .init(
            name: "NUL bytes",
            content: bytes(good(1) + "\n") + [0, 0, 0, 0x0A] + splice(good(3), "1,2", [0x31, 0x2C, 0x00])
                + bytes("\n" + good(4)),
            status: 1,
            errors: [
                "2: error: line is not valid JSON (unexpected byte 0x0, expected a JSON value at byte 0): each line of "
                    + "a capture file must be one JSON object",
                "3: error: line holds a raw control character inside a string (at byte 91): JSON needs it escaped (a "
                    + #"NUL byte as \u0000), so the line was damaged or not written by SageMaker"#,
            ],
            summary: "4 lines, 2 inferences, 2 rejected", emitted: [1, 4]),
        .init(
            name: "Latin-1 text",
            content: splice(good(1), "1,2", [0x31, 0x2C, 0xE9]),
            status: 1,
            errors: [
                "1: error: line is not valid UTF-8 (invalid UTF-8 in string at byte 91): capture files are UTF-8, so "
                    + "this one was damaged or re-encoded (e.g. to Latin-1); take it again from the original capture "
                    + "file"
            ],
            summary: "1 lines, 0 inferences, 1 rejected", emitted: []),
        .init(
            name: "100k-deep line between good ones",
            content: bytes(good(1) + "\n" + String(repeating: "[", count: 100_000) + "\n" + good(3)), status: 1,
            errors: [
                "2: error: line nests arrays and objects deeper than 512 levels (at byte 512): SageMaker writes no "
                    + "such line, so it is not a capture record"
            ],
            summary: "3 lines, 2 inferences, 1 rejected", emitted: [1, 3]),
        .init(
            name: "lines that are an array, a string, a number",
            content: bytes("[" + good(1) + "]\n\"" + "text\"\n42\n" + good(4)), status: 1,
            errors: ["1: error: \(notAnObject)", "2: error: \(notAnObject)", "3: error: \(notAnObject)"],
            summary: "4 lines, 1 inferences, 3 rejected", emitted: [4]),
        .init(
            name: "two records joined without a line break", content: bytes(good(1) + good(9) + "\n" + good(2)),
            status: 1,
            errors: [
                "1: error: line goes on after its JSON object (unexpected character '{', expected the end after the "
                    + "JSON value at byte 303): if two records were joined without a line break (as when "
                    + "concatenating files), put each on its own line"
            ],
            summary: "2 lines, 1 inferences, 1 rejected", emitted: [2]),
    ]

    /// A file of `content` in a new temporary folder.
    static func write(_ content: [UInt8], name: String = "capture.jsonl") throws -> URL {
        let file = try TestPaths.temporaryDirectory().appendingPathComponent(name)
        try Data(content).write(to: file)
        return file
    }

    /// The rejections `ingest` printed, without the path prefix.
    static func errors(in stderr: String, path: String) -> [String] {
        stderr.split(separator: "\n").compactMap { line in
            line.hasPrefix(path + ":") ? String(line.dropFirst(path.count + 1)) : nil
        }
    }

    @Test(arguments: files)
    func reportsEachLineAndGoesOn(_ hostile: HostileFile) throws {
        let file = try Self.write(hostile.content)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let result = try IngestExecutable.run(["--dry-run", "--emit", "jsonl", file.path])
        #expect(result.status == hostile.status, "\(result.stderr)")
        #expect(Self.errors(in: result.stderr, path: file.path) == hostile.errors)
        #expect(result.stderr.contains("ingest: 1 file, \(hostile.summary),"), "\(result.stderr)")
        let emitted = try JSONLines.objects(result.stdout)
        #expect(emitted.map { ($0["line"] as? Int) ?? 0 } == hostile.emitted)
        #expect(emitted.map { ($0["partner_inference_id"] as? String) ?? "" } == hostile.emitted.map { "e-\($0)" })
    }

    /// CRLF files give exactly what the same file with LF gives.
    @Test func crlfFilesReadAsLFFiles() throws {
        let lines = [Self.good(1), Self.good(2)]
        let crlf = try Self.write(Self.bytes(lines.joined(separator: "\r\n") + "\r\n"))
        let lf = try Self.write(Self.bytes(lines.joined(separator: "\n") + "\n"))
        defer {
            for file in [crlf, lf] { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        }
        let fromCRLF = try IngestExecutable.run(["--dry-run", crlf.path])
        let fromLF = try IngestExecutable.run(["--dry-run", lf.path])
        #expect(fromCRLF.status == 0)
        #expect(!fromCRLF.stdout.isEmpty && fromCRLF.stdout == fromLF.stdout)
    }

    /// A 100 MiB line between two good ones: refused with a lowered limit and with the default one, in pieces
    /// (peak memory far below the line with a 1 MiB limit, and bounded by the limit, not the line, with 64 MiB),
    /// kept verbatim in the dead letter; read whole when the limit allows it.
    @Test func aHundredMiBLine() throws {
        let head = Self.good(2).components(separatedBy: "1,2")
        let size = 100 << 20
        let padding = size - head[0].utf8.count - head[1].utf8.count
        let hugeLine = Self.bytes(head[0]) + [UInt8](repeating: UInt8(ascii: "a"), count: padding) + Self.bytes(head[1])
        let file = try Self.write(Self.bytes(Self.good(1) + "\n") + hugeLine + Self.bytes("\n" + Self.good(3) + "\n"))
        let folder = file.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let deadLetter = folder.appendingPathComponent("dead-letter")

        let lowered = try IngestExecutable.runMeasuringPeakMemory([
            "--dry-run", "--emit", "none", "--max-line-bytes", "1MiB", "--dead-letter", deadLetter.path, file.path,
        ])
        #expect(lowered.result.status == 1)
        #expect(
            Self.errors(in: lowered.result.stderr, path: file.path) == [
                "2: error: line longer than 1048576 bytes (the --max-line-bytes limit): ingest it again with a higher "
                    + "--max-line-bytes"
            ])
        #expect(lowered.result.stderr.contains("3 lines, 2 inferences, 1 rejected"))
        #expect(lowered.peakKiB < 48 << 10, "peak \(lowered.peakKiB) KiB for a 100 MiB line")
        let keptFile = try FileManager.default.subpathsOfDirectory(atPath: deadLetter.path)
            .first { $0.hasSuffix(".rejected.jsonl") }
        let kept = try Data(contentsOf: deadLetter.appendingPathComponent(keptFile ?? "missing"))
        #expect(kept == Data(hugeLine + [UInt8(ascii: "\n")]))

        let byDefault = try IngestExecutable.runMeasuringPeakMemory(["--dry-run", "--emit", "none", file.path])
        #expect(byDefault.result.status == 1)
        #expect(
            Self.errors(in: byDefault.result.stderr, path: file.path) == [
                "2: error: line longer than 67108864 bytes (the --max-line-bytes limit): ingest it again with a higher "
                    + "--max-line-bytes"
            ])
        #expect(byDefault.peakKiB < (64 + 48) << 10, "peak \(byDefault.peakKiB) KiB with the 64 MiB limit")

        let raised = try IngestExecutable.runMeasuringPeakMemory([
            "--dry-run", "--emit", "none", "--max-line-bytes", "128MiB", file.path,
        ])
        #expect(raised.result.status == 0, "\(raised.result.stderr)")
        #expect(raised.result.stderr.contains("3 lines, 3 inferences, 0 rejected"))
        print(
            "100 MiB line: peak \(lowered.peakKiB >> 10) MiB refused at 1 MiB, \(byDefault.peakKiB >> 10) MiB "
                + "refused at 64 MiB, \(raised.peakKiB >> 10) MiB read at 128 MiB")
    }

    /// A million CSV rows on one line: a million inferences, in bounded time (generous for a debug build).
    @Test func aMillionRowsOnOneLine() throws {
        let rows = 1_000_000
        let line = Self.good(1)
            .replacingOccurrences(
                of: #""data":"1,2""#, with: #""data":""# + String(repeating: #"1,2\n"#, count: rows) + "\""
            )
            .replacingOccurrences(
                of: #""data":"0.5""#, with: #""data":""# + String(repeating: #"0\n"#, count: rows) + "\"")
        let file = try Self.write(Self.bytes(line + "\n"))
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let started = ContinuousClock.now
        let result = try IngestExecutable.run(["--dry-run", "--emit", "none", file.path])
        let elapsed = ContinuousClock.now - started
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("1 lines, 1000000 inferences, 0 rejected"), "\(result.stderr)")
        #expect(elapsed < .seconds(60), "\(elapsed)")
    }

    /// A directory named like a capture file is a directory: its `*.jsonl` files are read, and one without any is
    /// a usage error; a folder named `*.jsonl` inside a directory is not read as a file.
    @Test func directoriesNamedAsFiles() throws {
        let folder = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.jsonl")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let refused = try IngestExecutable.run(["--dry-run", empty.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("ingest: error: \(empty.path): no .jsonl files in this directory"))
        #expect(refused.stdout.isEmpty)

        try Data(Self.bytes(Self.good(1) + "\n")).write(to: folder.appendingPathComponent("one.jsonl"))
        let read = try IngestExecutable.run(["--dry-run", folder.path])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stderr.contains("ingest: 1 file, 1 lines, 1 inferences, 0 rejected"), "\(read.stderr)")
    }

    /// How to run `ingest` so that `chmod 000` stops it: directly when not root; as root (who reads any file),
    /// as user `nobody` through `setpriv`; nil when that is not possible here.
    static let unprivileged: [String]? = {
        guard getuid() == 0 else { return [] }
        let prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        let check = try? ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), prefix + [TestPaths.product("ingest").path, "--help"])
        return check?.status == 0 ? prefix : nil
    }()

    /// An unreadable source is reported by name and the other sources go on (exit 1).
    @Test(
        .enabled(
            if: unprivileged != nil,
            "running as root, which chmod 000 does not stop, and cannot run ingest as nobody with setpriv"))
    func unreadableFile() throws {
        let unreadable = try Self.write(Self.bytes(Self.good(1) + "\n"), name: "unreadable.jsonl")
        let readable = try Self.write(Self.bytes(Self.good(2) + "\n"), name: "readable.jsonl")
        defer {
            for file in [unreadable, readable] {
                try? FileManager.default.removeItem(at: file.deletingLastPathComponent())
            }
        }
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: unreadable.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: readable.path)
        let result = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            (Self.unprivileged ?? []) + [
                TestPaths.product("ingest").path, "--dry-run", unreadable.path, readable.path,
            ],
            currentDirectory: URL(fileURLWithPath: "/"))
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("ingest: error: \(unreadable.path): permission denied"), "\(result.stderr)")
        #expect(try JSONLines.partnerIDs(result.stdout) == ["e-2"])
    }
}
