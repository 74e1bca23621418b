import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// A running stand-in S3 (and Secrets Manager).
///
/// Starts `Tests/Servers/s3_standin.py` — moto's S3 and Secrets Manager behind a strict SigV4 check done
/// with botocore's signer — on a free loopback port, and sets up buckets, objects and secrets through it
/// with boto3 (so botocore's own requests pass the same check). The server exits when the test closes its
/// standard input.
public final class S3StandIn: @unchecked Sendable {
    /// Long-term test keys: the secret holds `/`, `+` and `=`, as real ones do.
    public static let accessKeyID = "AKIDSTANDIN0000000001"
    public static let secretAccessKey = "standin/Secret+Key=0001wJalrXUtnFEMIK7MDENG"
    /// Temporary test keys, valid only with their session token.
    public static let temporaryAccessKeyID = "ASIASTANDIN0000000002"
    public static let temporarySecretAccessKey = "standin/Temporary+Secret=0002"
    public static let sessionToken = "FwoGZXIvYXdzEStandIn//session+token="

    private let server: ServerProcess
    public var port: Int { server.port }
    /// The region requests must be signed for.
    public let region: String

    /// `http://127.0.0.1:PORT`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// The standard AWS variables for this stand-in with the long-term keys (or the temporary ones).
    public func environment(temporary: Bool = false) -> [String: String] {
        [
            "AWS_ACCESS_KEY_ID": temporary ? Self.temporaryAccessKeyID : Self.accessKeyID,
            "AWS_SECRET_ACCESS_KEY": temporary ? Self.temporarySecretAccessKey : Self.secretAccessKey,
            "AWS_REGION": region,
            "AWS_ENDPOINT_URL": endpoint,
        ].merging(temporary ? ["AWS_SESSION_TOKEN": Self.sessionToken] : [:]) { $1 }
    }

    /// Runs `body` with a fresh stand-in that expects requests signed for `region`, stopping it after.
    public static func with<T>(region: String = "us-east-1", _ body: (S3StandIn) async throws -> T) async throws -> T {
        let standIn = try S3StandIn(region: region)
        defer { standIn.stop() }
        return try await body(standIn)
    }

    private init(region: String) throws {
        var environment = ProcessInfo.processInfo.environment
        let credentials: [[String: Any]] = [
            ["access_key_id": Self.accessKeyID, "secret_access_key": Self.secretAccessKey],
            [
                "access_key_id": Self.temporaryAccessKeyID, "secret_access_key": Self.temporarySecretAccessKey,
                "session_token": Self.sessionToken,
            ],
        ]
        environment["STANDIN_CREDENTIALS"] = String(
            decoding: try JSONSerialization.data(withJSONObject: credentials), as: UTF8.self)
        for variable in environment.keys where variable.hasPrefix("AWS_") { environment[variable] = nil }
        server = try ServerProcess(
            script: "s3_standin.py", arguments: ["--region", region], environment: environment, name: "stand-in S3")
        self.region = region
    }

    /// Stops the server.
    public func stop() { server.stop() }

    // MARK: Setting up and reading back, through boto3

    /// Creates `bucket` in the stand-in's region.
    public func createBucket(_ bucket: String) async throws {
        var params: [String: Any] = ["Bucket": bucket]
        if region != "us-east-1" { params["CreateBucketConfiguration"] = ["LocationConstraint": region] }
        _ = try await call("s3", "create_bucket", params)
    }

    public func putObject(bucket: String, key: String, body: [UInt8]) async throws {
        _ = try await call("s3", "put_object", ["Bucket": bucket, "Key": key], body: body)
    }

    /// The object's bytes as boto3 reads them.
    public func object(bucket: String, key: String) async throws -> [UInt8] {
        let result = try await call("s3", "get_object", ["Bucket": bucket, "Key": key])
        guard let text = result["body_base64"] as? String, let data = Data(base64Encoded: text) else {
            throw StandInError(message: "get_object answered no body")
        }
        return Array(data)
    }

