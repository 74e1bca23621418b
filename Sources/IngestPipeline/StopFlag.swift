import Dispatch
import Platform
import Synchronization

/// Why the run should stop, once something says so. Checking it is one atomic load, cheap enough
/// for every line.
///
/// A flag a signal handler or a deadline sets to tell running ingestions to stop reading, finish the
/// uploads in flight, and save their progress (SIGINT for the CLI, SIGTERM for both front doors).
public final class StopFlag: @unchecked Sendable {
    private let state = Mutex<(reason: String?, signals: Int)>((nil, 0))
    private let stopped = Atomic<Bool>(false)
    /// Kept alive for the life of the flag; set up once, from one task, before any signal can come.
    private var sources: [any DispatchSourceSignal] = []

    public init() {}

    /// The reason to stop, or nil to go on.
    public var reason: String? { state.withLock { $0.reason } }

    /// True once ``stop(_:)`` was called or a signal came.
    public var isStopped: Bool { stopped.load(ordering: .relaxed) }

    /// Asks running ingestions to stop for `reason` (the first reason given wins).
    public func stop(_ reason: String) {
        state.withLock { $0.reason = $0.reason ?? reason }
        stopped.store(true, ordering: .relaxed)
    }

    /// Stops on each of `signals`; `onSignal` runs with how many signals came so far (a second Ctrl-C
    /// may want to quit at once).
    public func stop(on signals: [Int32], onSignal: @escaping @Sendable (_ count: Int) -> Void = { _ in }) {
        for number in signals {
            Platform.ignore(signal: number)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                let count = state.withLock { state -> Int in
                    state.reason = state.reason ?? (number == Platform.interruptSignal ? "interrupted" : "SIGTERM")
                    state.signals += 1
                    return state.signals
                }
                stopped.store(true, ordering: .relaxed)
                onSignal(count)
            }
            source.resume()
            sources.append(source)
        }
    }
}
