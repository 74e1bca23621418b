import NIOCore

/// An invocation that came in over the local invoke URL.
///
/// One request to the local invoke server: the payload and the trace header, and the way to answer it.
public struct LocalInvocation: Sendable {
    /// The request body: the event.
    public var payload: [UInt8]
    /// The `X-Amzn-Trace-Id` request header, if any.
    public var traceID: String?
    private let promise: EventLoopPromise<[UInt8]>

    init(payload: [UInt8], traceID: String?, promise: EventLoopPromise<[UInt8]>) {
        self.payload = payload
        self.traceID = traceID
        self.promise = promise
    }

    /// Answers the request with HTTP 200 and `body`, as the Runtime Interface Emulator does for both
    /// responses and function errors.
    public func answer(_ body: [UInt8]) {
        promise.succeed(body)
    }
}
