// The package's one door to the C library. Every call that differs between glibc, musl (the static Lambda build)
// and Darwin (macOS, where users develop) is made here, so the rest of the package compiles on all three without
// `#if`. File I/O itself goes through swift-system's `FileDescriptor`; what swift-system does not cover (stat,
// mkdir, link, rename, the allocator, the clock) is here.

import CPlatform
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C library calls of the package, behind portable signatures. A failed call throws its `Errno`.
public enum Platform {
    /// The calling thread's last C error.
    public static var lastError: Errno { Errno(rawValue: errno) }

    /// Ends the process at once with `status`.
    public static func exit(_ status: Int32) -> Never {
        systemExit(status)
    }

    // MARK: Processes

    /// This process's id.
    public static func processID() -> Int32 { getpid() }

    /// Whether a process `pid` exists (one of another user counts: `kill` says EPERM).
    public static func isProcessRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// The machine's host name, nil when it cannot be read.
    public static func hostName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Sets the process environment's `name` to `value`, or with nil removes it.
    public static func setEnvironmentVariable(_ name: String, to value: String?) {
        if let value {
            setenv(name, value, 1)
        } else {
            unsetenv(name)
        }
    }

    /// Whether `descriptor` is a terminal.
    public static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    // MARK: Memory

    /// The first `byte` in `count` bytes from `start` (`memchr`), nil when there is none.
    @inlinable
    public static func firstIndex(of byte: UInt8, in start: UnsafeRawPointer, count: Int) -> UnsafeRawPointer? {
        UnsafeRawPointer(memchr(start, Int32(byte), count))
    }

    /// `count` bytes from `malloc` (nil base address when there is no memory); give them back with ``free(_:)``.
    public static func allocate(_ count: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: malloc(count), count: count)
    }

    /// `buffer` grown or shrunk to `count` bytes by `realloc`, which moves a large buffer's pages (mremap) instead
    /// of copying them; nil when there is no memory (`buffer` is then still valid).
    public static func reallocate(
        _ buffer: UnsafeMutableRawBufferPointer, _ count: Int
    ) -> UnsafeMutableRawBufferPointer? {
        guard let moved = realloc(buffer.baseAddress, count) else { return nil }
        return UnsafeMutableRawBufferPointer(start: moved, count: count)
    }

    /// Gives back memory from ``allocate(_:)`` or ``reallocate(_:_:)``.
    public static func free(_ buffer: UnsafeMutableRawBufferPointer) {
        systemFree(buffer.baseAddress)
    }

    /// Has glibc's allocator give blocks of `bytes` or more their own mappings, returned to the system when freed,
    /// instead of the dynamic threshold that keeps freed large blocks in per-thread heaps. glibc only (musl's and Darwin's
    /// allocators have no such knob).
    public static func setMmapThreshold(_ bytes: Int32) {
        _ = cplatform_set_mmap_threshold(bytes)
    }

    // MARK: Time

    /// The wall clock: seconds since 1970 and the nanoseconds past them.
    public static func now() -> (seconds: Int, nanoseconds: Int) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return (Int(spec.tv_sec), Int(spec.tv_nsec))
    }

    /// The UTC calendar date and time of `seconds` since 1970 (month 1–12).
    public static func utcDate(
        seconds: Int
    ) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return (
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour),
            Int(parts.tm_min), Int(parts.tm_sec)
        )
    }

    // MARK: Files

    /// What `stat` says of a file, as far as the package asks.
    public struct FileStatus: Sendable {
        /// What kind of file it is.
        public enum Kind: Sendable { case regular, directory, symbolicLink, fifo, characterDevice, blockDevice, other }

        public var kind: Kind
        public var size: Int
        public var linkCount: Int
        /// The last modification: seconds since 1970 and the nanoseconds past them.
        public var modified: (seconds: Int, nanoseconds: Int)

        init(_ info: stat) {
            switch info.st_mode & S_IFMT {
            case S_IFREG: kind = .regular
            case S_IFDIR: kind = .directory
            case S_IFLNK: kind = .symbolicLink
            case S_IFIFO: kind = .fifo
            case S_IFCHR: kind = .characterDevice
            case S_IFBLK: kind = .blockDevice
            default: kind = .other
            }
            size = Int(info.st_size)
            linkCount = Int(info.st_nlink)
            #if canImport(Darwin)
                modified = (Int(info.st_mtimespec.tv_sec), Int(info.st_mtimespec.tv_nsec))
            #else
                modified = (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec))
            #endif
        }
    }

    /// `fstat` of an open file.
    public static func status(of descriptor: FileDescriptor) throws -> FileStatus {
        var info = stat()
        guard fstat(descriptor.rawValue, &info) == 0 else { throw lastError }
        return FileStatus(info)
    }

    /// `stat` of `path`, or with `followingLinks: false`, `lstat` (a symbolic link is described, not followed).
    public static func status(ofPath path: String, followingLinks: Bool = true) throws -> FileStatus {
        var info = stat()
        guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { throw lastError }
        return FileStatus(info)
    }

    /// `mkdir(path, 0o755)`.
    public static func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 else { throw lastError }
    }

    /// A second name `newPath` for `path`; fails with `.fileExists` when the name is taken.
    public static func link(_ path: String, _ newPath: String) throws {
        guard systemLink(path, newPath) == 0 else { throw lastError }
    }

    /// Moves `path` to `newPath` in one step, replacing what was there.
    public static func rename(_ path: String, _ newPath: String) throws {
        guard systemRename(path, newPath) == 0 else { throw lastError }
    }

    /// Removes the name `path`.
    public static func unlink(_ path: String) throws {
        guard systemUnlink(path) == 0 else { throw lastError }
    }
}

// The C functions whose names `Platform`'s own members take.
private func systemExit(_ status: Int32) -> Never { exit(status) }
private func systemLink(_ path: String, _ newPath: String) -> Int32 { link(path, newPath) }
private func systemRename(_ path: String, _ newPath: String) -> Int32 { rename(path, newPath) }
private func systemFree(_ pointer: UnsafeMutableRawPointer?) { free(pointer) }
private func systemUnlink(_ path: String) -> Int32 { unlink(path) }
