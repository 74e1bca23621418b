import CoreMetrics
import Foundation
import IngestTesting
import Testing

@testable import LambdaRuntime

/// The Embedded Metric Format backend: what swift-metrics handlers record becomes one line per set of dimension
/// values, in the structure CloudWatch's specification gives, and a flush forgets it.
struct EmbeddedMetricFormatTests {
    let dimensions = [("FunctionName", "capture-dev"), ("ModelId", "m-1")]

    func lines(_ metrics: EmbeddedMetricFormat, properties: [(String, String)] = []) throws -> [NSDictionary] {
        let text = metrics.lines(properties: properties, timestampMilliseconds: 1_705_692_452_123)
            .map { String(decoding: $0, as: UTF8.self) }
        #expect(text.allSatisfy { $0.hasSuffix("\n") && $0.dropLast().allSatisfy { $0 != "\n" } })
        return try JSONLines.objects(text.joined())
    }

    @Test func oneLineHoldsEveryKindOfMetric() throws {
        let metrics = EmbeddedMetricFormat(
            namespace: "Test/Capture", units: ["Bytes": "Bytes", "CaptureLagSeconds": "Seconds"],
            output: .standardOutput)
        let lines = metrics.makeCounter(label: "Lines", dimensions: dimensions)
        lines.increment(by: 3)
        lines.increment(by: 4)
        metrics.makeCounter(label: "RejectedLines", dimensions: dimensions).increment(by: 0)
        metrics.makeCounter(label: "Bytes", dimensions: dimensions).increment(by: 2048)
        metrics.makeTimer(label: "DurationMs", dimensions: dimensions).recordNanoseconds(12_500_000)
        let lag = metrics.makeRecorder(label: "CaptureLagSeconds", dimensions: dimensions, aggregate: false)
        lag.record(Int64(90))
        lag.record(Int64(60))
        let sizes = metrics.makeRecorder(label: "Sizes", dimensions: dimensions, aggregate: true)
        sizes.record(1.5)
        sizes.record(Double.nan)
        sizes.record(Int64(2))

        let written = try self.lines(metrics, properties: [("Object", "s3://b/k.jsonl")])
        #expect(written.count == 1)
        let line = try #require(written.first)
        let aws = try #require(line["_aws"] as? NSDictionary)
        #expect(aws["Timestamp"] as? Int == 1_705_692_452_123)
        let directives = try #require(aws["CloudWatchMetrics"] as? [NSDictionary])
        #expect(directives.count == 1)
        #expect(directives[0]["Namespace"] as? String == "Test/Capture")
        #expect(directives[0]["Dimensions"] as? [[String]] == [["FunctionName"], ["FunctionName", "ModelId"]])
        let declared = try #require(directives[0]["Metrics"] as? [[String: String]])
        #expect(
            declared == [
                ["Name": "Lines", "Unit": "Count"], ["Name": "RejectedLines", "Unit": "Count"],
                ["Name": "Bytes", "Unit": "Bytes"], ["Name": "DurationMs", "Unit": "Milliseconds"],
                ["Name": "CaptureLagSeconds", "Unit": "Seconds"], ["Name": "Sizes", "Unit": "None"],
            ])
        #expect(line["FunctionName"] as? String == "capture-dev")
        #expect(line["ModelId"] as? String == "m-1")
        #expect(line["Object"] as? String == "s3://b/k.jsonl")
        #expect(line["Lines"] as? Int == 7)
        #expect(line["RejectedLines"] as? Int == 0)
        #expect(line["Bytes"] as? Int == 2048)
        #expect(line["DurationMs"] as? Double == 12.5)
        #expect(line["CaptureLagSeconds"] as? Int == 60)
        #expect(line["Sizes"] as? [Double] == [1.5, 2])
        #expect(try self.lines(metrics).isEmpty)
    }

    @Test func eachSetOfDimensionValuesHasItsOwnLine() throws {
        let metrics = EmbeddedMetricFormat(namespace: "N", units: [:], output: .standardOutput)
        metrics.makeCounter(label: "Lines", dimensions: dimensions).increment(by: 1)
        metrics.makeCounter(label: "Lines", dimensions: [("FunctionName", "capture-dev"), ("ModelId", "m-2")])
            .increment(by: 2)
        metrics.makeCounter(label: "Lines", dimensions: []).increment(by: 5)
        let written = try lines(metrics)
        #expect(written.map { $0["ModelId"] as? String } == ["m-1", "m-2", nil])
        #expect(written.map { $0["Lines"] as? Int } == [1, 2, 5])
        let undimensioned = try #require((written[2]["_aws"] as? NSDictionary)?["CloudWatchMetrics"] as? [NSDictionary])
        #expect(undimensioned[0]["Dimensions"] as? [[String]] == [[]])
    }
}
