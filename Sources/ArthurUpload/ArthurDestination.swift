import Transport

/// A validated Arthur upload target.
///
/// Where inferences go: an Arthur host, a model id and the token, checked before any work starts.
public struct ArthurDestination: Sendable {
    public let host: EndpointURL
    public let modelID: String
    public let token: ArthurToken
    /// `ARTHUR_ORGANIZATION_ID`, sent as `Arthur-Organization-ID` (keys that span organizations need it).
    public let organizationID: String?

    /// Checks the host (HTTPS unless loopback), the model id and the organization id, if any.
    public init(
        host: String, modelID: String, token: ArthurToken, organizationID: String? = nil
    ) throws {
        self.host = try Self.checkedHost(host)
        self.modelID = try Self.checkedModelID(modelID)
        self.token = token
        self.organizationID = try organizationID.flatMap { id in
            try Self.checkedOrganizationID(id)
        }
    }

    /// The organization id (nil when empty), or why it cannot be sent as a header.
    public static func checkedOrganizationID(_ id: String) throws -> String? {
        guard !id.isEmpty else { return nil }
        guard id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw ArthurConfigurationError(
                message:
                    "ARTHUR_ORGANIZATION_ID \"\(id)\" is not an organization id: expected printable ASCII, no spaces")
        }
        return id
    }

    /// The host as an endpoint, or why it cannot be one; the token may come later.
    public static func checkedHost(_ host: String) throws -> EndpointURL {
        try EndpointURL(host, name: "ARTHUR_HOST")
    }

    /// The model id, or why it cannot be one.
    public static func checkedModelID(_ modelID: String) throws -> String {
        let allowed = modelID.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F
        }
        guard !modelID.isEmpty, allowed else {
            throw ArthurConfigurationError(
                message: "ARTHUR_MODEL_ID \"\(modelID)\" is not a model id: expected letters, digits, - and _ (a UUID)")
        }
        return modelID
    }

    /// `{host}/api/v3/models/{id}/inferences/integrations/sagemaker_data_capture`.
    public var ingestURL: String {
        "\(host)/api/v3/models/\(modelID)/inferences/integrations/sagemaker_data_capture"
    }

    /// `PATCH` ground truth here.
    public var groundTruthURL: String { "\(host)/api/v3/models/\(modelID)/inferences" }
}

/// A destination setting that cannot work, said in words.
public struct ArthurConfigurationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
