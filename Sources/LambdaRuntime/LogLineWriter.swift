import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A line-at-a-time writer to a file descriptor.
///
/// Where JSON log lines go: a file descriptor written with one `write` call per line under a lock, so
/// lines from concurrent tasks never interleave and each reaches the log as soon as it is written
/// (no stdio buffering to lose when Lambda freezes or stops the process).
final class LogLineWriter: Sendable {
    private let descriptor: Int32
    private let lock = Mutex(())

    /// Standard output.
    static let standardOutput = LogLineWriter(descriptor: 1)

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Writes `line` whole (retrying short writes and interruptions); gives up silently on other errors,
    /// as a logger must never fail the program.
    func write(_ line: [UInt8]) {
        lock.withLock { _ in
            line.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return
                    }
                }
            }
        }
    }
}

/// The C library's `write`, which the method of the same name hides.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
    #else
        Darwin.write(descriptor, buffer, count)
    #endif
}
