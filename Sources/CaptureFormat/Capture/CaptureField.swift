@_spi(Scanning) import WireFormat

/// Type rules for scanned capture-line fields.
///
/// The type rules for the fields of a capture line: which scanned values count as present, as strings, as
/// objects; each failure is the rejection a user sees. `null` and empty strings count as missing. Field names are
/// taken as autoclosures, so a valid line never spends time spelling out the path of a field it did not miss.
enum CaptureField {
    /// Requires an object at `field`.
    static func requireObject(_ value: ScannedValue?, _ field: @autoclosure () -> String) throws(CaptureRejection) {
        switch value {
        case .object: return
        case nil, .null: throw CaptureRejection(.missingField(field()))
        case .string, .other: throw CaptureRejection(.wrongType(field: field(), expected: "an object"))
        }
    }

    /// Requires a non-empty string at `field`.
    static func requireText(
        _ value: ScannedValue?,
        _ field: @autoclosure () -> String
    ) throws(CaptureRejection) -> String {
        guard let text = try optionalText(value, field()) else { throw CaptureRejection(.missingField(field())) }
        return text
    }

    /// A non-empty string at `field`, nil when absent, null or empty.
    static func optionalText(
        _ value: ScannedValue?,
        _ field: @autoclosure () -> String
    ) throws(CaptureRejection) -> String? {
        try optionalNonEmptyString(value, field())?.text
    }

    /// The string token at `field`, nil when absent, null or empty.
    static func optionalNonEmptyString(
        _ value: ScannedValue?,
        _ field: @autoclosure () -> String
    ) throws(CaptureRejection) -> JSONStringToken? {
        guard let string = try optionalString(value, field()), !string.content.isEmpty else { return nil }
        return string
    }

    /// The string token at `field` (possibly empty), nil when absent or null.
    static func optionalString(
        _ value: ScannedValue?,
        _ field: @autoclosure () -> String
    ) throws(CaptureRejection) -> JSONStringToken? {
        switch value {
        case .string(let string): return string
        case nil, .null: return nil
        case .object, .other: throw CaptureRejection(.wrongType(field: field(), expected: "a string"))
        }
    }
}
