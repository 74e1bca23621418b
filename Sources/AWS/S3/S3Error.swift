import Transport

/// A failed S3 call.
///
/// Why an S3 call failed, in words a user can act on, and whether trying again could help.
///
/// S3's own error code and message are kept; the description adds what to check (the key, the bucket,
/// the credentials, `AWS_REGION`, IAM). ``isRetryable`` is what the Lambda uses to decide whether an
/// invocation should fail (so that Lambda retries it) or the problem is permanent.
public struct S3Error: RetryAdvice, Sendable, CustomStringConvertible {
    /// What went wrong, by what the user would have to change.
    public enum Kind: Sendable, Equatable {
        /// `NoSuchKey`: no object under that key (or no permission to list the bucket, which S3 reports as 403).
        case noSuchKey
        /// `NoSuchBucket`.
        case noSuchBucket
        /// `AccessDenied`: the IAM policy does not allow the call, or the KMS key of an encrypted object refuses it.
        case accessDenied
        /// `SignatureDoesNotMatch`, `InvalidAccessKeyId`: wrong key id or secret key.
        case badCredentials
        /// `ExpiredToken`, `InvalidToken`, `TokenRefreshRequired`: the session token is stale or wrong.
        case badSessionToken
        /// `PermanentRedirect`, `AuthorizationHeaderMalformed`, `IllegalLocationConstraintException`: the
        /// bucket is in another region than the one requests are signed for.
        case wrongRegion
        /// `RequestTimeTooSkewed`: this machine's clock is off.
        case clockSkew
        /// `InvalidRange`: a download resumed past the object's end.
        case invalidRange
        /// `PreconditionFailed`: the object changed since a download began.
        case objectChanged
        /// A conditional write (`If-None-Match: *`, `If-Match`) found the object other than expected: another
        /// writer created or replaced it first (412 `PreconditionFailed`, 409 `ConditionalRequestConflict`).
        case conditionFailed
        /// The answer's body ended before its announced length (a cut connection); resume from ``resumeOffset``.
        case interrupted
        /// Retries ran out on 429, 5xx (`SlowDown`, `InternalError`), timeouts or lost connections.
        case unavailable
        /// The request could not be made at all (bad URL, client shut down).
        case requestFailed
        /// Any other answer S3 gave.
        case other
    }

    public var kind: Kind
    /// The call and its object, e.g. `GetObject s3://bucket/key`.
    public var operation: String
    /// The HTTP status, when S3 answered.
    public var status: UInt?
    /// S3's error code, e.g. `NoSuchKey`.
    public var code: String?
    /// S3's message, or what went wrong on the way.
    public var message: String
    /// The bucket's region when S3 named it (wrong-region errors).
    public var bucketRegion: String?
    /// The region requests were signed for.
    public var signingRegion: String?
    /// For ``Kind/interrupted``: the object offset to resume the download from.
    public var resumeOffset: Int64?

    public init(
        kind: Kind, operation: String, status: UInt? = nil, code: String? = nil, message: String,
        bucketRegion: String? = nil, signingRegion: String? = nil, resumeOffset: Int64? = nil
    ) {
        self.kind = kind
        self.operation = operation
        self.status = status
        self.code = code
        self.message = message
        self.bucketRegion = bucketRegion
        self.signingRegion = signingRegion
        self.resumeOffset = resumeOffset
    }

    /// True when the same call may succeed later (throttling, outages, cut connections); false when
    /// something must be changed first (a name, the credentials, the region, a policy).
    public var isRetryable: Bool {
        switch kind {
        case .unavailable, .interrupted: return true
        case .other: return status.map { $0 >= 500 || $0 == 429 } ?? false
        default: return false
        }
    }

    public var description: String {
        let answer = code.map { "\($0): \(message)" } ?? message
        switch kind {
        case .noSuchKey:
            return "\(operation): no such key (\(answer))"
        case .noSuchBucket:
            return "\(operation): no such bucket (\(answer)): check the bucket name"
        case .accessDenied:
            // A key policy or the role's KMS grants refuse as S3's AccessDenied too: say so, since the IAM policy
            // for S3 may be right.
            let keyHint =
                "kms:Decrypt (to read) and kms:GenerateDataKey (to write) on that key (the template's KmsKeyArn)"
            if message.lowercased().contains("kms") {
                return
                    "\(operation): access denied (\(answer)): the object is encrypted with a KMS key these credentials may not use: they need \(keyHint)"
            }
            return
                "\(operation): access denied (\(answer)): the IAM policy of these credentials must allow this call on this bucket and key; if the object or the bucket is encrypted with a customer-managed KMS key (SSE-KMS), the key may be the cause: they also need \(keyHint)"
        case .badCredentials:
            return
                "\(operation): S3 refused the credentials (\(answer)): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN if the keys are temporary)"
        case .badSessionToken:
            return "\(operation): S3 refused the session token (\(answer)): refresh AWS_SESSION_TOKEN"
        case .wrongRegion:
            let signed = signingRegion.map { "AWS_REGION=\($0)" } ?? "AWS_REGION"
            if let bucketRegion {
                return
                    "\(operation): the bucket is in \(bucketRegion), not in \(signed) (\(answer)): set AWS_REGION=\(bucketRegion)"
            }
            return "\(operation): the bucket is in another region than \(signed) (\(answer)): check AWS_REGION"
        case .clockSkew:
            return "\(operation): this machine's clock is too far off (\(answer)): check the system time"
        case .invalidRange:
            return "\(operation): the requested start offset is past the end of the object (\(answer))"
        case .objectChanged:
            return "\(operation): the object changed while it was being read (\(answer)): read it again from the start"
        case .conditionFailed:
            return "\(operation): another writer created or replaced the object first (\(answer))"
        case .interrupted:
            return "\(operation): \(message)"
        case .unavailable, .requestFailed:
            return message
        case .other:
            return "\(operation): S3 answered HTTP \(status.map(String.init) ?? "?") (\(answer))"
        }
    }

    /// The kind for an S3 error code.
    static func kind(code: String?, status: UInt) -> Kind {
        switch code {
        case "NoSuchKey": return .noSuchKey
        case "NoSuchBucket": return .noSuchBucket
        case "AccessDenied", "AllAccessDisabled", "AccountProblem": return .accessDenied
        case "SignatureDoesNotMatch", "InvalidAccessKeyId": return .badCredentials
        case "ExpiredToken", "InvalidToken", "TokenRefreshRequired": return .badSessionToken
        case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException":
            return .wrongRegion
        case "RequestTimeTooSkewed": return .clockSkew
        case "InvalidRange": return .invalidRange
        case "PreconditionFailed": return .objectChanged
        default:
            switch status {
            case 301, 307: return .wrongRegion
            case 412: return .objectChanged
            case 416: return .invalidRange
            default: return .other
            }
        }
    }

    /// The error for a call that gave up in ``HTTPTransport``.
    init(_ error: TransportError, operation: String) {
        self.init(
            kind: error.isRetryable ? .unavailable : .requestFailed, operation: operation, message: error.description)
    }
}
