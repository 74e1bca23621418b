// The id Arthur keys an inference by: the capture's `inferenceId` when present and non-empty, else its
// `eventId`; a request of N > 1 rows gives `<id>_0` … `<id>_{N-1}` in request order, so the ids of a line never
// depend on how the file is chunked. Arthur takes at most 255 characters.

/// The partner inference ids of a capture line.
enum PartnerInferenceID {
    /// Arthur's limit on a partner inference id, in characters.
    static let maximumLength = 255

    /// The length in characters (Unicode scalars) of the longest id of a line of `count` rows sharing `base`.
    static func longestLength(base: String, count: Int) -> Int {
        let baseLength = base.unicodeScalars.count
        return count > 1 ? baseLength + 1 + String(count - 1).utf8.count : baseLength
    }

    /// The id a line's rows share before suffixing.
    static func base(eventID: String, inferenceID: String?) -> String {
        inferenceID ?? eventID
    }

    /// The id of row `index` of `count` rows.
    static func forRow(_ index: Int, of count: Int, base: String) -> String {
        guard count > 1 else { return base }
        // "\(base)_\(index)", built in one allocation (an interpolation costs several per inference).
        var digitCount = 1
        var power = 10
        while power <= index {
            digitCount += 1
            power *= 10
        }
        var base = base
        return base.withUTF8 { base in
            String(unsafeUninitializedCapacity: base.count + 1 + digitCount) { id in
                _ = id.initialize(fromContentsOf: base)
                id[base.count] = UInt8(ascii: "_")
                var rest = index
                for offset in (0..<digitCount).reversed() {
                    id[base.count + 1 + offset] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                return base.count + 1 + digitCount
            }
        }
    }
}
