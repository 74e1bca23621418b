/// A Lambda function.
///
/// What a function is to this runtime: bytes in, bytes out. The handler gets the invocation payload as
/// Lambda delivered it and a ``LambdaContext``; what it returns is the invocation's response, and what it
/// throws is reported to Lambda as the invocation's error (so Lambda retries asynchronous events).
public protocol LambdaHandler: Sendable {
    /// Handles one invocation and returns the response body.
    func handle(_ payload: [UInt8], context: LambdaContext) async throws -> [UInt8]
}

/// A ``LambdaHandler`` made of a closure.
public struct ClosureHandler: LambdaHandler {
    private let body: @Sendable ([UInt8], LambdaContext) async throws -> [UInt8]

    /// Wraps `body`.
    public init(_ body: @escaping @Sendable ([UInt8], LambdaContext) async throws -> [UInt8]) {
        self.body = body
    }

    public func handle(_ payload: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        try await body(payload, context)
    }
}
