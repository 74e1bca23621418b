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

    /// SPEC: counts and statuses may be written as floats.
    @Test func floatsAreRead() throws {
        let body = #"""
            {"counts":{"success":3.0,"failure":1.0,"total":4e0},
             "failures":[{"message":"m","status":500.0,"event_id":"e","inference_index_in_event":0.0}]}
            """#
        let report = try #require(ArthurIngestReport(json: Array(body.utf8)))
        #expect(report.success == 3 && report.failure == 1 && report.total == 4)
        #expect(report.failures == [ArthurInferenceFailure(message: "m", status: 500, eventID: "e", indexInEvent: 0)])
        #expect(report.failures[0].isArthursTrouble)
        #expect(report.problems.isEmpty)
    }

    /// SPEC: a missing or null field is reported, never a crash.
    @Test(arguments: [
        (#"{"counts":{"success":2,"failure":0}}"#, ["counts.total missing", "failures missing"]),
        (
            #"{"counts":{"success":"2","failure":null,"total":2},"failures":[]}"#,
            ["counts.success is not a count", "counts.failure null"]
        ),
        (
            #"{"failures":[{"message":"m"},7]}"#,
            [
                "counts missing", "failures[0].status missing", "failures[0].event_id missing",
                "failures[0].inference_index_in_event missing", "failures[1] is not an object",
            ]
        ),
        (#"{"counts":{"success":2.5,"failure":0,"total":2},"failures":[]}"#, ["counts.success is not a count"]),
    ])
    func missingFieldsAreReported(body: String, problems: [String]) throws {
        let report = try #require(ArthurIngestReport(json: Array(body.utf8)))
        #expect(report.problems == problems)
    }

    @Test(arguments: ["", "[]", #"{"detail":"x"}"#, "not json", "<html></html>"])
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
