import Synchronization
import SystemPackage

/// A line-at-a-time writer to a file descriptor.
///
/// Where JSON log lines go: a file descriptor written with one `write` call per line under a lock, so
/// lines from concurrent tasks never interleave and each reaches the log as soon as it is written
/// (no stdio buffering to lose when Lambda freezes or stops the process).
final class LogLineWriter: Sendable {
    private let descriptor: FileDescriptor
    private let lock = Mutex(())

    /// Standard output.
    static let standardOutput = LogLineWriter(descriptor: FileDescriptor.standardOutput.rawValue)

    init(descriptor: Int32) {
        self.descriptor = FileDescriptor(rawValue: descriptor)
    }

    /// Writes `line` whole (retrying short writes and interruptions); gives up silently on other errors,
    /// as a logger must never fail the program.
    func write(_ line: [UInt8]) {
        lock.withLock { _ in
            _ = try? line.withUnsafeBytes { try descriptor.writeAll($0) }
        }
    }
}

/// The C library's `write`, which the method of the same name hides.
