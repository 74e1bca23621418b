import Foundation
import IngestTesting
import Testing

@testable import AWS

/// The signer against botocore (`Tests/Servers/sigv4_oracle.py`): the same requests signed by both, the
/// Authorization headers compared byte for byte, and our wire path and query compared with the ones
/// botocore's clients would send. Keys and queries hold the characters S3 users trip on.
@Suite struct SigV4OracleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var s3 = true
        var method = "GET"
        var endpoint = "https://s3.eu-west-1.amazonaws.com"
        /// Decoded path: `/bucket/key`.
        var path: String
        var query: [(name: String, value: String)] = []
        var headers: [(name: String, value: String)] = []
        var body = ""
        var unsignedPayload = false
        var sessionToken: String?
        var service = "s3"
        var testDescription: String { name }
    }

    static let accessKeyID = "AKIDORACLE0000000001"
    static let secretAccessKey = "oracle/Secret+Key=wJalrXUtnFEMI"
    static let date = Date(timeIntervalSince1970: 1_700_000_123)

    static let cases: [Case] = [
        Case(name: "plain key", path: "/capture-bucket/dc/ep/AllTraffic/2024/01/19/19/part-0.jsonl"),
        Case(name: "key with spaces", path: "/capture-bucket/dc/my file (1).jsonl"),
        Case(name: "key with + = & %", path: "/capture-bucket/dc/a+b=c&d%20e%.jsonl"),
        Case(name: "key with ~ and *", path: "/capture-bucket/~user/*star*.jsonl"),
        Case(name: "non-ASCII key", path: "/capture-bucket/données/日本語/ü.jsonl"),
        Case(name: "key with // and trailing /", path: "/capture-bucket/a//b/"),
        Case(
            name: "list with prefix and delimiter", path: "/capture-bucket",
            query: [
                (name: "list-type", value: "2"), (name: "prefix", value: "dc/"), (name: "delimiter", value: "/"),
                (name: "max-keys", value: "2"),
            ]),
        Case(
            name: "list with continuation token", path: "/capture-bucket",
            query: [
                (name: "list-type", value: "2"), (name: "prefix", value: "dc/a b+c/"),
                (name: "continuation-token", value: "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="),
            ]),
        Case(
            name: "range and session token", path: "/b/k", headers: [(name: "Range", value: "bytes=1048576-")],
            sessionToken: "IQoJb3JpZ2luX2VjE//+token="),
        Case(name: "unsigned payload", path: "/b/k", unsignedPayload: true),
        Case(
            name: "put with body and content type", method: "PUT", path: "/b/dead letter/é.rejected.jsonl",
            headers: [(name: "Content-Type", value: "application/jsonl")], body: "{\"a\":1}\n"),
        Case(name: "loopback endpoint with port", endpoint: "http://127.0.0.1:45678", path: "/bucket/key"),
        Case(
            name: "Secrets Manager GetSecretValue", s3: false, method: "POST",
            endpoint: "https://secretsmanager.eu-west-1.amazonaws.com", path: "/",
            headers: [
                (name: "Content-Type", value: "application/x-amz-json-1.1"),
                (name: "X-Amz-Target", value: "secretsmanager.GetSecretValue"),
            ],
            body: #"{"SecretId":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:arthur/token-AbCdEf"}"#,
            service: "secretsmanager"),
        Case(
            name: "Secrets Manager with session token", s3: false, method: "POST",
            endpoint: "https://secretsmanager.eu-west-1.amazonaws.com", path: "/",
            headers: [(name: "X-Amz-Target", value: "secretsmanager.GetSecretValue")], body: "{}",
            sessionToken: "tok", service: "secretsmanager"),
    ]

    /// Signs every case with botocore in one run of the oracle.
    static let oracle: Result<[[String: String]], any Error> = Result {
        let input: [String: Any] = [
            "cases": cases.map { c -> [String: Any] in
                [
                    "s3": c.s3, "method": c.method, "endpoint": c.endpoint, "path": c.path,
                    "query": c.query.map { [$0.name, $0.value] },
                    "headers": Dictionary(c.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                    "body": c.body, "unsigned_payload": c.unsignedPayload, "service": c.service,
                    "region": "eu-west-1", "timestamp": SigV4Timestamp(date).dateTime, "access_key": accessKeyID,
                    "secret_key": secretAccessKey, "session_token": c.sessionToken as Any,
                ]
            }
        ]
        let result = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", TestPaths.file("Tests/Servers/sigv4_oracle.py").path],
            environment: ProcessInfo.processInfo.environment,
            stdin: try JSONSerialization.data(withJSONObject: input), timeout: 60)
        guard result.status == 0,
            let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
            let results = json["results"] as? [[String: String]]
        else {
            throw OracleError(description: "sigv4_oracle.py failed (\(result.status)): \(result.stderr)")
        }
        return results
    }

    @Test(arguments: zip(cases, cases.indices))
    func matchesBotocore(testCase: Case, index: Int) throws {
        let expected = try Self.oracle.get()[index]
        let endpoint = try #require(URL(string: testCase.endpoint))
        let host = endpoint.port.map { "\(endpoint.host!):\($0)" } ?? endpoint.host!
        var request = SigV4Request(
            method: testCase.method, host: host, path: AWSURIEncoding.encode(testCase.path, keepingSlash: true),
            query: testCase.query, headers: testCase.headers,
            payloadHash: testCase.unsignedPayload
                ? SigV4Request.unsignedPayload : SigV4Request.payloadHash(of: Array(testCase.body.utf8)))
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: Self.accessKeyID, secretAccessKey: Self.secretAccessKey,
                sessionToken: testCase.sessionToken),
            region: AWSRegion("eu-west-1")!, service: testCase.service, form: testCase.s3 ? .s3 : .standard)
        signer.sign(&request, at: Self.date)

        // botocore's wire path, and its canonical query (its wire query may write a space as `+`).
        let canonical = (expected["canonical_request"] ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(request.path == expected["path"])
        #expect(canonical.count > 2 && request.encodedQuery == canonical[2])
        #expect(request.encodedQuery == AWSURIEncoding.query(testCase.query))
        #expect(
            request.header("authorization") == expected["authorization"],
            "canonical request:\n\(signer.canonicalRequest(request).text)\nbotocore's:\n\(expected["canonical_request"] ?? "")"
        )
    }
}

/// The oracle script could not be run.
struct OracleError: Error, CustomStringConvertible {
    var description: String
}
