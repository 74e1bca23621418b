#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Collects bytes and writes them out in large blocks.
///
/// Buffered writes to a file descriptor: standard output for `--emit jsonl`, files for the dead letter.
public final class BufferedFileWriter {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private let flushThreshold: Int
    public let path: String

    /// Creates the file `relativePath` below `folder`, replacing a regular file an earlier run left there.
    ///
    /// Nothing is written through a symbolic link: the folders below `folder` are made or must be real folders
    /// (a symbolic link among them is refused), an existing entry that is not a regular file with one link is
    /// refused, and the file is created with `O_EXCL | O_NOFOLLOW`, so a link planted meanwhile makes it fail.
    public init(creating relativePath: String, in folder: String, flushThreshold: Int = 1 << 16) throws(SourceError) {
        let path = folder.hasSuffix("/") ? folder + relativePath : folder + "/" + relativePath
        try Self.makeDirectories(for: relativePath, in: folder)
        var info = stat()
        if lstat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink == 1 else {
                throw SourceError(
                    source: path,
                    message: "exists and is not a plain file (a symbolic link, a hard link or a special file): "
                        + "refusing to write the dead letter there")
            }
            guard unlink(path) == 0 else {
                throw SourceError(source: path, message: "cannot replace: " + SourceError.describe(errno: errno))
            }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
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

    /// Makes the folders of `relativePath` below `folder` (which must exist or be makeable), refusing any of
    /// them that is a symbolic link or not a folder.
    private static func makeDirectories(for relativePath: String, in folder: String) throws(SourceError) {
        try makeFolder(folder)
        var prefix = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        for part in relativePath.split(separator: "/").dropLast() {
            prefix += "/" + part
            if mkdir(prefix, 0o755) == 0 { continue }
            guard errno == EEXIST else {
                throw SourceError(
                    source: prefix, message: "cannot create folder: " + SourceError.describe(errno: errno))
            }
            var info = stat()
            guard lstat(prefix, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                throw SourceError(
                    source: prefix,
                    message: "is a symbolic link or not a folder: refusing to write the dead letter through it")
            }
        }
    }

    /// Makes `path` and the folders above it, as `mkdir -p` does (the user's own folder may be a link).
    private static func makeFolder(_ path: String) throws(SourceError) {
        var prefix = ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            prefix += (index == 0 ? "" : "/") + part
            if prefix.isEmpty || part.isEmpty { continue }
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw SourceError(
                    source: prefix, message: "cannot create folder: " + SourceError.describe(errno: errno))
            }
        }
    }
}
