import Foundation
import IngestTesting
import Testing

/// `ingest schema` prints the model's attributes (read from the stand-in, several pages, listed out of order) in
/// position order, and capture lines that the same model then accepts.
@Suite(.serialized) struct SchemaCommandTests {
    static let token = "tok-SECRET-7d1e9c4b-schema-command"

    func environment(_ standIn: ArthurStandIn) -> [String: String] {
        ["ARTHUR_HOST": standIn.host, "ARTHUR_MODEL_ID": standIn.modelID, "ARTHUR_ACCESS_TOKEN": Self.token]
    }

    @Test func printsTheAttributesInPositionOrderAndLinesThatFit() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.setAttributes(CensusModel.attributes, maxPageSize: 2)
            let result = try IngestExecutable.run(["schema"], environment: environment(standIn))
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines[0] == "model \(standIn.modelID): 13 inputs, 1 output")
            #expect(lines[2] == "inputs (PIPELINE_INPUT), in position order:")
            #expect(lines[3] == "     0  age             INTEGER")
            #expect(lines[4] == "     1  workclass       STRING   categories: State-gov")
            let listed = lines[3..<16].map { $0.split(separator: " ")[1] }
            #expect(listed.map(String.init) == CensusModel.inputs.map(\.name))
            #expect(lines[18] == "     0  income          FLOAT")
            #expect(lines[21] == "     0  income_label    INTEGER  GROUND_TRUTH")
            #expect(try await standIn.received().attributeRequests.count == 8, "15 attributes, 2 a page")

            // The two example lines go through the schema check and are stored.
            let examples = lines.filter { $0.hasPrefix("{\"captureData\"") }
            #expect(examples.count == 2)
            let file = try TestPaths.temporaryDirectory().appendingPathComponent("examples.jsonl")
            try (examples.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            let ingested = try IngestExecutable.run([file.path], environment: environment(standIn))
            #expect(ingested.status == 0, "\(ingested.stderr)")
            let received = try await standIn.received()
            #expect(received.inferences.map(\.partnerInferenceID).sorted() == ["example-csv-1", "example-json-1"])
        }
    }

    @Test func anUnknownModelIsAConfigurationError() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            var environment = environment(standIn)
            environment["ARTHUR_MODEL_ID"] = "no-such-model"
            let result = try IngestExecutable.run(["schema"], environment: environment)
            #expect(result.status == 2)
            #expect(result.stderr.contains("check --model-id / ARTHUR_MODEL_ID"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func withoutADestinationItIsAUsageError() throws {
        let result = try IngestExecutable.run(["schema"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no Arthur host"), "\(result.stderr)")
    }
}
