import Foundation
import IngestTesting
import Logging
import Testing

@testable import LambdaRuntime

/// Log lines are single JSON objects with Lambda's level names and the request id at the top level.
struct JSONLogHandlerTests {
    /// The lines `body` logs through a handler writing into a pipe.
    func lines(level: Logger.Level = .info, _ body: (inout Logger) -> Void) throws -> [NSDictionary] {
        let pipe = Pipe()
        let writer = LogLineWriter(descriptor: pipe.fileHandleForWriting.fileDescriptor)
        var logger = Logger(label: "test") { label in
            JSONLogHandler(label: label, level: level, metadataProvider: nil, output: writer)
        }
        body(&logger)
        try pipe.fileHandleForWriting.close()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return try JSONLines.objects(text)
    }

    @Test func writesOneJSONObjectPerLine() throws {
        let logged = try lines { logger in
            logger[metadataKey: "aws-request-id"] = "8476a536-e9f4-11e8-9739-2dfe598c3fcd"
            logger.info("uploaded \"3\" inferences\nin one chunk", metadata: ["bucket": "b", "sizes": ["1", "2"]])
            logger.warning("slow", metadata: ["detail": ["a": "1"]])
            logger.debug("not shown at info")
        }
        #expect(logged.count == 2)
        let first = try #require(logged.first)
        #expect(first["level"] as? String == "INFO")
        #expect(first["message"] as? String == "uploaded \"3\" inferences\nin one chunk")
        #expect(first["requestId"] as? String == "8476a536-e9f4-11e8-9739-2dfe598c3fcd")
        #expect(first["logger"] as? String == "test")
        let metadata = try #require(first["metadata"] as? [String: Any])
        #expect(metadata["bucket"] as? String == "b")
        #expect(metadata["sizes"] as? [String] == ["1", "2"])
        #expect(metadata["aws-request-id"] == nil, "the request id is not repeated in the metadata")
        let timestamp = try #require(first["timestamp"] as? String)
        #expect(timestamp.count == 24 && timestamp.hasSuffix("Z") && timestamp.contains("T"), "\(timestamp)")
        #expect(logged[1]["level"] as? String == "WARN")
        #expect((logged[1]["metadata"] as? [String: Any])?["detail"] as? [String: String] == ["a": "1"])
    }

    @Test(arguments: [
        (Logger.Level.trace, "TRACE"), (.debug, "DEBUG"), (.info, "INFO"), (.notice, "INFO"), (.warning, "WARN"),
        (.error, "ERROR"), (.critical, "FATAL"),
    ])
    func usesLambdaLevelNames(level: Logger.Level, name: String) {
        #expect(JSONLogHandler.lambdaLevelName(level) == name)
        #expect(JSONLogHandler.level(lambdaName: name).map(JSONLogHandler.lambdaLevelName) == name)
    }

    @Test func formatsTimestampsInUTCWithMilliseconds() {
        #expect(LogTimestamp.format(seconds: 1_705_692_477, milliseconds: 7) == "2024-01-19T19:27:57.007Z")
        #expect(LogTimestamp.format(seconds: 0, milliseconds: 0) == "1970-01-01T00:00:00.000Z")
    }
}