    /// The object's size, SHA-256 (hex) and number of newlines, computed by the stand-in (for large objects).
    public func digest(bucket: String, key: String) async throws -> (size: Int, sha256: String, newlines: Int) {
        let result = try await call("s3", "digest", ["Bucket": bucket, "Key": key])
        return (
            result["size"] as? Int ?? -1, result["sha256"] as? String ?? "", result["newlines"] as? Int ?? -1
        )
    }

    /// The answer's `Content-Type` as boto3 reads it.
    public func contentType(bucket: String, key: String) async throws -> String? {
        try await call("s3", "get_object", ["Bucket": bucket, "Key": key])["ContentType"] as? String
    }

    /// Every key under `prefix`, as boto3's paginator lists them.
    public func keys(bucket: String, prefix: String = "") async throws -> [String] {
        (try await call("s3", "list_keys", ["Bucket": bucket, "Prefix": prefix])["keys"] as? [String]) ?? []
    }

    /// The keys of the multipart uploads begun in `bucket` and neither completed nor aborted, as boto3 lists them.
    public func multipartUploads(bucket: String) async throws -> [String] {
        let result = try await call("s3", "list_multipart_uploads", ["Bucket": bucket])
        return (result["Uploads"] as? [[String: Any]] ?? []).compactMap { $0["Key"] as? String }
    }

    /// Creates a text secret and answers its ARN.
    @discardableResult
    public func createSecret(name: String, value: String) async throws -> String {
        (try await call("secretsmanager", "create_secret", ["Name": name, "SecretString": value])["ARN"] as? String)
            ?? ""
    }

    /// Creates a binary secret.
    public func createBinarySecret(name: String, value: [UInt8]) async throws {
        _ = try await call(
            "secretsmanager", "create_secret", ["Name": name, "SecretBinary": Data(value).base64EncodedString()])
    }

    /// Queues faults for the next checked requests: "503" (SlowDown), "500" (InternalError), "cut:N" (the
    /// answer cut after N bytes), "drop:N" (the connection closed after N bytes of the request's body), "ok" (none).
    public func injectFaults(_ faults: [String]) async throws {
        _ = try await control("faults", body: try JSONSerialization.data(withJSONObject: faults))
    }

    /// Counts of what reached the stand-in.
    public func stats() async throws -> Stats {
        let json = try await control("stats", body: nil)
        return Stats(
            requests: json["requests"] as? Int ?? -1, refused: json["refused"] as? Int ?? -1,
            faults: json["faults"] as? Int ?? -1)
    }

    /// Requests checked, refused by the signature check, and answered with an injected fault.
    public struct Stats: Sendable, Equatable {
        public var requests: Int
        public var refused: Int
        public var faults: Int
    }

    private func call(
        _ service: String, _ operation: String, _ params: [String: Any], body: [UInt8]? = nil
    ) async throws -> [String: Any] {
        var request: [String: Any] = ["service": service, "operation": operation, "params": params]
        if let body { request["body_base64"] = Data(body).base64EncodedString() }
        if params["SecretBinary"] != nil { request["binary_params"] = ["SecretBinary"] }  // base64 → bytes
        return try await control("call", body: try JSONSerialization.data(withJSONObject: request))
    }

    private func control(_ name: String, body: Data?) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: "\(endpoint)/_standin/\(name)")
        request.method = body == nil ? .GET : .POST
        if let body { request.body = .bytes(ByteBuffer(data: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let answer = try await response.body.collect(upTo: 64 << 20)
        let json = try JSONSerialization.jsonObject(with: Data(buffer: answer)) as? [String: Any] ?? [:]
        guard response.status == .ok else {
            throw StandInError(message: "stand-in S3 \(name): HTTP \(response.status): \(json["error"] ?? "")")
        }
        return json
    }

}
