// CloudWatch Embedded Metric Format (EMF): a JSON log line that CloudWatch Logs turns into metrics, so a Lambda
// publishes metrics without calling PutMetricData. The format:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html

import CoreMetrics
import Synchronization
import WireFormat

/// A swift-metrics backend that keeps what is recorded until ``flush(properties:timestampMilliseconds:)`` writes it
/// as Embedded Metric Format lines on standard output, one line per set of dimension values.
///
/// A line rolls its metrics up by each leading run of its dimensions: recorded with `FunctionName` and `ModelId`, it
/// declares the dimension sets `[["FunctionName"],["FunctionName","ModelId"]]`, so CloudWatch keeps a series per
/// function and one per function and model. Counters are summed, timers are written in milliseconds, recorders and
/// meters as their values (the last one for a gauge). A metric's unit is the one given for its label at
/// ``init(namespace:units:)``, else `Count` for counters, `Milliseconds` for timers and `None` for the rest.
public final class EmbeddedMetricFormat: MetricsFactory {
    /// The CloudWatch namespace the metrics are published in.
    public let namespace: String
    private let units: [String: String]
    private let output: LogLineWriter
    private let recorded = Mutex(Recorded())

    /// A backend publishing in `namespace`; `units` names CloudWatch units by metric label
    /// (`["Bytes": "Bytes", "CaptureLagSeconds": "Seconds"]`).
    public convenience init(namespace: String, units: [String: String] = [:]) {
        self.init(namespace: namespace, units: units, output: .standardOutput)
    }

    init(namespace: String, units: [String: String], output: LogLineWriter) {
        self.namespace = namespace
        self.units = units
        self.output = output
    }

    /// Writes what was recorded since the last flush, one line per set of dimension values, and forgets it.
    /// `properties` are written into each line as plain members (searchable in CloudWatch Logs Insights, not metrics).
    public func flush(properties: [(String, String)] = [], timestampMilliseconds: Int64) {
        for line in lines(properties: properties, timestampMilliseconds: timestampMilliseconds) {
            output.write(line)
        }
    }

    /// The lines ``flush(properties:timestampMilliseconds:)`` writes; what was recorded is forgotten.
    func lines(properties: [(String, String)], timestampMilliseconds: Int64) -> [[UInt8]] {
        let series = recorded.withLock { recorded in
            defer { recorded = Recorded() }
            return recorded.series
        }
        return series.map { line(for: $0, properties: properties, timestampMilliseconds: timestampMilliseconds) }
    }

    private func line(for series: Series, properties: [(String, String)], timestampMilliseconds: Int64) -> [UInt8] {
        let names = series.dimensions.map(\.0)
        let dimensionSets: [JSONValue] =
            names.isEmpty ? [.array([])] : (1...names.count).map { .array(names.prefix($0).map { .string($0) }) }
        let directive: JSONValue = .object([
            JSONMember("Namespace", .string(namespace)),
            JSONMember("Dimensions", .array(dimensionSets)),
            JSONMember(
                "Metrics",
                .array(
                    series.metrics.map { metric in
                        .object([JSONMember("Name", .string(metric.label)), JSONMember("Unit", .string(metric.unit))])
                    })),
        ])
        var members = [
            JSONMember(
                "_aws",
                .object([
                    JSONMember("Timestamp", .number(String(timestampMilliseconds))),
                    JSONMember("CloudWatchMetrics", .array([directive])),
                ]))
        ]
        members += series.dimensions.map { JSONMember($0.0, .string($0.1)) }
        members += properties.map { JSONMember($0.0, .string($0.1)) }
        members += series.metrics.map { JSONMember($0.label, $0.value) }
        var line: [UInt8] = []
        JSONWriter.write(.object(members), into: &line)
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// Adds one recorded value to its series.
    fileprivate func record(_ value: Recorded.Value, label: String, dimensions: [(String, String)], unit: String) {
        recorded.withLock { $0.add(value, label: label, dimensions: dimensions, unit: unit) }
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        Handler(factory: self, label: label, dimensions: dimensions, unit: units[label] ?? "Count", isGauge: false)
    }

    public func makeFloatingPointCounter(
        label: String, dimensions: [(String, String)]
    ) -> any FloatingPointCounterHandler {
        Handler(factory: self, label: label, dimensions: dimensions, unit: units[label] ?? "Count", isGauge: false)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        Handler(factory: self, label: label, dimensions: dimensions, unit: units[label] ?? "None", isGauge: true)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        Handler(factory: self, label: label, dimensions: dimensions, unit: units[label] ?? "None", isGauge: !aggregate)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        Handler(
            factory: self, label: label, dimensions: dimensions, unit: units[label] ?? "Milliseconds", isGauge: false)
    }

    public func destroyCounter(_ handler: any CounterHandler) {}
    public func destroyMeter(_ handler: any MeterHandler) {}
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    public func destroyRecorder(_ handler: any RecorderHandler) {}
    public func destroyTimer(_ handler: any TimerHandler) {}
}

/// What was recorded since the last flush: series in the order first seen, metrics in the order first recorded.
private struct Recorded {
    /// One recorded value: summed (counters, a meter's steps), the last kept (gauges, a meter set), or each kept
    /// (recorders, timers).
    enum Value {
        case sum(Double)
        case last(Double)
        case each(Double)
    }

