import Testing

@testable import Transport

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(
        maxAttempts: 5, baseDelay: .milliseconds(500), maxDelay: .seconds(4), maxRetryAfter: .seconds(30))

    @Test(arguments: [(1, 500), (2, 1000), (3, 2000), (4, 4000), (5, 4000), (40, 4000)])
    func backoffCeilingDoublesUpToTheMaximum(retry: Int, ceilingMilliseconds: Int64) {
        // A "random" that returns its upper bound shows the ceiling; one that returns 0 the floor.
        #expect(policy.delay(beforeRetry: retry, random: { $0 }) == .milliseconds(ceilingMilliseconds))
        #expect(policy.delay(beforeRetry: retry, random: { _ in 0 }) == .zero)
    }

    @Test func jitterStaysWithinTheCeiling() {
        for _ in 0..<200 {
            let delay = policy.delay(beforeRetry: 3)
            #expect(delay >= .zero && delay < .seconds(2))
        }
    }

    @Test func retryAfterWinsButIsCapped() {
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(7)) == .seconds(7))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(3600)) == .seconds(30))
    }

    @Test func atLeastOneAttempt() {
        #expect(RetryPolicy(maxAttempts: 0, baseDelay: .zero, maxDelay: .zero, maxRetryAfter: .zero).maxAttempts == 1)
    }
}
