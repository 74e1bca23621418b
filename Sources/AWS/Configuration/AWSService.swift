import Transport

/// A service: its signing name, its default host and its endpoint variable.
///
/// The AWS services this package talks to, and where each one's endpoint comes from.
///
/// The lookup order is the one every AWS SDK follows ("service-specific endpoints"):
/// `AWS_ENDPOINT_URL_<SERVICE>` (the service id in upper case, spaces as `_`: `AWS_ENDPOINT_URL_S3`,
/// `AWS_ENDPOINT_URL_SECRETS_MANAGER`), then `AWS_ENDPOINT_URL`, then the region's public endpoint.
/// S3 is always addressed path-style (`https://host/bucket/key`): it works for every bucket name,
/// with custom endpoints and with local emulators, and needs no per-bucket DNS.
/// Plain `http` is accepted only for loopback hosts (`EndpointURL`).
public struct AWSService: Sendable, Equatable {
    /// The name in the SigV4 credential scope, e.g. `s3`.
    public let signingName: String
    /// The first label of the public host name, e.g. `secretsmanager`.
    let hostPrefix: String
    /// The service-specific endpoint variable, e.g. `AWS_ENDPOINT_URL_S3`.
    public let endpointVariable: String

    public static let s3 = AWSService(signingName: "s3", hostPrefix: "s3", endpointVariable: "AWS_ENDPOINT_URL_S3")
    public static let secretsManager = AWSService(
        signingName: "secretsmanager", hostPrefix: "secretsmanager",
        endpointVariable: "AWS_ENDPOINT_URL_SECRETS_MANAGER")

    /// The endpoint from the environment, else `https://<service>.<region>.amazonaws.com`.
    public func endpoint(region: AWSRegion, environment: [String: String]) throws -> EndpointURL {
        for variable in [endpointVariable, "AWS_ENDPOINT_URL"] {
            guard let value = environment[variable], !value.isEmpty else { continue }
            return try EndpointURL(value, name: variable)
        }
        return try EndpointURL("https://\(hostPrefix).\(region.name).\(region.dnsSuffix)", name: "AWS_REGION")
    }
}
