/// How a side's `data` is encoded in a capture line.
///
/// The `encoding` a SageMaker capture gives each side's `data`: the text is CSV, JSON, or base64 of the raw body.
public enum PayloadEncoding: String, Sendable {
    /// `data` is CSV text.
    case csv = "CSV"
    /// `data` is JSON text.
    case json = "JSON"
    /// `data` is the base64 of the raw body; `observedContentType` tells what the body is.
    case base64 = "BASE64"
}
