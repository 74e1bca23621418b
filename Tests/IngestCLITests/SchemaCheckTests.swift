import Foundation
import IngestTesting
import Testing

/// `ingest` checks every inference against the model's attributes (read from the stand-in Arthur, page by page,
/// once per run) before it is sent: misfits go to the dead letter with reasons naming row, attribute and
/// expectation, named rows arrive ordered by position, and a refused schema is a configuration error.
@Suite(.serialized) struct SchemaCheckTests {
    static let token = "tok-SECRET-7d1e9c4b-schema"

    func environment(_ standIn: ArthurStandIn, token: String = token) -> [String: String] {
        ["ARTHUR_HOST": standIn.host, "ARTHUR_MODEL_ID": standIn.modelID, "ARTHUR_ACCESS_TOKEN": token]
    }

    /// A file of six lines: two that fit (CSV, named JSON) and one misfit of each kind.
    func captures() throws -> (file: URL, expectedReasons: [Int: String]) {
        var short = CensusModel.row
        short.removeLast()
        var typo = CensusModel.namedRow
        typo["sexx"] = typo.removeValue(forKey: "sex")
        var wrongType = CensusModel.row
        wrongType[2] = "77516.5"
        let lines = [
            CensusModel.csvLine(id: "fits-csv", input: [CensusModel.row, CensusModel.row], output: ["0.1", "0.9"]),
            CensusModel.csvLine(id: "short", input: [CensusModel.row, short], output: ["0.1", "0.9"]),
            try CensusModel.namedLine(id: "fits-named", values: CensusModel.namedRow, score: 0.25),
            try CensusModel.namedLine(id: "typo", values: typo, score: 0.5),
            CensusModel.csvLine(id: "type", input: [wrongType], output: ["0.5"]),
            CensusModel.csvLine(id: "two-scores", input: [CensusModel.row], output: ["0.5,0.5"]),
        ]
        let folder = try TestPaths.temporaryDirectory()
        let file = folder.appendingPathComponent("census.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let inputs = "model expects 13 inputs (age, workclass, …)"
        return (
            file,
            [
                2: "endpointInput row 2: 12 values, \(inputs)",
                4: #"endpointInput row 1: unknown attribute "sexx", missing attribute "sex", "# + inputs,
                5: #"endpointInput row 1: fnlwgt is "77516.5", model expects an integer (INTEGER)"#,
                6: "endpointOutput row 1: 2 values, model expects 1 output (income)",
            ]
        )
    }

    /// The dead letter's reasons, by line.
    func reasons(in folder: URL) throws -> [Int: String] {
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        guard let name = files.first(where: { $0.hasSuffix(".reasons.ndjson") }) else { return [:] }
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        var reasons: [Int: String] = [:]
        for object in try JSONLines.objects(text) {
            reasons[object["line"] as? Int ?? 0] = object["reason"] as? String
        }
        return reasons
    }

    @Test func misfitsAreRejectedWithTheirReasonAndNeverSent() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            // 15 attributes, 4 a page: four pages, each read once.
            try await standIn.setAttributes(CensusModel.attributes, maxPageSize: 4)
            let (file, expected) = try captures()
            let deadLetter = try TestPaths.temporaryDirectory()
            let result = try IngestExecutable.run(
                ["--dead-letter", deadLetter.path, file.path], environment: environment(standIn))
            #expect(result.status == 1, "\(result.stderr)")
            #expect(!result.allOutput.contains(Self.token))
            for (line, reason) in expected {
                #expect(result.stderr.contains("\(file.path):\(line): error: \(reason)\n"), "\(result.stderr)")
            }
            #expect(try reasons(in: deadLetter) == expected)
            let received = try await standIn.received()
            #expect(
                received.inferences.map(\.partnerInferenceID).sorted() == ["fits-csv_0", "fits-csv_1", "fits-named"])
            #expect(received.attributeRequests == (1...4).map { "page=\($0)&page_size=100" })
            // The named row arrived ordered by position, as Arthur's `features` list.
            let named = try #require(received.inferences.first { $0.partnerInferenceID == "fits-named" })
            let expectedInputs = zip(CensusModel.inputs, CensusModel.row).map { input, value in
                input.type == "INTEGER" ? value : "\"\(value)\""
            }
            #expect(named.inputsText == "[" + expectedInputs.joined(separator: ",") + "]")
            #expect(result.stderr.contains("6 lines, 3 inferences, 4 rejected, 2 lines (3 inferences) uploaded"))
        }
    }

    @Test func noSchemaCheckSendsWithoutReadingTheAttributes() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes)
            let (file, _) = try captures()
            let result = try IngestExecutable.run(["--no-schema-check", file.path], environment: environment(standIn))
            let received = try await standIn.received()
            #expect(received.attributeRequests.isEmpty)
            // Arthur's 207 takes what it can read: every line but the one whose rows differ from the schema's
            // count is a valid capture, so all of them are sent (the misfits would fail later, by email).
            #expect(received.inferences.count == 8, "\(result.stderr)")
            #expect(result.status == 0, "\(result.stderr)")
        }
    }

    @Test func aDryRunWithADestinationChecksToo() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes)
            let (file, expected) = try captures()
            let result = try IngestExecutable.run(["--dry-run", file.path], environment: environment(standIn))
            #expect(result.status == 1)
            for (line, reason) in expected {
                #expect(result.stderr.contains("\(file.path):\(line): error: \(reason)\n"), "\(result.stderr)")
            }
            let printed = try JSONLines.partnerIDs(result.stdout)
            #expect(printed == ["fits-csv_0", "fits-csv_1", "fits-named"])
            let received = try await standIn.received()
            #expect(received.requests == 0)
            #expect(received.attributeRequests.count == 1)
        }
    }

    /// Arthur's docs reserve `features` & co.: a named row using one goes ordered with a schema, else is rejected.
    @Test func aNamedValueCalledFeaturesGoesOrderedOnlyWithTheSchema() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes([
                ["name": "features", "value_type": "STRING", "stage": "PIPELINE_INPUT", "position": 1],
                ["name": "x", "value_type": "FLOAT", "stage": "PIPELINE_INPUT", "position": 0],
                ["name": "p", "value_type": "FLOAT", "stage": "PREDICTED_VALUE", "position": 0],
            ])
            let file = try TestPaths.temporaryDirectory().appendingPathComponent("reserved.jsonl")
            let line = try CensusModel.namedLine(id: "reserved", values: ["features": "tall", "x": 1.5], score: 0.5)
            try (line + "\n").write(to: file, atomically: true, encoding: .utf8)
            let checked = try IngestExecutable.run([file.path], environment: environment(standIn))
            #expect(checked.status == 0, "\(checked.stderr)")
            let stored = try await standIn.received().inferences
            #expect(stored.map(\.partnerInferenceID) == ["reserved"])
            #expect(stored.first?.inputsText == #"[1.5,"tall"]"#)
            let unchecked = try IngestExecutable.run(
                ["--no-schema-check", file.path], environment: environment(standIn))
            #expect(unchecked.status == 1)
            #expect(unchecked.stderr.contains(#"names a value "features""#), "\(unchecked.stderr)")
        }
    }

    @Test func readingTheAttributesIsRetried() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes)
            try await standIn.injectQueryFaults(["503", "429:0"])
            let (file, _) = try captures()
            let result = try IngestExecutable.run([file.path], environment: environment(standIn))
            #expect(result.status == 1, "the misfits: \(result.stderr)")
            #expect(result.stderr.contains("reading the model's attributes (page 1): HTTP 503"), "\(result.stderr)")
            let received = try await standIn.received()
            #expect(received.attributeRequests.count == 3)
            #expect(received.inferences.count == 3)
            try await standIn.injectQueryFaults(["503", "503"])
            let given = try IngestExecutable.run(["--max-attempts", "2", file.path], environment: environment(standIn))
            #expect(given.status == 2)
            #expect(given.stderr.contains("failed after 2 attempts"), "\(given.stderr)")
            #expect(given.stderr.contains("--no-schema-check skips the check"))
        }
    }

    @Test func aModelWithNoAttributesIsNotChecked() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            let (file, _) = try captures()
            let result = try IngestExecutable.run([file.path], environment: environment(standIn))
            #expect(result.stderr.contains("declares no inputs or outputs"), "\(result.stderr)")
            #expect(try await standIn.received().inferences.count == 8)
        }
    }

    @Test(arguments: [("wrong token", true), ("wrong model", false)])
    func aRefusedSchemaIsAConfigurationError(_ name: String, wrongToken: Bool) async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes)
            var environment = environment(standIn, token: wrongToken ? "tok-WRONG-0b5f-schema" : Self.token)
            if !wrongToken { environment["ARTHUR_MODEL_ID"] = "no-such-model" }
            let (file, _) = try captures()
            let result = try IngestExecutable.run([file.path], environment: environment)
            #expect(result.status == 2, "\(result.stderr)")
            let hint = wrongToken ? "check ARTHUR_ACCESS_TOKEN" : "check --model-id / ARTHUR_MODEL_ID"
            #expect(result.stderr.contains("ingest: error: reading the model's attributes: "), "\(result.stderr)")
            #expect(result.stderr.contains(hint), "\(result.stderr)")
            #expect(!result.allOutput.contains("tok-WRONG-0b5f") && !result.allOutput.contains(Self.token))
            let received = try await standIn.received()
            #expect(received.requests == 0, "nothing is uploaded")
            #expect(received.attributeRequests.count == 1, "a refusal is not retried")
        }
    }
}
