/// Buffered writes to a file descriptor: standard output for `--emit jsonl`, files for the dead letter.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Collects bytes and writes them out in large blocks.
public final class BufferedFileWriter {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private let flushThreshold: Int
    public let path: String

    /// Creates (or truncates) the file at `path`, making its folder first.
    public init(creating path: String, flushThreshold: Int = 1 << 16) throws(SourceError) {
        try Self.makeDirectories(for: path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SourceError(source: path, message: SourceError.describe(errno: errno)) }
        self.descriptor = descriptor
        self.ownsDescriptor = true
        self.flushThreshold = flushThreshold
        self.path = path
        buffer.reserveCapacity(flushThreshold)
    }

    /// Standard output, left open.
    public static func standardOutput() -> BufferedFileWriter { BufferedFileWriter(descriptor: 1, path: "<stdout>") }

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.ownsDescriptor = false
        self.flushThreshold = 1 << 18
        self.path = path
        buffer.reserveCapacity(flushThreshold)
    }

    deinit {
        try? flush()
        if ownsDescriptor { close(descriptor) }
    }

    /// Appends bytes through `body`, flushing once the buffer is large.
    public func append(_ body: (inout [UInt8]) -> Void) throws(SourceError) {
        body(&buffer)
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Appends `bytes`.
    public func append(_ bytes: UnsafeRawBufferPointer) throws(SourceError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Writes out what is buffered.
    public func flush() throws(SourceError) {
        var written = 0
        let total = buffer.count
        let failure: Int32? = buffer.withUnsafeBytes { bytes in
            while written < total {
                let count = write(descriptor, bytes.baseAddress! + written, total - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return nil
        }
        buffer.removeAll(keepingCapacity: true)
        if let failure {
            throw SourceError(source: path, message: "write failed: " + SourceError.describe(errno: failure))
        }
    }

    private static func makeDirectories(for path: String) throws(SourceError) {
        var prefix = ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for (index, part) in parts.enumerated() {
            prefix += (index == 0 ? "" : "/") + part
            if prefix.isEmpty { continue }
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw SourceError(
                    source: prefix, message: "cannot create folder: " + SourceError.describe(errno: errno))
            }
        }
    }
}
