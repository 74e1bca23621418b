import Foundation

/// Capture files written by `../shared/tools/gen_capture.py`, the generator the benchmarks use.
public enum GeneratedCapture {
    /// Runs the generator with `arguments` (`--shape`, `--lines`, `--seed`…) and writes its output to `file`.
    public static func write(to file: URL, _ arguments: [String]) throws {
        let generator = TestPaths.packageRoot.deletingLastPathComponent().appendingPathComponent(
            "shared/tools/gen_capture.py")
        let generated = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", generator.path] + arguments)
        guard generated.status == 0 else { throw StandInError(message: "gen_capture.py failed: \(generated.stderr)") }
        try Data(generated.stdout.utf8).write(to: file)
    }
}
