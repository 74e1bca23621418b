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
        var replacements: [(token: Range<Int>, text: [UInt8])] = []
        for side in sides {
            var data: [UInt8] = []
            side.decodedText.withUnsafeBytes { JSONWriter.writeString(utf8: $0, into: &data) }
            replacements.append((side.dataToken, data))
            var encoding: [UInt8] = []
            JSONWriter.writeString(side.encoding.rawValue, into: &encoding)
            replacements.append((side.encodingToken, encoding))
        }
        replacements.sort { $0.token.lowerBound < $1.token.lowerBound }
        var output: [UInt8] = []
        output.reserveCapacity(objectRange.count + replacements.reduce(0) { $0 + $1.text.count })
        var copied = objectRange.lowerBound
        for replacement in replacements {
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[copied..<replacement.token.lowerBound]))
            output.append(contentsOf: replacement.text)
            copied = replacement.token.upperBound
        }
        output.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[copied..<objectRange.upperBound]))
        return output
    }
}
