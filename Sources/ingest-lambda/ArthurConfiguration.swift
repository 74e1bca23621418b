import ArthurUpload
import Transport

/// The function's Arthur settings: host, model, organization and where the token comes from.
///
/// Read from `ARTHUR_HOST`, `ARTHUR_MODEL_ID`, `ARTHUR_ORGANIZATION_ID` and `ARTHUR_ACCESS_TOKEN` or
/// `ARTHUR_ACCESS_TOKEN_SECRET_ARN`; a missing or wrong one is an error naming the variable.
struct ArthurConfiguration: Sendable {
    /// Where the Arthur token comes from.
    enum TokenSource: Sendable {
        case environment(ArthurToken)
        case secret(arn: String)
    }

    var host: EndpointURL
    var modelID: String
    var organizationID: String?
    var token: TokenSource

    init(environment: [String: String]) throws {
        func required(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else {
                throw ConfigurationError("\(name) is not set")
            }
            return value
        }
        host = try ArthurDestination.checkedHost(try required("ARTHUR_HOST"))
        modelID = try ArthurDestination.checkedModelID(try required("ARTHUR_MODEL_ID"))
        organizationID = try ArthurDestination.checkedOrganizationID(environment["ARTHUR_ORGANIZATION_ID"] ?? "")
        if let token = environment["ARTHUR_ACCESS_TOKEN"], !token.isEmpty {
            guard let wrapped = ArthurToken(token) else {
                throw ConfigurationError("ARTHUR_ACCESS_TOKEN holds white space: check how it was set")
            }
            self.token = .environment(wrapped)
        } else if let arn = environment["ARTHUR_ACCESS_TOKEN_SECRET_ARN"], !arn.isEmpty {
            self.token = .secret(arn: arn)
        } else {
            throw ConfigurationError("set ARTHUR_ACCESS_TOKEN_SECRET_ARN (or ARTHUR_ACCESS_TOKEN) for the Arthur token")
        }
    }
}
