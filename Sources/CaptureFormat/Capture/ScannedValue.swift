@_spi(Scanning) import WireFormat

/// What the capture scanner kept of one field.
///
/// What `CaptureLineScanner` keeps of a field it looks for: a string token (where it lies in the line, its text
/// unescaped only when asked for), or only the kind of anything else.
enum ScannedValue {
    /// A string, as it lies in the line.
    case string(JSONStringToken)
    /// An object (the scanner walked into it).
    case object
    /// `null`.
    case null
    /// Any other value (number, boolean, array).
    case other

    /// True for an object.
    var isObject: Bool {
        if case .object = self { return true }
        return false
    }
}
