// A property test of the line Arthur is sent, over generated captures of every shape (`gen_capture.py`, with
// BASE64 sides and batches): read back by our rules it gives exactly the captured line's inferences, it needs no
// further rewrite, and it holds to Arthur's published contract (CSV or the one JSON layout, a zoned time).

import CaptureFormat
import Foundation
import Testing
import WireFormat

struct ArthurLineRoundTripTests {
    private static let generator = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/tools/gen_capture.py")

    /// The lines `gen_capture.py` writes for `shape`.
    static func generated(_ shape: String, seed: Int) throws -> [[UInt8]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", generator.path, "--shape", shape, "--lines", "400", "--max-batch", "6", "--base64", "0.3",
            "--seed", String(seed),
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "gen_capture.py failed")
        return [UInt8](data).split(separator: UInt8(ascii: "\n")).map(Array.init)
    }

    @Test(arguments: ["csv", "json1", "json2", "jsonl", "tfs", "xgb"])
    func theLineSentReadsBackToTheSameInferences(shape: String) throws {
        var rewritten = 0
        for (index, line) in try Self.generated(shape, seed: 11).enumerated() {
            let captured = try CaptureLineParser.parse(line, lineNumber: index + 1)
            #expect(try CaptureLineParser.validate(line) == captured.summary)
            let sent = captured.sentToArthur ?? line
            if captured.sentToArthur != nil { rewritten += 1 }
            let reread = try CaptureLineParser.parse(sent, lineNumber: index + 1)
            #expect(reread.inferences == captured.inferences, "line \(index + 1)")
            #expect(reread.sentToArthur == nil, "line \(index + 1) would be rewritten again")
            try Self.expectArthursContract(sent, inferences: captured.inferences.count)
        }
        // The CSV shape is sent as captured (but for its BASE64 sides); the others all need rewriting somewhere.
        #expect(rewritten > 0)
    }

    /// Holds a sent line to Arthur's published contract for `sagemaker_data_capture`.
    static func expectArthursContract(_ line: [UInt8], inferences: Int) throws {
        let value = try JSONReader.parse(line)
        let time = try #require(value["eventMetadata"]?["inferenceTime"]?.stringValue)
        #expect(time.count >= 20 && time.dropFirst(10).first == "T", "time \(time)")
        #expect(
            time.hasSuffix("Z")
                || time.dropLast(6).count + 6 == time.count && ["+", "-"].contains(time.suffix(6).first))
        for (side, key) in [("endpointInput", "instances"), ("endpointOutput", "predictions")] {
            let captured = try #require(value["captureData"]?[side])
            let encoding = captured["encoding"]?.stringValue
            let data = try #require(captured["data"]?.stringValue)
            switch encoding {
            case "CSV":
                #expect(try CSVReader.rows(data).count == inferences)
            case "JSON":
                let document = try JSONReader.parse(data)
                let members = try #require(document.objectValue, "\(side): \(data)")
                #expect(members.map(\.key) == [key], "\(side): \(data)")
                let rows = try #require(members.first?.value.arrayValue)
                #expect(rows.count == inferences)
                for row in rows {
                    if key == "instances", let wrapper = row.objectValue, wrapper.map(\.key) == ["features"] {
                        #expect(wrapper[0].value.arrayValue != nil)
                    } else if key == "predictions", row.arrayValue != nil {
                        continue
                    } else {
                        let named = try #require(row.objectValue, "\(side): \(data)")
                        #expect(
                            !named.contains {
                                ["instances", "predictions", "features", "probabilities"].contains($0.key)
                            })
                    }
                }
            default:
                Issue.record("\(side) sent with encoding \(encoding ?? "none")")
            }
        }
    }
}
