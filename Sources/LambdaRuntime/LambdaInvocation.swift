/// An invocation to handle.
///
/// One invocation as the Runtime API hands it out from `/next`: the payload and the headers that
/// describe it.
public struct LambdaInvocation: Sendable, Equatable {
    /// `Lambda-Runtime-Aws-Request-Id`: names the invocation in the answer.
    public var requestID: String
    /// `Lambda-Runtime-Deadline-Ms`: when Lambda stops the function, in milliseconds since 1970.
    public var deadlineEpochMilliseconds: Int64
    /// `Lambda-Runtime-Trace-Id`, the X-Ray trace header, when tracing is on.
    public var traceID: String?
    /// `Lambda-Runtime-Invoked-Function-Arn`.
    public var invokedFunctionARN: String?
    /// The event, as sent.
    public var payload: [UInt8]

    /// Makes an invocation.
    public init(
        requestID: String, deadlineEpochMilliseconds: Int64, traceID: String? = nil, invokedFunctionARN: String? = nil,
        payload: [UInt8]
    ) {
        self.requestID = requestID
        self.deadlineEpochMilliseconds = deadlineEpochMilliseconds
        self.traceID = traceID
        self.invokedFunctionARN = invokedFunctionARN
        self.payload = payload
    }
}
