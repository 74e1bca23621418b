import Foundation
import IngestTesting
import Testing

/// `ingest verify` asks the stand-in Arthur for every partner id of the sources (percent-encoded, a few at a time,
/// retried under the one policy) and names exactly the inferences it accepted in its 207 but did not store.
@Suite(.serialized) struct VerifyTests {
    static let token = "tok-SECRET-7d1e9c4b-verify"

    func environment(_ standIn: ArthurStandIn, token: String = token) -> [String: String] {
        ["ARTHUR_HOST": standIn.host, "ARTHUR_MODEL_ID": standIn.modelID, "ARTHUR_ACCESS_TOKEN": token]
    }

    /// Ids SageMaker allows in `InferenceId` (`/ ? # _` and spaces) and more: `%`, `+`, `.`, non-ASCII text.
    static let awkwardIDs = ["a/b #c", "q?x=1&y=%2F+z", "..", "名前 é 1", "100%_sure"]

    /// A capture file: a two-row line (`batch-1_0`, `batch-1_1`), a line per awkward id, and a bad line.
    func captures() throws -> URL {
        var lines = [
            CensusModel.csvLine(id: "batch-1", input: [CensusModel.row, CensusModel.row], output: ["0.1", "0.9"])
        ]
        lines += Self.awkwardIDs.map { CensusModel.csvLine(id: $0, input: [CensusModel.row], output: ["0.5"]) }
        lines.append("not a capture")
        let file = try TestPaths.temporaryDirectory().appendingPathComponent("verify.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    static var allIDs: [String] { ["batch-1_0", "batch-1_1"] + awkwardIDs }

    @Test func namesExactlyTheInferencesDroppedAfterThe207() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes)
            let dropped = ["batch-1_1", "a/b #c", "名前 é 1"]
            try await standIn.dropPartnerIDs(dropped)
            let file = try captures()
            let ingested = try IngestExecutable.run([file.path], environment: environment(standIn))
            #expect(ingested.status == 1, "one bad line: \(ingested.stderr)")
            #expect(!ingested.stderr.contains("not uploaded"), "the 207 accepted every inference: \(ingested.stderr)")

            let result = try IngestExecutable.run(
                ["verify", "--concurrency", "3", file.path], environment: environment(standIn))
            #expect(result.status == 1, "\(result.stderr)")
            #expect(!result.allOutput.contains(Self.token))
            let missing = result.stdout.split(separator: "\n").compactMap { line in
                line.hasPrefix("\(file.path): missing: ")
                    ? String(line.dropFirst("\(file.path): missing: ".count)) : nil
            }
            #expect(missing == dropped, "\(result.stdout)")
            #expect(
                result.stdout.contains(
                    "\(file.path): 4 found, 3 missing; 1 line is not a valid capture (no id to check)\n"),
                "\(result.stdout)")
            #expect(result.stdout.hasSuffix("ingest verify: 1 file, 7 ids checked, 4 found, 3 missing\n"))
            // Each id reached the stand-in whole: `/`, `?`, `#`, `%`, `+`, `..`, spaces and non-ASCII text included.
            #expect(try await standIn.received().queriedIDs.sorted() == Self.allIDs.sorted())
        }
    }

    @Test func everyIDFoundIsExitZeroAndQueriesAreRetried() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            let file = try captures()
            _ = try IngestExecutable.run([file.path], environment: environment(standIn))
            // The first read is of the model's attributes (no fault); then three faulty queries.
            try await standIn.injectQueryFaults(["ok", "503", "429:0", "500"])
            let result = try IngestExecutable.run(
                ["verify", "--concurrency", "1", file.path], environment: environment(standIn))
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("retrying"), "\(result.stderr)")
            #expect(!result.stdout.contains("missing: "))
            let received = try await standIn.received()
            #expect(received.queriedIDs.sorted() == Self.allIDs.sorted())
            #expect(received.queryRequests == Self.allIDs.count + 3)
        }
    }

    @Test func aSampleChecksThatManyIDs() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            let file = try captures()
            _ = try IngestExecutable.run([file.path], environment: environment(standIn))
            let result = try IngestExecutable.run(
                ["verify", "--sample", "3", file.path], environment: environment(standIn))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("3 found, 0 missing (a sample of 3 of 7 ids)"), "\(result.stdout)")
            let queried = try await standIn.received().queriedIDs
            #expect(queried.count == 3 && Set(queried).count == 3 && Set(queried).isSubset(of: Self.allIDs))
        }
    }

    @Test func aRefusedTokenIsAConfigurationError() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            let file = try captures()
            let result = try IngestExecutable.run(
                ["verify", file.path], environment: environment(standIn, token: "tok-WRONG-0b5f-verify"))
            #expect(result.status == 2)
            #expect(result.stderr.contains("check ARTHUR_ACCESS_TOKEN"), "\(result.stderr)")
            #expect(!result.allOutput.contains("tok-WRONG-0b5f"))
            #expect(try await standIn.received().queriedIDs.isEmpty)
        }
    }
}
