#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A capture file held in memory.
///
/// A capture file read into memory once, and its lines found with `memchr`, as the pipeline's line reader finds
/// them: what every benchmark pass walks, so that only the work under test is timed.
struct CaptureFile {
    /// The whole file.
    let bytes: [UInt8]

    /// Reads the file at `path`, or explains why it cannot.
    init(path: String) throws(BenchmarkError) {
        guard let file = fopen(path, "rb") else { throw BenchmarkError("cannot open \(path)") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        guard ferror(file) == 0 else { throw BenchmarkError("cannot read \(path)") }
        self.bytes = bytes
    }

    /// Calls `body` with each line (without its "\n") and its 1-based number.
    func forEachLine(_ body: (UnsafeRawBufferPointer, Int) -> Void) {
        bytes.withUnsafeBytes { file in
            guard let base = file.baseAddress else { return }
            var start = 0
            var number = 0
            while start < file.count {
                number += 1
                let newline = memchr(base + start, Int32(UInt8(ascii: "\n")), file.count - start)
                let end = newline.map { UnsafeRawPointer($0) - base } ?? file.count
                body(UnsafeRawBufferPointer(start: base + start, count: end - start), number)
                start = end + 1
            }
        }
    }
}

/// Why the benchmark could not run.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
