#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file descriptor read as a ``ByteStream``.
///
/// Reads a local file or standard input with `read(2)`, closing what it opened.
public final class FileByteStream: ByteStream, @unchecked Sendable {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let path: String
    public let version: String?
    /// The size of a regular file; nil for pipes, devices and standard input.
    public let byteCount: Int?

    /// Opens `path` for reading.
    public init(path: String) throws(SourceError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SourceError(source: path, message: SourceError.describe(errno: errno)) }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw SourceError(source: path, message: "is a directory")
        }
        self.descriptor = descriptor
        self.ownsDescriptor = true
        self.path = path
        self.version = "size-\(info.st_size)-mtime-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        self.byteCount = (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
    }

    /// Standard input, left open at the end.
    public static func standardInput() -> FileByteStream { FileByteStream(descriptor: 0, path: "<stdin>") }

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.ownsDescriptor = false
        self.path = path
        self.version = nil
        self.byteCount = nil
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) async throws -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw SourceError(source: path, message: "read failed: " + SourceError.describe(errno: errno))
        }
    }
}
