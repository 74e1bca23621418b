/// An error that says whether the same call may succeed later.
///
/// The one notion of "worth a retry" shared by every error of ours that crosses a module edge (``TransportError``,
/// S3's and Secrets Manager's errors, Arthur's, a source's), so the front doors decide the same way whatever failed:
/// a Lambda invocation fails (to be retried) only for a retryable error, and the retry policy retries only those.
public protocol RetryAdvice: Error {
    /// True when the same call may succeed later (an outage, throttling, a cut connection); false when something must
    /// be changed first (a name, the credentials, a policy, the input).
    var isRetryable: Bool { get }
}
