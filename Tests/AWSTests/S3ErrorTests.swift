import NIOHTTP1
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

    /// An object encrypted with a customer-managed KMS key is refused as S3's AccessDenied when the key may not be
    /// used: the words name the key's actions, and lead with the key when S3's message does.
    @Test func accessDeniedNamesTheKMSKey() {
        func description(_ message: String) -> String {
            let body = "<Error><Code>AccessDenied</Code><Message>\(message)</Message></Error>"
            let response = S3ErrorResponse(status: 403, headers: [:], body: Array(body.utf8))
            return "\(response.s3Error(operation: "GetObject s3://b/k", signingRegion: "us-east-1"))"
        }
        let kms = description(
            "User: arn:aws:sts::123456789012:assumed-role/ingest/fn is not authorized to perform: kms:Decrypt on the"
                + " resource associated with this ciphertext because no identity-based policy allows the kms:Decrypt action"
        )
        #expect(kms.contains("the object is encrypted with a KMS key these credentials may not use"))
        #expect(
            kms.hasSuffix(
                "kms:Decrypt (to read) and kms:GenerateDataKey (to write) on that key (the template's KmsKeyArn)"))
        let plain = description("Access Denied")
        #expect(plain.contains("the IAM policy of these credentials must allow this call on this bucket and key"))
        #expect(
            plain.contains(
                "if the object or the bucket is encrypted with a customer-managed KMS key (SSE-KMS), the key may be the cause"
            ))
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
