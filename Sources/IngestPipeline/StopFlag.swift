import Synchronization

/// Why the run should stop, once something says so. Checking it is one atomic load, cheap enough
/// for every line.
///
/// A flag that a signal, a graceful shutdown or a deadline sets to tell running ingestions to stop reading,
/// finish the uploads in flight, and save their progress. The front doors set it: the command line on SIGINT
/// and SIGTERM, the Lambda on its service group's graceful shutdown (SIGTERM) and near the invocation's
/// deadline (``stopping(at:reason:_:)``).
public final class StopFlag: Sendable {
    private let firstReason = Mutex<String?>(nil)
    private let stopped = Atomic<Bool>(false)

    public init() {}

    /// The reason to stop, or nil to go on.
    public var reason: String? { firstReason.withLock { $0 } }

    /// True once ``stop(_:)`` was called.
    public var isStopped: Bool { stopped.load(ordering: .relaxed) }

    /// Asks running ingestions to stop for `reason` (the first reason given wins).
    public func stop(_ reason: String) {
        firstReason.withLock { $0 = $0 ?? reason }
        stopped.store(true, ordering: .relaxed)
    }

    /// Runs `operation` with a child task that stops the flag for `reason` at `deadline`, unless the operation
    /// ends first (the child is then cancelled).
    public func stopping<Result>(
        at deadline: ContinuousClock.Instant, reason: String, _ operation: () async -> Result
    ) async -> Result {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                guard (try? await Task.sleep(until: deadline, clock: .continuous)) != nil else { return }
                self.stop(reason)
            }
            let result = await operation()
            group.cancelAll()
            return result
        }
    }
}
