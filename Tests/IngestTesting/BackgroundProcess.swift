import Foundation

/// A running child process.
///
/// A program run in the background while a test talks to it: started with an exact environment, its
/// output collected as it comes, waited for or stopped. Used for the Lambda fixture, which runs until
/// its Runtime API goes away.
public final class BackgroundProcess: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var stdoutData = Data()
    private var stderrData = Data()
    /// When the process was started, on the wall clock.
    public private(set) var startTime = Date()

    /// Starts `executable` with `arguments` and only `environment` (plus PATH, HOME, TMPDIR).
    public init(_ executable: URL, _ arguments: [String] = [], environment: [String: String]) throws {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw StandInError(message: "no executable at \(executable.path): run `swift build` first")
        }
        process.executableURL = executable
        process.arguments = arguments
        var env = environment
        for key in ["PATH", "HOME", "TMPDIR"] { env[key] = env[key] ?? ProcessInfo.processInfo.environment[key] }
        process.environment = env
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        outPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.append(data, toStdout: true)
        }
        errPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.append(data, toStdout: false)
        }
        startTime = Date()
        try process.run()
    }

    private func append(_ data: Data, toStdout: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if toStdout { stdoutData.append(data) } else { stderrData.append(data) }
    }

    /// Standard output so far.
    public var stdout: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: stdoutData, as: UTF8.self)
    }

    /// Standard error so far.
    public var stderr: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: stderrData, as: UTF8.self)
    }

    /// Its peak resident memory so far, in KiB (`VmHWM` in `/proc/PID/status`); nil where there is no `/proc`
    /// or once it has ended.
    public var peakResidentKiB: Int? {
        let path = "/proc/\(process.processIdentifier)/status"
        guard let status = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        return line.flatMap { Int($0.dropFirst("VmHWM:".count).filter(\.isNumber)) }
    }

    /// Whether it is still running.
    public var isRunning: Bool { process.isRunning }

    /// Waits until a line of standard output contains `text`; returns that line, or nil after `timeout`.
    public func waitForLine(containing text: String, timeout: Duration = .seconds(60)) async throws -> String? {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if let line = stdout.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            if !process.isRunning { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Waits for the process to end; returns its exit status, or nil if it is still running after `timeout`.
    public func waitForExit(timeout: Duration = .seconds(60)) async throws -> Int32? {
        let end = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < end {
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Sends `signal` (e.g. SIGINT, or SIGKILL for a crash) without waiting.
    public func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Stops the process (SIGTERM) and waits for it.
    public func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
