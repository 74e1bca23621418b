/// Runs the real, built `ingest` executable from the package root, so sample paths in its messages
/// read as a user would see them (`samples/bad-lines.jsonl:3: error: ...`).

import Foundation

/// The `ingest` command line under test.
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
