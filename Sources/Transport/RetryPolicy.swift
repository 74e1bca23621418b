/// How often and how patiently a remote call is retried.
///
/// The project's one retry policy: exponential backoff with full jitter, shared by every remote call.
///
/// Attempt *n* (counting from 1) waits a random time in `0 ..< min(maxDelay, baseDelay × 2^(n-1))`
/// before the next try. A server's `Retry-After` wins over the computed delay, capped at
/// ``maxRetryAfter`` so a hostile or confused server cannot park a run for hours.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts, the first one included; `1` means no retry.
    public var maxAttempts: Int
    /// The backoff ceiling of the first retry; doubled for each later one.
    public var baseDelay: Duration
    /// The largest computed backoff.
    public var maxDelay: Duration
    /// The longest `Retry-After` honoured.
    public var maxRetryAfter: Duration

    /// The defaults: 5 attempts, 0.5 s doubling up to 20 s, `Retry-After` up to 2 minutes.
    public static let standard = RetryPolicy(
        maxAttempts: 5, baseDelay: .milliseconds(500), maxDelay: .seconds(20), maxRetryAfter: .seconds(120))

    public init(maxAttempts: Int, baseDelay: Duration, maxDelay: Duration, maxRetryAfter: Duration) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// The wait before retry number `retry` (1 for the first retry), or the server's `retryAfter`.
    public func delay(
        beforeRetry retry: Int, retryAfter: Duration? = nil,
        random: (Double) -> Double = { Double.random(in: 0..<$0) }
    ) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maxRetryAfter) }
        let ceiling = min(maxDelay, baseDelay * Double(1 << min(max(retry - 1, 0), 30)))
        let seconds = Double(ceiling.components.seconds) + Double(ceiling.components.attoseconds) / 1e18
        guard seconds > 0 else { return .zero }
        return .milliseconds(Int64(random(seconds) * 1000))
    }
}
