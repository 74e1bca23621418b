import Platform
import SystemPackage

/// Collects bytes and writes them out in large blocks.
///
/// Buffered writes to a file descriptor: standard output for `--emit jsonl`, files for the dead letter and for
/// `--to`. Its failures are ``SourceError``s naming the path.
public final class BufferedFileWriter {
    private let descriptor: FileDescriptor
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private let flushThreshold: Int
    public let path: String

    /// Creates the file `relativePath` below `folder`, replacing a regular file an earlier run left there.
    ///
    /// Nothing is written through a symbolic link: the folders below `folder` are made or must be real folders
    /// (a symbolic link among them is refused), an existing entry that is not a regular file with one link is
    /// refused, and the file is created with `O_EXCL | O_NOFOLLOW`, so a link planted meanwhile makes it fail.
    /// `what` names the file in a refusal.
    public init(
        creating relativePath: String, in folder: String, flushThreshold: Int = 1 << 16,
        what: String = "the dead letter"
    ) throws {
        let path = folder.hasSuffix("/") ? folder + relativePath : folder + "/" + relativePath
        try Self.makeDirectories(for: relativePath, in: folder, what: what)
        if let info = try? Platform.status(ofPath: path, followingLinks: false) {
            guard info.kind == .regular, info.linkCount == 1 else {
                throw SourceError(
                    source: path,
                    message: "exists and is not a plain file (a symbolic link, a hard link or a special file): "
                        + "refusing to write \(what) there")
            }
            do {
                try Platform.unlink(path)
            } catch {
                throw SourceError(source: path, error, context: "cannot replace")
            }
        }
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(
                path, .writeOnly, options: [.create, .exclusiveCreate, .noFollow, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw SourceError(source: path, error)
        }
        self.descriptor = descriptor
        self.ownsDescriptor = true
        self.flushThreshold = flushThreshold
        self.path = path
        buffer.reserveCapacity(flushThreshold)
    }

    /// Standard output, left open.
    public static func standardOutput() -> BufferedFileWriter {
        BufferedFileWriter(descriptor: .standardOutput, path: "<stdout>")
    }

    private init(descriptor: FileDescriptor, path: String) {
        self.descriptor = descriptor
        self.ownsDescriptor = false
        self.flushThreshold = 1 << 18
        self.path = path
        buffer.reserveCapacity(flushThreshold)
    }

    deinit {
        try? flush()
        if ownsDescriptor { try? descriptor.close() }
    }

    /// Appends bytes through `body`, flushing once the buffer is large.
    public func append(_ body: (inout [UInt8]) -> Void) throws {
        body(&buffer)
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Appends `bytes`.
    public func append(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Writes out what is buffered.
    public func flush() throws {
        let failure: (any Error)?
        do {
            _ = try buffer.withUnsafeBytes { try descriptor.writeAll($0) }
            failure = nil
        } catch {
            failure = error
        }
        buffer.removeAll(keepingCapacity: true)
        if let failure {
            throw SourceError(source: path, failure, context: "write failed")
        }
    }

    /// Makes the folders of `relativePath` below `folder` (which must exist or be makeable), refusing any of
    /// them that is a symbolic link or not a folder.
    private static func makeDirectories(for relativePath: String, in folder: String, what: String) throws {
        try makeFolder(folder)
        var prefix = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        for part in relativePath.split(separator: "/").dropLast() {
            prefix += "/" + part
            do {
                try Platform.makeDirectory(prefix)
                continue
            } catch Errno.fileExists {  // already there
            } catch {
                throw SourceError(source: prefix, error, context: "cannot create folder")
            }
            guard (try? Platform.status(ofPath: prefix, followingLinks: false))?.kind == .directory else {
                throw SourceError(
                    source: prefix,
                    message: "is a symbolic link or not a folder: refusing to write \(what) through it")
            }
        }
    }

    /// Makes `path` and the folders above it, as `mkdir -p` does (the user's own folder may be a link).
    private static func makeFolder(_ path: String) throws {
        var prefix = ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            prefix += (index == 0 ? "" : "/") + part
            if prefix.isEmpty || part.isEmpty { continue }
            do {
                try Platform.makeDirectory(prefix)
            } catch Errno.fileExists {  // already there
            } catch {
                throw SourceError(source: prefix, error, context: "cannot create folder")
            }
        }
    }
}
