import Testing

@testable import ArthurUpload

@Suite struct ArthurIngestReportTests {
    @Test func readsA207Body() throws {
        let body = #"""
            {"counts":{"success":3,"failure":1,"total":4},
             "failures":[{"message":"bad row","status":400,"event_id":"e-1","inference_index_in_event":2}]}
            """#
        let report = try #require(ArthurIngestReport(json: Array(body.utf8)))
        #expect(report.success == 3 && report.failure == 1 && report.total == 4)
        #expect(
            report.failures == [
                ArthurInferenceFailure(message: "bad row", status: 400, eventID: "e-1", indexInEvent: 2)
            ])
    }

    @Test func totalDefaultsToTheSum() throws {
        let report = try #require(ArthurIngestReport(json: Array(#"{"counts":{"success":2,"failure":0}}"#.utf8)))
        #expect(report.total == 2 && report.failures.isEmpty)
    }

    @Test(arguments: ["", "[]", #"{"detail":"x"}"#, #"{"counts":{"success":"2"}}"#, "not json"])
    func otherBodiesAreNotReports(body: String) {
        #expect(ArthurIngestReport(json: Array(body.utf8)) == nil)
    }

    @Test func messageComesFromDetailOrText() {
        #expect(ArthurUploader.message(in: Array(#"{"detail":"Invalid token"}"#.utf8)) == "Invalid token")
        #expect(ArthurUploader.message(in: Array(#"{"message":"nope"}"#.utf8)) == "nope")
        #expect(ArthurUploader.message(in: Array("<html>\nBad Gateway</html>".utf8)) == "<html> Bad Gateway</html>")
        #expect(ArthurUploader.message(in: []) == "no message")
    }
}
