// Batch transform data capture writes manifests beside its captures: a JSON array whose first element is
// `{"prefix":"s3://…"}`, followed by the names of the files under that prefix, on one line or spread over several.
// They live in the same buckets as endpoint captures but hold no inferences; the pipeline skips such a file whole
// instead of rejecting each of its lines.

import WireFormat

/// Recognizes batch transform capture manifests.
public enum BatchTransformManifest {
    /// True when `text` (a whole file) is a JSON array whose first element is an object with a `prefix` key.
    public static func isManifest(_ text: UnsafeRawBufferPointer) -> Bool {
        guard let document = try? JSONReader.parse(text), case .array(let elements) = document,
            case .object(let members) = elements.first
        else { return false }
        return members.contains { $0.key == "prefix" }
    }

    /// True when a file whose first non-blank line is `line` may be a manifest: the line opens a JSON array (a
    /// capture line opens an object).
    public static func mayStartManifest(_ line: UnsafeRawBufferPointer) -> Bool {
        line.first { !$0.isJSONWhitespace } == .openBracket
    }
}
