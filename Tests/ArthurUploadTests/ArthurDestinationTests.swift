import Testing

@testable import ArthurUpload

@Suite struct ArthurDestinationTests {
    @Test func tokenNeverPrints() throws {
        let token = try #require(ArthurToken("s3cr3t-token"))
        #expect("\(token)" == "<redacted>")
        #expect(String(reflecting: token) == "<redacted>")
        var dumped = ""
        dump(token, to: &dumped)
        #expect(!dumped.contains("s3cr3t"))
        #expect(ArthurToken("") == nil)
        #expect(ArthurToken("two words") == nil)
    }

    @Test func ingestURL() throws {
        let destination = try ArthurDestination(
            host: "https://app.arthur.ai/", modelID: "0b1c-22_x", token: #require(ArthurToken("t")))
        #expect(
            destination.ingestURL
                == "https://app.arthur.ai/api/v3/models/0b1c-22_x/inferences/integrations/sagemaker_data_capture")
    }

    @Test(arguments: ["", "a/b", "x?y", "m d"])
    func badModelIDs(modelID: String) throws {
        let token = try #require(ArthurToken("t"))
        #expect(throws: ArthurConfigurationError.self) {
            try ArthurDestination(host: "https://app.arthur.ai", modelID: modelID, token: token)
        }
    }

    @Test func errorsGiveHints() {
        #expect(
            ArthurUploadError(kind: .unauthorized, status: 401, message: "Invalid").description.contains(
                "ARTHUR_ACCESS_TOKEN"))
        #expect(
            ArthurUploadError(kind: .modelNotFound, status: 404, message: "x").description.contains("ARTHUR_MODEL_ID"))
        #expect(ArthurUploadError(kind: .unauthorized, status: 403, message: "x").isFatalForRun)
        #expect(!ArthurUploadError(kind: .unavailable, status: nil, message: "x").isFatalForRun)
        #expect(!ArthurUploadError(kind: .rejected, status: 413, message: "x").isFatalForRun)
    }

    @Test(arguments: [
        ("abc-1_0", "abc-1_0"), ("a/b #c", "a%2Fb%20%23c"), ("q?x=1&y=%2F+z", "q%3Fx%3D1%26y%3D%252F%2Bz"),
        ("..", "%2E%2E"), ("名前 é", "%E5%90%8D%E5%89%8D%20%C3%A9"), ("~", "~"),
    ])
    func partnerIDsAreOnePathSegment(id: String, encoded: String) throws {
        #expect(ArthurDestination.pathSegment(id) == encoded)
        let token = try #require(ArthurToken("t"))
        let destination = try ArthurDestination(host: "https://app.arthur.ai", modelID: "m-1", token: token)
        #expect(
            destination.queryURL(partnerInferenceID: id)
                == "https://app.arthur.ai/api/v3/models/m-1/inferences/query/" + encoded)
    }
}
