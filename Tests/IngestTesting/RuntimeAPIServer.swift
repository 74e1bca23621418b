import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// A running Runtime API stand-in.
///
/// Starts `Tests/Servers/runtime_api.py`, a real Lambda Runtime API on a free loopback port, queues
/// events for the runtime under test and reads back what the runtime answered. The server exits when
/// the test closes its standard input.
public final class RuntimeAPIServer: @unchecked Sendable {
    private let server: ServerProcess
    public var port: Int { server.port }

    /// `127.0.0.1:PORT`, the value for `AWS_LAMBDA_RUNTIME_API`.
    public var address: String { "127.0.0.1:\(port)" }

    /// Runs `body` with a fresh server, stopping it after.
    public static func with<T>(_ body: (RuntimeAPIServer) async throws -> T) async throws -> T {
        let server = try RuntimeAPIServer()
        defer { server.stop() }
        return try await body(server)
    }

    private init() throws {
        server = try ServerProcess(script: "runtime_api.py", name: "the Runtime API server")
    }

    /// Stops the server.
    public func stop() { server.stop() }

    /// Queues one event; returns its request id.
    @discardableResult
    public func enqueue(
        _ payload: String, requestID: String? = nil, deadlineInMilliseconds: Int = 30_000, traceID: String? = nil
    ) async throws -> String {
        var event: [String: Any] = ["payload": payload, "deadlineInMs": deadlineInMilliseconds]
        if let requestID { event["requestId"] = requestID }
        if let traceID { event["traceId"] = traceID }
        var request = HTTPClientRequest(url: "http://\(address)/_control/events")
        request.method = .POST
        request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: event)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        struct Queued: Decodable { var requestIds: [String] }
        guard response.status == .ok,
            let id = try JSONDecoder().decode(Queued.self, from: Data(buffer: body)).requestIds.first
        else { throw StandInError(message: "queueing an event: HTTP \(response.status)") }
        return id
    }

    /// What the runtime has sent so far.
    public func records() async throws -> Records {
        let request = HTTPClientRequest(url: "http://\(address)/_control/records")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 64 << 20)
        return try JSONDecoder().decode(Records.self, from: Data(buffer: body))
    }

    /// Polls ``records()`` until `done` holds or `timeout` passes; returns the last records either way.
    public func waitForRecords(
        timeout: Duration = .seconds(60), until done: (Records) -> Bool
    ) async throws -> Records {
        let end = ContinuousClock.now + timeout
        var records = try await self.records()
        while !done(records) && ContinuousClock.now < end {
            try await Task.sleep(for: .milliseconds(50))
            records = try await self.records()
        }
        return records
    }

    /// The server's record of the runtime's calls.
    public struct Records: Decodable, Sendable {
        public var nextRequests: [NextRequest]
        public var responses: [Response]
        public var errors: [InvocationError]
        public var initErrors: [InitError]
        public var pending: Int

        enum CodingKeys: String, CodingKey {
            case responses, errors, pending
            case nextRequests = "next_requests"
            case initErrors = "init_errors"
        }
    }

    /// One `/next` request, with when it arrived (seconds since 1970).
    public struct NextRequest: Decodable, Sendable {
        public var time: Double
    }

    /// One `/response`.
    public struct Response: Decodable, Sendable {
        public var requestId: String
        public var body: String
    }

    /// One `/error`, with its `Lambda-Runtime-Function-Error-Type` header.
    public struct InvocationError: Decodable, Sendable {
        public var requestId: String
        public var errorType: String?
        public var body: String
    }

    /// One `/init/error`.
    public struct InitError: Decodable, Sendable {
        public var errorType: String?
        public var body: String
    }
}
