#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Credentials for Signature Version 4.
///
/// The AWS access key pair (and optional session token) that requests are signed with.
///
/// Read from the standard environment variables every AWS SDK reads. The secret key and the session
/// token never print: `description`, `debugDescription` and the mirror show only the access key id.
public struct AWSCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The public half, e.g. `AKIAIOSFODNN7EXAMPLE`; safe to print.
    public let accessKeyID: String
    let secretAccessKey: String
    let sessionToken: String?

    /// Whether a session token (temporary credentials) is set.
    public var hasSessionToken: Bool { sessionToken != nil }

    /// Wraps a key pair; an empty `sessionToken` counts as none.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional `AWS_SESSION_TOKEN`.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AWSCredentials {
        let accessKeyID = try AWSConfigurationError.require("AWS_ACCESS_KEY_ID", in: environment)
        let secret = try AWSConfigurationError.require("AWS_SECRET_ACCESS_KEY", in: environment)
        guard !accessKeyID.contains(where: \.isWhitespace) else {
            throw AWSConfigurationError(variable: "AWS_ACCESS_KEY_ID", problem: "holds white space")
        }
        return AWSCredentials(
            accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
    }

    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>"
            + (sessionToken == nil ? ")" : ", sessionToken: <redacted>)")
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["accessKeyID": accessKeyID]) }
}
