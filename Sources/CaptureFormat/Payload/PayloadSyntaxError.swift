import WireFormat

/// Why a decoded payload could not be split into rows.
///
/// A CSV or a JSON error, described with its format so a
/// user knows which reader failed.
public enum PayloadSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The CSV reader failed.
    case csv(CSVSyntaxError)
    /// The JSON reader failed.
    case json(JSONSyntaxError)

    /// "CSV: …" or "JSON: …".
    public var description: String {
        switch self {
        case .csv(let error): "CSV: \(error)"
        case .json(let error): "JSON: \(error)"
        }
    }
}
