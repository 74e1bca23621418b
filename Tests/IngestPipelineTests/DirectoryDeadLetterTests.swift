import Foundation
import IngestTesting
import Testing

@testable import IngestPipeline

@Suite struct DirectoryDeadLetterTests {
    @Test func keepsLinesVerbatimWithReasonsBeside() async throws {
        let folder = try TestPaths.temporaryDirectory()
        let deadLetter = DirectoryDeadLetter(folder: folder.path, name: "a/b/capture")
        try deadLetter.keep(Array("{\"not\": \"valid\" \u{e9}\r".utf8), number: 3, reason: "quote \" and \\ here")
        try deadLetter.beginLine()
        try Array("piece1-".utf8).withUnsafeBytes { try deadLetter.appendLine($0) }
        try Array("piece2".utf8).withUnsafeBytes { try deadLetter.appendLine($0) }
        try deadLetter.endLine(number: 9, reason: "too long")
        let paths = try await deadLetter.finish()
        #expect(paths == [folder.path + "/a/b/capture.rejected.jsonl", folder.path + "/a/b/capture.reasons.ndjson"])
        let lines = try String(contentsOfFile: paths[0], encoding: .utf8)
        #expect(lines == "{\"not\": \"valid\" \u{e9}\r\npiece1-piece2\n")
        let reasons = try String(contentsOfFile: paths[1], encoding: .utf8)
        #expect(
            reasons == #"{"line":3,"reason":"quote \" and \\ here"}"# + "\n" + #"{"line":9,"reason":"too long"}"# + "\n"
        )
    }

    @Test func writesNothingWhenNothingIsRejected() async throws {
        let folder = try TestPaths.temporaryDirectory()
        let deadLetter = DirectoryDeadLetter(folder: folder.path, name: "clean")
        #expect(try await deadLetter.finish().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test(arguments: [
        ("samples/bad.jsonl", "samples/bad"),
        ("/abs/path/x.jsonl", "abs/path/x"),
        ("../up/./y.jsonl", "up/y"),
        ("noext", "noext"),
        ("/", "source"),
    ])
    func deadLetterNames(path: String, expected: String) {
        #expect(CaptureSource.deadLetterName(for: path) == expected)
    }
}
