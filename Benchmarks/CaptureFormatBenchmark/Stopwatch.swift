#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Times a pass several times and keeps the fastest.
///
/// Best-of-N timing for the benchmark passes, and the figures printed for each: MB/s (1 MB = 10^6 bytes, as
/// `tools/benchmark.py` counts) and lines per second. Both wall-clock and thread CPU time are kept: on a busy
/// machine the CPU time tells what the code costs, the wall clock what a user waits.
enum Stopwatch {
    /// The fastest wall-clock and CPU times of `runs` runs of `pass`, in seconds, and what the last run returned.
    static func best<Result>(of runs: Int, _ pass: () -> Result) -> (wall: Double, cpu: Double, result: Result) {
        var wall = Double.infinity
        var cpu = Double.infinity
        var result = pass()  // a warm-up run, untimed
        for _ in 0..<runs {
            let (wallStart, cpuStart) = (now(CLOCK_MONOTONIC), now(CLOCK_THREAD_CPUTIME_ID))
            result = pass()
            wall = min(wall, now(CLOCK_MONOTONIC) - wallStart)
            cpu = min(cpu, now(CLOCK_THREAD_CPUTIME_ID) - cpuStart)
        }
        return (wall, cpu, result)
    }

    /// One line of the report: "name  MB/s  (MB/s of CPU time)  lines/s  detail".
    static func report(_ name: String, bytes: Int, lines: Int, wall: Double, cpu: Double, detail: String) -> String {
        pad(name, 24) + pad(fixed(Double(bytes) / 1e6 / wall) + " MB/s", 12, right: true)
            + pad("(cpu " + fixed(Double(bytes) / 1e6 / cpu) + ")", 14, right: true)
            + pad(fixed(Double(lines) / 1e3 / wall) + "k lines/s", 16, right: true) + "   " + detail
    }

    private static func now(_ clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// `value` with no decimals.
    private static func fixed(_ value: Double) -> String {
        value.isFinite ? String(Int(value.rounded())) : "-"
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }
}
