import Metrics

extension SourceReport {
    /// The metrics of one source, recorded through swift-metrics with `dimensions`: the counters `Inferences` (accepted
    /// by Arthur), `Lines`, `RejectedLines`, `FailedLines`, `DuplicateIds` and `Bytes`, the timer `DurationMs`, and the
    /// gauge `CaptureLagSeconds` from the newest `inferenceTime` to `now` (when a line had one).
    ///
    /// Counts are recorded even when zero, so an alarm sees data for every source. Whichever swift-metrics backend is
    /// bootstrapped receives them: CloudWatch Embedded Metric Format in the Lambda, or any other a program chooses.
    public func recordMetrics(dimensions: [(String, String)], duration: Duration, now secondsSince1970: Int64) {
        let counts: [(String, Int)] = [
            ("Inferences", ledger.uploadedInferences), ("Lines", ledger.lines), ("RejectedLines", ledger.rejectedLines),
            ("FailedLines", ledger.failedLines), ("DuplicateIds", ledger.duplicateIDs), ("Bytes", ledger.bytes),
        ]
        for (label, count) in counts {
            Counter(label: label, dimensions: dimensions).increment(by: count)
        }
        let (seconds, attoseconds) = duration.components
        Metrics.Timer(label: "DurationMs", dimensions: dimensions)
            .recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        if let newest = ledger.newestInferenceTime {
            Gauge(label: "CaptureLagSeconds", dimensions: dimensions).record(max(0, secondsSince1970 - newest))
        }
    }
}
