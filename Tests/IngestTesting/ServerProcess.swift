import Foundation

/// A running test server.
///
/// Starts one of the Python test servers of `Tests/Servers` as a child process: it binds a free
/// loopback port, prints `{"port": N}` as its first line, and exits when its standard input closes,
/// so it never outlives the test that started it.
public final class ServerProcess: @unchecked Sendable {
    public let port: Int
    private let process: Process
    private let stdin: Pipe

    /// Runs `python3 Tests/Servers/<script> arguments...` with `environment` and waits for its port.
    /// `name` says which server it is in the error if it does not start.
    public init(
        script: String, arguments: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment,
        name: String
    ) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestPaths.file("Tests/Servers/\(script)").path] + arguments
        process.environment = environment
        let stdout = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        try process.run()
        let line = Self.readLine(from: stdout.fileHandleForReading)
        guard let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let port = json["port"] as? Int
        else {
            process.terminate()
            throw StandInError(message: "\(name) did not report its port (got \(line.debugDescription))")
        }
        self.port = port
        self.process = process
        self.stdin = stdin
    }

    /// Stops the server: closes its standard input, then terminates it if it is still running.
    public func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// The next line from `handle`, read a byte at a time so nothing after it is taken from the pipe.
    static func readLine(from handle: FileHandle) -> String {
        var bytes: [UInt8] = []
        while true {
            let data = handle.readData(ofLength: 1)
            guard let byte = data.first, byte != 0x0A else { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
