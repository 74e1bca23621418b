// SageMaker's `InferenceId` is the caller's choice, and real notebooks reuse `str(index)`; a one-row line `x_0`
// meets row 0 of a batch `x`. Arthur keys inferences by partner id, so a repeated id within a source is worth a
// warning that names both lines. Each id is kept as a 64-bit hash with the line that gave it (about 16 bytes per
// inference), never as text; a hash collision could name a repeat that is not one, with odds near 1 in 10^12
// for a file of millions of inferences.

import CaptureFormat

/// The partner inference ids a source has given so far.
struct PartnerIDRegistry {
    /// A repeated id: the first of the line's ids that an earlier line gave, and how many of its ids were.
    struct Repeat {
        var id: String
        var earlierLine: Int
        var count: Int
    }

    private var lineByID: [UInt64: UInt32] = [:]

    /// Registers the ids of line `number`; what it repeats, if anything.
    mutating func register(_ summary: CaptureLineSummary, line number: Int) -> Repeat? {
        let line = UInt32(clamping: number)
        var found: Repeat?
        var base = Self.offsetBasis
        var partnerID = summary.partnerID
        partnerID.withUTF8 { base = Self.hash(UnsafeRawBufferPointer($0), into: base) }
        guard summary.inferenceCount > 1 else {
            if let earlier = lineByID.updateValue(line, forKey: base) {
                lineByID[base] = earlier
                return Repeat(id: partnerID, earlierLine: Int(earlier), count: 1)
            }
            return nil
        }
        let suffixed = Self.hash(UInt8(ascii: "_"), into: base)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            for index in 0..<summary.inferenceCount {
                var rest = index
                var start = digits.count
                repeat {
                    start -= 1
                    digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                } while rest > 0
                let key = Self.hash(
                    UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(digits)[start...]), into: suffixed)
                if let earlier = lineByID.updateValue(line, forKey: key) {
                    lineByID[key] = earlier
                    if found == nil {
                        found = Repeat(id: summary.partnerInferenceID(at: index), earlierLine: Int(earlier), count: 0)
                    }
                    found?.count += 1
                }
            }
        }
        return found
    }

    // FNV-1a, 64 bits: the ids are hashed byte by byte, so a line's ids share the work of their common prefix.
    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x100_0000_01b3

    private static func hash(_ bytes: UnsafeRawBufferPointer, into hash: UInt64) -> UInt64 {
        var hash = hash
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }

    private static func hash(_ byte: UInt8, into hash: UInt64) -> UInt64 {
        (hash ^ UInt64(byte)) &* prime
    }
}
