import Logging

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The context of one invocation.
///
/// What a handler knows about the invocation it is handling: its request id, its deadline and the time
/// left, the X-Ray trace id, the function ARN, and a logger whose lines carry the request id.
public struct LambdaContext: Sendable {
    /// The invocation's request id.
    public var requestID: String
    /// When Lambda stops the function, in milliseconds since 1970.
    public var deadlineEpochMilliseconds: Int64
    /// The same deadline on the continuous clock, for `Task.sleep(until:)` and timeouts.
    public var deadline: ContinuousClock.Instant
    /// The X-Ray trace header, also set in the environment as `_X_AMZN_TRACE_ID` during the invocation.
    public var traceID: String?
    /// The ARN the function was invoked with.
    public var invokedFunctionARN: String?
    /// A logger whose lines carry `aws-request-id` (the JSON log handler prints it as `requestId`).
    public var logger: Logger

    /// Makes the context of `invocation`, with `logger` tagged by its request id.
    public init(invocation: LambdaInvocation, logger: Logger) {
        requestID = invocation.requestID
        deadlineEpochMilliseconds = invocation.deadlineEpochMilliseconds
        let left = invocation.deadlineEpochMilliseconds - Self.nowEpochMilliseconds()
        deadline = ContinuousClock.now.advanced(by: .milliseconds(left))
        traceID = invocation.traceID
        invokedFunctionARN = invocation.invokedFunctionARN
        var logger = logger
        logger[metadataKey: "aws-request-id"] = .string(invocation.requestID)
        self.logger = logger
    }

    /// The time left before the deadline (negative once it has passed).
    public var remainingTime: Duration { ContinuousClock.now.duration(to: deadline) }

    /// The wall clock in milliseconds since 1970.
    public static func nowEpochMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}