    var series: [Series] = []

    mutating func add(_ value: Value, label: String, dimensions: [(String, String)], unit: String) {
        guard let number = value.number, number.isFinite else { return }
        if let index = series.firstIndex(where: { $0.dimensions.elementsEqual(dimensions, by: ==) }) {
            series[index].add(value, number: number, label: label, unit: unit)
        } else {
            var new = Series(dimensions: dimensions)
            new.add(value, number: number, label: label, unit: unit)
            series.append(new)
        }
    }
}

extension Recorded.Value {
    fileprivate var number: Double? {
        switch self {
        case .sum(let number), .last(let number), .each(let number): number
        }
    }
}

/// The metrics of one set of dimension values.
private struct Series {
    struct Metric {
        var label: String
        var unit: String
        var values: [Double]

        /// One number, or an array when several were kept (EMF takes either).
        var value: JSONValue {
            values.count == 1 ? Self.number(values[0]) : .array(values.map(Self.number))
        }

        private static func number(_ value: Double) -> JSONValue {
            if let whole = Int64(exactly: value) { return .number(String(whole)) }
            return .number("\(value)")
        }
    }

    var dimensions: [(String, String)]
    var metrics: [Metric] = []

    mutating func add(_ value: Recorded.Value, number: Double, label: String, unit: String) {
        guard let index = metrics.firstIndex(where: { $0.label == label }) else {
            metrics.append(Metric(label: label, unit: unit, values: [number]))
            return
        }
        switch value {
        case .sum: metrics[index].values[0] += number
        case .last: metrics[index].values = [number]
        case .each: metrics[index].values.append(number)
        }
    }
}

/// Every kind of swift-metrics handler, handing each value to the factory.
private final class Handler: CounterHandler, FloatingPointCounterHandler, MeterHandler, RecorderHandler, TimerHandler {
    let factory: EmbeddedMetricFormat
    let label: String
    let dimensions: [(String, String)]
    let unit: String
    /// A gauge keeps its last value; other recorders keep each.
    let isGauge: Bool

    init(factory: EmbeddedMetricFormat, label: String, dimensions: [(String, String)], unit: String, isGauge: Bool) {
        self.factory = factory
        self.label = label
        self.dimensions = dimensions
        self.unit = unit
        self.isGauge = isGauge
    }

    private func keep(_ value: Recorded.Value) {
        factory.record(value, label: label, dimensions: dimensions, unit: unit)
    }

    func increment(by amount: Int64) { keep(.sum(Double(amount))) }
    func increment(by amount: Double) { keep(.sum(amount)) }
    func decrement(by amount: Double) { keep(.sum(-amount)) }
    func set(_ value: Int64) { keep(.last(Double(value))) }
    func set(_ value: Double) { keep(.last(value)) }
    func record(_ value: Int64) { keep(isGauge ? .last(Double(value)) : .each(Double(value))) }
    func record(_ value: Double) { keep(isGauge ? .last(value) : .each(value)) }
    func recordNanoseconds(_ duration: Int64) { keep(.each(Double(duration) / 1_000_000)) }
    func reset() {}
}
