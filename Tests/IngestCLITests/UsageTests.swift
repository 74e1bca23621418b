import Foundation
import IngestTesting
import Testing

/// Usage and configuration errors exit 2 with a message, and nothing is done.
@Suite struct UsageTests {
    @Test(arguments: [
        (["samples/no-such-file.jsonl"], [String: String](), "no such file"),
        (["--bogus", "samples/mixed.jsonl"], [:], "Unknown option"),
        ([], [:], "Missing expected argument"),
        (["samples/mixed.jsonl"], ["ARTHUR_HOST": "https://arthur.example.com"], "no model id"),
        (
            ["samples/mixed.jsonl"], ["ARTHUR_HOST": "https://arthur.example.com", "ARTHUR_MODEL_ID": "m1"],
            "ARTHUR_ACCESS_TOKEN is not set"
        ),
        (["samples/mixed.jsonl"], ["ARTHUR_MODEL_ID": "m1", "ARTHUR_ACCESS_TOKEN": "t"], "no Arthur host"),
        (
            ["--arthur-host", "http://arthur.example.com", "--model-id", "m1", "samples/mixed.jsonl"],
            ["ARTHUR_ACCESS_TOKEN": "t"], "plain http"
        ),
        (
            ["--model-id", "../etc", "--arthur-host", "https://a.example", "samples/mixed.jsonl"],
            ["ARTHUR_ACCESS_TOKEN": "t"], "is not a model id"
        ),
        // Issue 9.1: plain http only to loopback literals and `localhost`, decided before any lookup.
        (
            ["--arthur-host", "http://127.example.com", "--model-id", "m1", "samples/mixed.jsonl"],
            ["ARTHUR_ACCESS_TOKEN": "t"], "plain http to 127.example.com"
        ),
        (
            ["--arthur-host", "http://127.0.0.1.nip.io", "--model-id", "m1", "samples/mixed.jsonl"],
            ["ARTHUR_ACCESS_TOKEN": "t"], "plain http to 127.0.0.1.nip.io"
        ),
        (
            ["--arthur-host", "http://127.0.0.1:P:99", "--model-id", "m1", "samples/mixed.jsonl"],
            ["ARTHUR_ACCESS_TOKEN": "t"], "invalid port"
        ),
        (["--chunk-size", "12XB", "samples/mixed.jsonl"], [:], "chunk-size"),
        (["--uploads-in-flight", "0", "samples/mixed.jsonl"], [:], "uploads-in-flight"),
    ])
    func exitsTwo(arguments: [String], environment: [String: String], messagePart: String) throws {
        let result = try IngestExecutable.run(arguments, environment: environment)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(messagePart), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func helpExitsZero() throws {
        let result = try IngestExecutable.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("--dead-letter"))
    }
}
