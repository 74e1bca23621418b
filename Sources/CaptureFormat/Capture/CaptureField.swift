/// The type rules for the fields of a capture line: which scanned values count as present, as strings, as
/// objects; each failure is the rejection a user sees. `null` and empty strings count as missing.

/// Type rules for scanned capture-line fields.
enum CaptureField {
    /// Requires an object at `field`.
    static func requireObject(_ value: ScannedValue?, _ field: String) throws(CaptureRejection) {
        switch value {
        case .object: return
        case nil, .null: throw CaptureRejection(.missingField(field))
        case .string, .other: throw CaptureRejection(.wrongType(field: field, expected: "an object"))
        }
    }

    /// Requires a non-empty string at `field`.
    static func requireText(_ value: ScannedValue?, _ field: String) throws(CaptureRejection) -> String {
        guard let text = try optionalText(value, field) else { throw CaptureRejection(.missingField(field)) }
        return text
    }

    /// A non-empty string at `field`, nil when absent, null or empty.
    static func optionalText(_ value: ScannedValue?, _ field: String) throws(CaptureRejection) -> String? {
        guard let bytes = try optionalBytes(value, field), !bytes.bytes.isEmpty else { return nil }
        return String(decoding: bytes.bytes, as: UTF8.self)
    }

    /// The string at `field` (possibly empty) with its token range, nil when absent or null.
    static func optionalBytes(
        _ value: ScannedValue?,
        _ field: String
    ) throws(CaptureRejection) -> (bytes: [UInt8], token: Range<Int>)? {
        switch value {
        case .string(let bytes, let token): return (bytes, token)
        case nil, .null: return nil
        case .object, .other: throw CaptureRejection(.wrongType(field: field, expected: "a string"))
        }
    }
}
