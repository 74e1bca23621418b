import IngestPipeline
import Platform
import UnixSignals

extension IngestRun {
    /// Runs `operation` while a child task watches SIGINT and SIGTERM: the first one sets `stop` (the run stops
    /// reading, finishes the uploads in flight and saves its progress), a second one quits at once (exit 130).
    /// The watch ends with the operation.
    func watchingSignals<Result>(
        stop: StopFlag, reporter: TerminalReporter, _ operation: () async -> Result
    ) async -> Result {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        return await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var count = 0
                for await signal in signals {
                    count += 1
                    if count > 1 { Platform.exit(130) }
                    stop.stop(signal == .sigint ? "interrupted" : "SIGTERM")
                    reporter.printLine("ingest: interrupted: finishing the uploads in flight (again to quit at once)")
                }
            }
            let result = await operation()
            group.cancelAll()
            return result
        }
    }
}
