import CaptureFormat
import Platform
import SystemPackage

/// A file descriptor read as a ``ByteStream``.
///
/// Reads a local file or standard input with `read(2)`, closing what it opened. Its failures are ``SourceError``s
/// naming the path.
public final class FileByteStream: ByteStream {
    private let descriptor: FileDescriptor
    private let ownsDescriptor: Bool
    private let path: String
    public let version: String?
    /// The size of a regular file; nil for pipes, devices and standard input.
    public let byteCount: Int?
    /// The file's modification time (whole seconds), UTC RFC 3339; nil for standard input.
    public let lastModified: String?

    /// Opens `path` for reading.
    public init(path: String) throws {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(path, .readOnly, options: [.closeOnExec])
        } catch {
            throw SourceError(source: path, error)
        }
        let info = try? Platform.status(of: descriptor)
        if info?.kind == .directory {
            try? descriptor.close()
            throw SourceError(source: path, message: "is a directory")
        }
        self.descriptor = descriptor
        self.ownsDescriptor = true
        self.path = path
        let modified = info?.modified ?? (seconds: 0, nanoseconds: 0)
        self.version = "size-\(info?.size ?? 0)-mtime-\(modified.seconds).\(modified.nanoseconds)"
        self.byteCount = info?.kind == .regular ? info?.size : nil
        self.lastModified = info.map { GroundTruthTime.format(secondsSince1970: Int64($0.modified.seconds)) }
    }

    /// Standard input, left open at the end.
    public static func standardInput() -> FileByteStream { FileByteStream(descriptor: .standardInput, path: "<stdin>") }

    private init(descriptor: FileDescriptor, path: String) {
        self.descriptor = descriptor
        self.ownsDescriptor = false
        self.path = path
        self.version = nil
        self.byteCount = nil
        self.lastModified = nil
    }

    deinit {
        if ownsDescriptor { try? descriptor.close() }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) async throws -> Int {
        do {
            return try descriptor.read(into: buffer, retryOnInterrupt: true)
        } catch {
            throw SourceError(source: path, error, context: "read failed")
        }
    }
}
