import WireFormat

/// An error as Lambda reports it.
///
/// The error body the Runtime API takes on `/invocation/{id}/error` and `/init/error`, and that the
/// Runtime Interface Emulator answers with when a handler fails: `{"errorMessage":…,"errorType":…}`.
/// The type is the Swift type of the error; the message is its description, so typed errors with words
/// reach the caller as they are.
public struct LambdaErrorReport: Sendable, Equatable {
    /// What went wrong, in words.
    public var errorMessage: String
    /// The error's type name, also sent as `Lambda-Runtime-Function-Error-Type`.
    public var errorType: String

    /// Makes a report from its parts.
    public init(errorMessage: String, errorType: String) {
        self.errorMessage = errorMessage
        self.errorType = errorType
    }

    /// Reports `error`: its type name and its description.
    public init(_ error: any Error) {
        self.init(errorMessage: String(describing: error), errorType: String(describing: type(of: error)))
    }

    /// `{"errorMessage":…,"errorType":…}`.
    public var json: [UInt8] {
        var buffer: [UInt8] = []
        JSONWriter.write(["errorMessage": .string(errorMessage), "errorType": .string(errorType)], into: &buffer)
        return buffer
    }
}
