import Testing

@testable import AWS

/// S3 error codes become kinds with hints a user can act on, and each says whether a retry could help.
@Suite struct S3ErrorTests {
    @Test(arguments: [
        ("NoSuchKey", 404, S3Error.Kind.noSuchKey, "no such key", false),
        ("NoSuchBucket", 404, .noSuchBucket, "check the bucket name", false),
        ("AccessDenied", 403, .accessDenied, "IAM policy", false),
        ("SignatureDoesNotMatch", 403, .badCredentials, "AWS_SECRET_ACCESS_KEY", false),
        ("InvalidAccessKeyId", 403, .badCredentials, "AWS_ACCESS_KEY_ID", false),
        ("ExpiredToken", 400, .badSessionToken, "AWS_SESSION_TOKEN", false),
        ("PermanentRedirect", 301, .wrongRegion, "AWS_REGION", false),
        ("AuthorizationHeaderMalformed", 400, .wrongRegion, "AWS_REGION", false),
        ("RequestTimeTooSkewed", 403, .clockSkew, "clock", false),
        ("InvalidRange", 416, .invalidRange, "past the end", false),
        ("PreconditionFailed", 412, .objectChanged, "changed", false),
        ("SlowDown", 503, .other, "HTTP 503", true),
        ("InvalidArgument", 400, .other, "HTTP 400", false),
    ])
    func kinds(code: String, status: UInt, kind: S3Error.Kind, hint: String, retryable: Bool) {
        let error = S3ErrorResponse(
            status: status, headers: [:], body: Array("<Error><Code>\(code)</Code><Message>m</Message></Error>".utf8)
        ).s3Error(operation: "GetObject s3://b/k", signingRegion: "us-east-1")
        #expect(error.kind == kind)
        #expect(error.isRetryable == retryable)
        #expect("\(error)".contains(hint))
        #expect("\(error)".hasPrefix("GetObject s3://b/k"))
        #expect("\(error)".contains(code))
    }

    @Test func wrongRegionNamesBothRegions() {
        let error = S3Error(
            kind: .wrongRegion, operation: "GetObject s3://b/k", status: 301, code: "PermanentRedirect", message: "m",
            bucketRegion: "eu-central-1", signingRegion: "us-east-1")
        #expect("\(error)".contains("the bucket is in eu-central-1, not in AWS_REGION=us-east-1"))
        #expect("\(error)".hasSuffix("set AWS_REGION=eu-central-1"))
    }

    @Test func givingUpAndCutsAreRetryable() {
        #expect(S3Error(kind: .unavailable, operation: "o", message: "m").isRetryable)
        #expect(S3Error(kind: .interrupted, operation: "o", message: "m", resumeOffset: 5).isRetryable)
        #expect(!S3Error(kind: .requestFailed, operation: "o", message: "m").isRetryable)
    }
}
