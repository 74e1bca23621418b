import Foundation
import Testing

@testable import AWS

/// The signer against AWS's published values: the Signature Version 4 test suite (`aws-sig-v4-test-suite`,
/// keys `AKIDEXAMPLE`, 2015-08-30T12:36:00Z) and the examples of S3's "Signature Calculations for the
/// Authorization Header" page (keys `AKIAIOSFODNN7EXAMPLE`, 2013-05-24T00:00:00Z).
@Suite struct SigV4SignerTests {
    static let suiteSigner = SigV4Signer(
        credentials: AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        region: AWSRegion("us-east-1")!, service: "service", form: .standard)
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let s3Signer = SigV4Signer(
        credentials: AWSCredentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: AWSRegion("us-east-1")!, service: "s3", form: .s3)
    static let s3Date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z

    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var request: SigV4Request
        var authorization: String
        var testDescription: String { name }
    }

    static let suiteScope = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"

    static let suiteVectors: [Vector] = [
        Vector(
            name: "get-vanilla", request: SigV4Request(method: "GET", host: "example.amazonaws.com", path: "/"),
            authorization: suiteScope
                + ", SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        Vector(
            name: "get-vanilla-query-order-key-case",
            request: SigV4Request(
                method: "GET", host: "example.amazonaws.com", path: "/",
                query: [(name: "Param2", value: "value2"), (name: "Param1", value: "value1")]),
            authorization: suiteScope
                + ", SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
        ),
        Vector(
            name: "post-vanilla", request: SigV4Request(method: "POST", host: "example.amazonaws.com", path: "/"),
            authorization: suiteScope
                + ", SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        ),
        Vector(
            name: "post-x-www-form-urlencoded",
            request: SigV4Request(
                method: "POST", host: "example.amazonaws.com", path: "/",
                headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded")],
                payloadHash: SigV4Request.payloadHash(of: Array("Param1=value1".utf8))),
            authorization: suiteScope
                + ", SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
        ),
    ]

    @Test(arguments: suiteVectors)
    func signatureVersion4TestSuite(vector: Vector) {
        var request = vector.request
        Self.suiteSigner.sign(&request, at: Self.suiteDate)
        #expect(request.header("authorization") == vector.authorization)
        #expect(request.header("x-amz-date") == "20150830T123600Z")
        #expect(request.header("x-amz-content-sha256") == nil)
    }

    static let s3Scope = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"

    static let s3Vectors: [Vector] = [
        Vector(
            name: "GET object with Range",
            request: SigV4Request(
                method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt",
                headers: [(name: "Range", value: "bytes=0-9")]),
            authorization: s3Scope
                + ", SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        ),
        Vector(
            name: "PUT object",
            request: SigV4Request(
                method: "PUT", host: "examplebucket.s3.amazonaws.com",
                path: "/" + AWSURIEncoding.encode("test$file.text", keepingSlash: true),
                headers: [
                    (name: "Date", value: "Fri, 24 May 2013 00:00:00 GMT"),
                    (name: "x-amz-storage-class", value: "REDUCED_REDUNDANCY"),
                ],
                payloadHash: SigV4Request.payloadHash(of: Array("Welcome to Amazon S3.".utf8))),
            authorization: s3Scope
                + ", SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"
        ),
        Vector(
            name: "GET bucket lifecycle",
            request: SigV4Request(
                method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/",
                query: [(name: "lifecycle", value: "")]),
            authorization: s3Scope
                + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"
        ),
        Vector(
            name: "GET bucket (list objects)",
            request: SigV4Request(
                method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/",
                query: [(name: "prefix", value: "J"), (name: "max-keys", value: "2")]),
            authorization: s3Scope
                + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"
        ),
    ]

    @Test(arguments: s3Vectors)
    func s3DocumentationExamples(vector: Vector) {
        var request = vector.request
        Self.s3Signer.sign(&request, at: Self.s3Date)
        #expect(request.header("authorization") == vector.authorization)
        #expect(request.header("x-amz-content-sha256") == vector.request.payloadHash)
    }

    @Test func s3PutExampleCanonicalRequestHash() {
        var request = Self.s3Vectors[1].request
        Self.s3Signer.sign(&request, at: Self.s3Date)
        let canonical = Self.s3Signer.canonicalRequest(request)
        #expect(
            SigV4Signer.sha256Hex(canonical.text) == "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d")
        #expect(canonical.text.split(separator: "\n")[1] == "/test%24file.text")
    }

    @Test func sessionTokenIsSentAndSigned() {
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "tok+en/="),
            region: AWSRegion("eu-west-1")!, service: "s3", form: .s3)
        var request = SigV4Request(method: "GET", host: "s3.eu-west-1.amazonaws.com", path: "/b/k")
        signer.sign(&request, at: Self.s3Date)
        #expect(request.header("x-amz-security-token") == "tok+en/=")
        #expect(
            request.header("authorization")?.contains(
                "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,") == true)
    }

    @Test func signingAgainReplacesTheOldHeaders() {
        var request = Self.s3Vectors[0].request
        Self.s3Signer.sign(&request, at: Self.suiteDate)
        Self.s3Signer.sign(&request, at: Self.s3Date)
        #expect(request.headers.filter { $0.name == "authorization" }.count == 1)
        #expect(request.header("authorization") == Self.s3Vectors[0].authorization)
    }

    @Test(arguments: [
        (0.0, "19700101T000000Z"), (1_440_938_160, "20150830T123600Z"), (951_782_400, "20000229T000000Z"),
        (4_102_444_799.9, "20991231T235959Z"),
        (4_107_542_399, "21000228T235959Z"), (4_107_542_400, "21000301T000000Z"), (-1, "19691231T235959Z"),
    ])
    func timestamps(seconds: Double, expected: String) {
        let timestamp = SigV4Timestamp(Date(timeIntervalSince1970: seconds))
        #expect(timestamp.dateTime == expected)
        #expect(timestamp.date == String(expected.prefix(8)))
    }

    @Test(arguments: [
        ("a b", "a%20b"), ("x+y=z&w", "x%2By%3Dz%26w"), ("100%~._-", "100%25~._-"), ("é/ü", "%C3%A9%2F%C3%BC"),
        ("dc/", "dc%2F"), ("*", "%2A"),
    ])
    func uriEncoding(text: String, encoded: String) {
        #expect(AWSURIEncoding.encode(text) == encoded)
        #expect(AWSURIEncoding.encode(text, keepingSlash: true) == encoded.replacingOccurrences(of: "%2F", with: "/"))
    }

    @Test func queryIsSortedByEncodedNameThenValue() {
        let query = AWSURIEncoding.query([
            (name: "prefix", value: "dc/"), (name: "a", value: "2"), (name: "a", value: "1"), (name: "B", value: ""),
        ])
        #expect(query == "B=&a=1&a=2&prefix=dc%2F")
    }

    @Test(arguments: [
        ("/", "/"), ("", "/"), ("/a/./b/../c", "/a/c"), ("//a//b/", "/a/b/"), ("/a%20b", "/a%2520b"),
    ])
    func standardFormNormalizesAndEncodesThePathAgain(path: String, canonical: String) {
        #expect(SigV4Signer.normalizedPath(path) == canonical)
    }
}
