import Foundation
import IngestTesting
import Testing

/// A real invocation writes one Embedded Metric Format line per object, with the counts of that object.
@Suite(.serialized) struct LambdaMetricsTests {
    @Test func eachObjectWritesOneMetricsLine() async throws {
        try await LambdaHarness.with { harness in
            let keys = [
                try await harness.putSample("csv-batch", as: "metrics-good.jsonl"),
                try await harness.putSample("bad-lines", as: "metrics-bad.jsonl"),
            ]
            try await harness.runtime.enqueue(Events.s3(keys: keys), requestID: "r-metrics")
            let lambda = try harness.start([
                "AWS_LAMBDA_FUNCTION_NAME": "capture-dev", "METRICS_NAMESPACE": "Test/CaptureToArthur",
            ])
            defer { lambda.stop() }
            let started = Date()
            let records = try await harness.runtime.waitForRecords(timeout: .seconds(60)) {
                !$0.responses.isEmpty || !$0.errors.isEmpty
            }
            #expect(records.errors.isEmpty, "\(records.errors.map(\.body))\n\(lambda.stdout)")
            let lines = try JSONLines.objects(lambda.stdout).filter { $0["_aws"] != nil }
            try #require(lines.count == 2, "\(lambda.stdout)")

            let names = [
                "Inferences", "Lines", "RejectedLines", "FailedLines", "DuplicateIds", "Bytes", "DurationMs",
                "CaptureLagSeconds",
            ]
            let units = ["Bytes": "Bytes", "DurationMs": "Milliseconds", "CaptureLagSeconds": "Seconds"]
            for (line, key) in zip(lines, keys) {
                let aws = try #require(line["_aws"] as? NSDictionary)
                let timestamp = try #require(aws["Timestamp"] as? Double) / 1000
                #expect(abs(timestamp - Date().timeIntervalSince1970) < 120)
                let directive = try #require((aws["CloudWatchMetrics"] as? [NSDictionary])?.first)
                #expect(directive["Namespace"] as? String == "Test/CaptureToArthur")
                #expect(directive["Dimensions"] as? [[String]] == [["FunctionName"], ["FunctionName", "ModelId"]])
                let declared = try #require(directive["Metrics"] as? [[String: String]])
                #expect(declared.map { $0["Name"] } == names)
                #expect(declared.map { $0["Unit"] } == names.map { units[$0] ?? "Count" })
                #expect(line["FunctionName"] as? String == "capture-dev")
                #expect(line["ModelId"] as? String == harness.arthur.modelID)
                #expect(line["Object"] as? String == "s3://\(LambdaHarness.captureBucket)/\(key)")
                #expect(line["FailedLines"] as? Int == 0)
                #expect(line["DuplicateIds"] as? Int == 0)
                #expect((line["DurationMs"] as? Double ?? 0) > 0)
            }
            let good = lines[0]
            let bad = lines[1]
            #expect(good["Lines"] as? Int == 3)
            #expect(good["RejectedLines"] as? Int == 0)
            #expect(good["Inferences"] as? Int == (try LambdaHarness.expectedIDs(["csv-batch"])).count)
            #expect(bad["Lines"] as? Int == 12)
            #expect(bad["RejectedLines"] as? Int == 9)
            #expect(bad["Inferences"] as? Int == (try LambdaHarness.expectedIDs(["bad-lines"])).count)
            for (line, sample) in zip(lines, ["csv-batch", "bad-lines"]) {
                let size = try FileManager.default.attributesOfItem(
                    atPath: TestPaths.file("samples/\(sample).jsonl").path)[.size]
                #expect(line["Bytes"] as? Int == size as? Int)
            }
            // The newest inferenceTime of csv-batch is 2024-01-19T19:27:32Z; of bad-lines' valid lines, 19:30:26Z.
            for (line, newest) in zip(lines, [1_705_692_452.0, 1_705_692_626.0]) {
                let lag = try #require(line["CaptureLagSeconds"] as? Double)
                #expect(lag >= started.timeIntervalSince1970 - newest - 1)
                #expect(lag <= Date().timeIntervalSince1970 - newest + 1)
            }
        }
    }
}
