/// Rewrites a capture line for Arthur, which rejects BASE64 data: the line's bytes are copied as they are, except
/// that each BASE64 side's `data` string becomes its decoded text (written by `JSONWriter`) and its `encoding`
/// becomes "CSV" or "JSON". Key order, other fields and their spelling stay as captured.

/// Rewrites a capture line with BASE64 sides decoded.
enum ArthurReencoding {
    /// The line's object with the sides' tokens replaced; nil when no side was BASE64.
    static func line(
        _ line: UnsafeRawBufferPointer,
        objectRange: Range<Int>,
        sides: [CapturedPayload.Reencoding]
    ) -> [UInt8]? {
        guard !sides.isEmpty else { return nil }
        // Each side replaces two tokens; they are written in the order they appear in the line.
        var replacements: [(token: Range<Int>, side: Int, isData: Bool)] = []
        for (index, side) in sides.enumerated() {
            replacements.append((side.dataToken, index, true))
            replacements.append((side.encodingToken, index, false))
        }
        replacements.sort { $0.token.lowerBound < $1.token.lowerBound }
        var output: [UInt8] = []
        // Decoded text grows by at most its escapes; the usual line needs one allocation.
        output.reserveCapacity(objectRange.count + sides.reduce(0) { $0 + $1.decodedText.count + 16 })
        JSONOutput.append(to: &output, capacity: output.capacity) { output in
            var copied = objectRange.lowerBound
            for replacement in replacements {
                output.append(UnsafeRawBufferPointer(rebasing: line[copied..<replacement.token.lowerBound]))
                let side = sides[replacement.side]
                if replacement.isData {
                    side.decodedText.withUnsafeBytes { JSONWriter.writeString(utf8: $0, into: &output) }
                } else {
                    JSONWriter.writeString(side.encoding.rawValue, into: &output)
                }
                copied = replacement.token.upperBound
            }
            output.append(UnsafeRawBufferPointer(rebasing: line[copied..<objectRange.upperBound]))
        }
        return output
    }
}
