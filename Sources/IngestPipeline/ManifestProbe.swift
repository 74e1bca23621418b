// A source whose first non-blank line opens a JSON array may be a batch transform capture manifest, which is
// skipped whole (see `BatchTransformManifest`). Its lines are held until the end of the source shows whether the
// whole is one: then they are dropped, or else handed back to be judged one by one as usual. A capture file
// never starts this way, so the usual source holds nothing.

import CaptureFormat

/// The first lines of a source that may be a batch transform manifest.
struct ManifestProbe {
    /// The most a manifest may hold; past it, the lines are judged as capture lines.
    static let limit = 16 << 20

    /// The lines held, in order.
    private(set) var lines: [(number: Int, bytes: [UInt8])] = []
    private var size = 0

    /// Holds a whole line; false when it cannot (a line too long, or the limit reached), and nothing is held then
    /// but what was held before.
    mutating func hold(_ line: LineReader.Line) -> Bool {
        guard line.kind == .whole, size + line.bytes.count <= Self.limit else { return false }
        lines.append((line.number, Array(line.bytes)))
        size += line.bytes.count + 1
        return true
    }

    /// True when the lines held are a whole manifest.
    var isManifest: Bool {
        var text: [UInt8] = []
        text.reserveCapacity(size)
        for line in lines {
            text.append(contentsOf: line.bytes)
            text.append(0x0A)
        }
        return text.withUnsafeBytes { BatchTransformManifest.isManifest($0) }
    }
}
