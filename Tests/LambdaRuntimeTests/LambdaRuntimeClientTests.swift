import AsyncHTTPClient
import Foundation
import Testing

@testable import LambdaRuntime

/// The Runtime API address and request ids are checked before any call.
struct LambdaRuntimeClientTests {
    @Test(arguments: ["127.0.0.1:9001", "localhost:9001", " 127.0.0.1:9001 ", "[::1]:9001"])
    func acceptsHostAndPort(address: String) throws {
        let client = try LambdaRuntimeClient(address: address, client: HTTPClient.shared)
        #expect(client.address == address.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: ["", "127.0.0.1", ":9001", "127.0.0.1:0", "127.0.0.1:70000", "http://127.0.0.1:9001", "host:port"])
    func refusesAnythingElse(address: String) {
        #expect(throws: LambdaRuntimeError.self) {
            try LambdaRuntimeClient(address: address, client: HTTPClient.shared)
        }
    }

    @Test func requestIDsStayOnePathSegment() {
        #expect(
            LambdaRuntimeClient.pathSegment("8476a536-e9f4-11e8-9739-2dfe598c3fcd")
                == "8476a536-e9f4-11e8-9739-2dfe598c3fcd")
        #expect(LambdaRuntimeClient.pathSegment("a/b c") == "a%2Fb%20c")
    }

    @Test func errorReportsAreTheRuntimeAPIShape() {
        struct QuotaExceeded: Error, CustomStringConvertible { var description: String { "Arthur's quota is used up" } }
        let report = LambdaErrorReport(QuotaExceeded())
        #expect(report.errorType == "QuotaExceeded")
        #expect(
            String(decoding: report.json, as: UTF8.self)
                == #"{"errorMessage":"Arthur's quota is used up","errorType":"QuotaExceeded"}"#)
    }
}
