import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// A running stand-in Arthur.
///
/// Starts `Tests/Servers/arthur_standin.py`, the stand-in for Arthur's ingestion endpoint (a real
/// HTTP server that parses multipart bodies with werkzeug), on a free loopback port, and reads back
/// what it received. The server exits when the test closes its standard input.
public final class ArthurStandIn: @unchecked Sendable {
    public let modelID: String
    private let server: ServerProcess

    public var port: Int { server.port }

    /// `http://127.0.0.1:PORT`.
    public var host: String { "http://127.0.0.1:\(port)" }

    /// Runs `body` with a fresh stand-in that expects `token` for model `modelID`, stopping it after.
    public static func with<T>(
        token: String, modelID: String = "6f5d2a7e-model", _ body: (ArthurStandIn) async throws -> T
    ) async throws -> T {
        let standIn = try ArthurStandIn(token: token, modelID: modelID)
        defer { standIn.stop() }
        return try await body(standIn)
    }

    private init(token: String, modelID: String) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["STANDIN_TOKEN"] = token
        server = try ServerProcess(
            script: "arthur_standin.py", arguments: ["--model-id", modelID], environment: environment,
            name: "stand-in Arthur")
        self.modelID = modelID
    }

    /// Stops the server.
    public func stop() { server.stop() }

    /// Queues faults for the next ingest requests: "ok", "503", "500", "401", "429:N", "reset", "slow:S", "stall:S",
    /// "unaccounted", "unknown_event", "html200", "empty200", "redirect:URL", "echo:STATUS", "trickle:S",
    /// "item500", "floatcounts" (see `Tests/Servers/arthur_standin.py`).
    public func injectFaults(_ faults: [String]) async throws {
        try await control("faults", body: faults)
    }

    /// Makes the stand-in report every inference of these event ids as failed in its 207 answer.
    public func failEventIDs(_ ids: [String]) async throws {
        try await control("fail_event_ids", body: ids)
    }

    /// Sets the model's attributes, listed in this order (each a `ModelAttribute` object of arthur-client:
    /// `name`, `value_type`, `stage`, `position`, `categorical`, …), served at most `maxPageSize` a page.
    public func setAttributes(_ attributes: [[String: Any]], maxPageSize: Int = 100) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["attributes": attributes, "max_page_size": maxPageSize])
        try await control("attributes", data: body)
    }

    /// Makes the stand-in accept these partner ids in its 207 but not store them (not found by a query after).
    public func dropPartnerIDs(_ ids: [String]) async throws {
        try await control("drop_partner_ids", body: ids)
    }

    /// Makes the next ground-truth item of each of these partner ids fail with item status 500 (once per listing).
    public func failGroundTruthWith500(_ ids: [String]) async throws {
        try await control("ground_truth_500", body: ids)
    }

    /// Queues faults for the next reads of the attributes or of an inference: "ok", "503", "500", "429:N".
    public func injectQueryFaults(_ faults: [String]) async throws {
        try await control("query_faults", body: faults)
    }

    /// What the stand-in has received so far.
    public func received() async throws -> Received {
        var request = HTTPClientRequest(url: "\(host)/_control/received")
        request.method = .GET
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 256 << 20)
        return try JSONDecoder().decode(Received.self, from: Data(buffer: body))
    }

    /// Polls ``received()`` until `done` holds or `timeout` passes; returns the last answer either way.
    public func waitForReceived(timeout: Duration = .seconds(60), until done: (Received) -> Bool) async throws
        -> Received
    {
        let end = ContinuousClock.now + timeout
        var received = try await self.received()
        while !done(received) && ContinuousClock.now < end {
            try await Task.sleep(for: .milliseconds(20))
            received = try await self.received()
        }
        return received
    }

    private func control(_ name: String, body: [String]) async throws {
        try await control(name, data: try JSONEncoder().encode(body))
    }

    private func control(_ name: String, data: Data) async throws {
        var request = HTTPClientRequest(url: "\(host)/_control/\(name)")
        request.method = .POST
        request.body = .bytes(ByteBuffer(data: data))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else { throw StandInError(message: "control \(name): HTTP \(response.status)") }
    }

    /// The stand-in's record of what reached it.
    public struct Received: Decodable, Sendable {
        public var requests: Int
        public var acceptedRequests: Int
        public var inferences: [ReceivedInference]
        public var filenames: [String]
        public var authFailures: Int
        /// `User-Agent`, `Accept` and `Arthur-Organization-ID` of each ingest request, in order (nil when absent).
        public var requestHeaders: [[String: String?]]
        /// The query string of each request for the model's attributes, in order.
        public var attributeRequests: [String]
        /// The partner ids asked for by inference queries, percent-decoded by the stand-in, in order.
        public var queriedIDs: [String]
        /// Inference queries received, faults included.
        public var queryRequests: Int
        /// Each ground-truth item the stand-in accepted (`PATCH …/inferences`), in order.
        public var groundTruths: [ReceivedGroundTruth]
        /// `PATCH …/inferences` requests received, faults included.
        public var groundTruthRequests: Int

        enum CodingKeys: String, CodingKey {
            case requests, inferences, filenames
            case acceptedRequests = "accepted_requests"
            case authFailures = "auth_failures"
            case requestHeaders = "request_headers"
            case attributeRequests = "attribute_requests"
            case queriedIDs = "queried_ids"
            case queryRequests = "query_requests"
            case groundTruths = "ground_truths"
            case groundTruthRequests = "ground_truth_requests"
        }
    }

    /// One ground-truth item the stand-in accepted.
    public struct ReceivedGroundTruth: Decodable, Sendable {
        public var partnerInferenceID: String
        public var timestamp: String
        /// `ground_truth_data`, compact JSON with sorted keys.
        public var dataText: String
        /// The number of the `PATCH` request that carried it (1-based).
        public var request: Int

        enum CodingKeys: String, CodingKey {
            case partnerInferenceID = "partner_inference_id"
            case timestamp = "ground_truth_timestamp"
            case dataText = "data_text"
            case request
        }
    }

    /// One inference the stand-in accepted.
    public struct ReceivedInference: Decodable, Sendable {
        public var partnerInferenceID: String
        public var eventID: String
        public var line: Int
        /// The inference's inputs as the stand-in read them (by Arthur's contract), as compact JSON.
        public var inputsText: String

        enum CodingKeys: String, CodingKey {
            case partnerInferenceID = "partner_inference_id"
            case eventID = "event_id"
            case line
            case inputsText = "inputs_text"
        }
    }
}

/// The stand-in could not be started or controlled.
public struct StandInError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
