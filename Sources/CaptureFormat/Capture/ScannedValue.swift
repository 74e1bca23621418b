/// What `CaptureLineScanner` keeps of a field it looks for: a string's unescaped bytes and where its token sits
/// in the line (so a BASE64 side can be spliced for Arthur), or only the kind of anything else.

/// What the capture scanner kept of one field.
enum ScannedValue: Equatable {
    /// A string, unescaped, with the range of its token (quotes included) in the line.
    case string(bytes: [UInt8], token: Range<Int>)
    /// An object (the scanner walked into it).
    case object
    /// `null`.
    case null
    /// Any other value (number, boolean, array).
    case other
}
