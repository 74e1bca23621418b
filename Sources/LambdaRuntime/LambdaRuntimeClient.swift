import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import Transport

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A client of the Runtime API.
///
/// The Lambda Runtime API (version 2018-06-01) at `AWS_LAMBDA_RUNTIME_API` (`host:port`), through the
/// project's one HTTP client: wait for the next invocation (no timeout: Lambda freezes the process while
/// it waits), post its response or its error, or report that the function could not start. Every call throws a
/// ``LambdaRuntimeError`` naming the call.
public struct LambdaRuntimeClient: Sendable {
    /// `host:port`, as given.
    public let address: String
    private let client: HTTPClient
    private let base: String
    /// The largest payload accepted from `/next` (Lambda's own limit is 6 MB).
    public static let maximumPayloadBytes = 32 << 20

    /// A client of the Runtime API at `address` (`host:port`, the value of `AWS_LAMBDA_RUNTIME_API`).
    public init(address: String, client: HTTPClient) throws {
        let trimmed = address.trimmingBlanks()
        guard let colon = trimmed.lastIndex(of: ":"), let port = Int(trimmed[trimmed.index(after: colon)...]),
            (1...65535).contains(port), colon != trimmed.startIndex, !trimmed.contains("/")
        else {
            throw LambdaRuntimeError(
                call: "setup", problem: "AWS_LAMBDA_RUNTIME_API \"\(address)\" is not host:port")
        }
        self.address = trimmed
        self.client = client
        self.base = "http://\(trimmed)/2018-06-01/runtime"
    }

    /// Waits for the next invocation, however long that takes.
    public func next() async throws -> LambdaInvocation {
        let call = "GET /runtime/invocation/next"
        let (head, body) = try await execute(
            call: call, method: .GET, url: "\(base)/invocation/next", deadline: .distantFuture)
        guard head.status == .ok else { throw refusal(call: call, head: head, body: body) }
        let headers = head.headers
        guard let requestID = headers.first(name: "Lambda-Runtime-Aws-Request-Id"), !requestID.isEmpty else {
            throw LambdaRuntimeError(call: call, problem: "the answer has no Lambda-Runtime-Aws-Request-Id")
        }
        guard let deadline = headers.first(name: "Lambda-Runtime-Deadline-Ms").flatMap({ Int64($0) }) else {
            throw LambdaRuntimeError(call: call, problem: "the answer has no valid Lambda-Runtime-Deadline-Ms")
        }
        return LambdaInvocation(
            requestID: requestID, deadlineEpochMilliseconds: deadline,
            traceID: headers.first(name: "Lambda-Runtime-Trace-Id").flatMap { $0.isEmpty ? nil : $0 },
            invokedFunctionARN: headers.first(name: "Lambda-Runtime-Invoked-Function-Arn"),
            payload: Array(buffer: body))
    }

    /// Posts the response of invocation `requestID`.
    public func respond(requestID: String, body: [UInt8]) async throws {
        try await post(
            call: "POST /runtime/invocation/{id}/response",
            url: "\(base)/invocation/\(Self.pathSegment(requestID))/response", body: body, headers: [:])
    }

    /// Reports that invocation `requestID` failed.
    public func reportError(requestID: String, _ report: LambdaErrorReport) async throws {
        try await post(
            call: "POST /runtime/invocation/{id}/error", url: "\(base)/invocation/\(Self.pathSegment(requestID))/error",
            body: report.json, headers: ["Lambda-Runtime-Function-Error-Type": report.errorType])
    }

    /// Reports that the function could not start; Lambda then fails the pending invocation with this error.
    public func reportInitError(_ report: LambdaErrorReport) async throws {
        try await post(
            call: "POST /runtime/init/error", url: "\(base)/init/error", body: report.json,
            headers: ["Lambda-Runtime-Function-Error-Type": report.errorType])
    }

    private func post(call: String, url: String, body: [UInt8], headers: [String: String]) async throws {
        let (head, answer) = try await execute(
            call: call, method: .POST, url: url, body: body, headers: headers, deadline: .now() + .seconds(30))
        guard head.status == .accepted || head.status == .ok else {
            throw refusal(call: call, head: head, body: answer)
        }
    }

    private func execute(
        call: String, method: HTTPMethod, url: String, body: [UInt8]? = nil, headers: [String: String] = [:],
        deadline: NIODeadline
    ) async throws -> (HTTPClientResponse, ByteBuffer) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: "sagemaker-capture-to-arthur-lambda")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await client.execute(request, deadline: deadline)
            let answer = try await response.body.collect(upTo: Self.maximumPayloadBytes)
            return (response, answer)
        } catch {
            throw LambdaRuntimeError(call: call, problem: HTTPTransport.describe(error))
        }
    }

    private func refusal(call: String, head: HTTPClientResponse, body: ByteBuffer) -> LambdaRuntimeError {
        let text = BodySnippet.text(of: body.readableBytesView)
        let detail = text.isEmpty ? "" : ": \(text.prefix(300))"
        return LambdaRuntimeError(call: call, problem: "HTTP \(head.status.code)\(detail)", status: head.status.code)
    }

    /// The request id as one URL path segment (ids are UUIDs; anything else is percent-encoded).
    static func pathSegment(_ id: String) -> String {
        PercentEncoding.encode(id)
    }
}
