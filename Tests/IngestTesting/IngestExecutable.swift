import Foundation

/// The `ingest` command line under test.
///
/// Runs the real, built `ingest` executable from the package root, so sample paths in its messages
/// read as a user would see them (`samples/bad-lines.jsonl:3: error: ...`).
public enum IngestExecutable {
    /// Runs `ingest arguments...` with only `environment` (plus PATH/HOME) set, from the package root.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil, timeout: TimeInterval = 300
    ) throws -> ProcessResult {
        let binary = TestPaths.product("ingest")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw StandInError(message: "no ingest executable at \(binary.path): run `swift build` first")
        }
        return try ChildProcess.run(
            binary, arguments, environment: environment, stdin: stdin, currentDirectory: TestPaths.packageRoot,
            timeout: timeout)
    }

    /// Runs `ingest arguments...` as ``run(_:environment:stdin:timeout:)`` does, under a small Python parent that
    /// reports the child's peak resident memory (`ru_maxrss` of its one child), in KiB.
    public static func runMeasuringPeakMemory(
        _ arguments: [String], timeout: TimeInterval = 300
    ) throws -> (result: ProcessResult, peakKiB: Int) {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-rss-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: report) }
        let script = """
            import resource, subprocess, sys
            status = subprocess.call(sys.argv[2:])
            open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
            sys.exit(status if status >= 0 else 128 - status)
            """
        let result = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-c", script, report.path, TestPaths.product("ingest").path] + arguments,
            currentDirectory: TestPaths.packageRoot, timeout: timeout)
        let peak = (try? String(contentsOf: report, encoding: .utf8)).flatMap { Int($0) }
        guard let peak else { throw StandInError(message: "no peak memory reported: \(result.stderr)") }
        return (result, peak)
    }
}

/// Reading JSON Lines output for comparison by value (numbers and key order aside).
public enum JSONLines {
    /// Each non-empty line parsed as a JSON object.
    public static func objects(_ text: String) throws -> [NSDictionary] {
        try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? NSDictionary else {
                throw StandInError(message: "not a JSON object: \(line)")
            }
            return object
        }
    }

    /// The `partner_inference_id` of each line.
    public static func partnerIDs(_ text: String) throws -> [String] {
        try objects(text).map { ($0["partner_inference_id"] as? String) ?? "" }
    }
}
