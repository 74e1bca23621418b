import IngestPipeline
import Testing

/// The flag that stops running ingestions, and its deadline child task.
struct StopFlagTests {
    @Test func theFirstReasonWins() {
        let flag = StopFlag()
        #expect(!flag.isStopped && flag.reason == nil)
        flag.stop("SIGTERM")
        flag.stop("the invocation's deadline is near")
        #expect(flag.isStopped)
        #expect(flag.reason == "SIGTERM")
    }

    @Test func aDeadlineReachedStopsTheOperation() async {
        let flag = StopFlag()
        let started = ContinuousClock.now
        let waited = await flag.stopping(at: started + .milliseconds(50), reason: "deadline") {
            while !flag.isStopped { try? await Task.sleep(for: .milliseconds(5)) }
            return ContinuousClock.now - started
        }
        #expect(flag.reason == "deadline")
        #expect(waited >= .milliseconds(50))
    }

    @Test func anOperationThatEndsFirstIsNotStoppedAndDoesNotWait() async {
        let flag = StopFlag()
        let started = ContinuousClock.now
        let value = await flag.stopping(at: started + .seconds(600), reason: "deadline") { 7 }
        #expect(value == 7)
        #expect(ContinuousClock.now - started < .seconds(300), "the deadline task is cancelled, not awaited")
        #expect(!flag.isStopped)
    }
}
