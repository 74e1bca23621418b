import Testing
import Transport

@testable import AWS

/// Credentials, region and endpoints from the standard environment, and the secret that never prints.
@Suite struct AWSConfigurationTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let environment = [
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": "session-tok",
        "AWS_REGION": "eu-west-1",
    ]

    @Test func credentialsFromTheEnvironment() throws {
        let credentials = try AWSCredentials.fromEnvironment(Self.environment)
        #expect(credentials.accessKeyID == "AKIDEXAMPLE")
        #expect(credentials.secretAccessKey == Self.secret)
        #expect(credentials.hasSessionToken)
        var noToken = Self.environment
        noToken["AWS_SESSION_TOKEN"] = ""
        #expect(try !AWSCredentials.fromEnvironment(noToken).hasSessionToken)
    }

    @Test(arguments: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"])
    func missingVariableIsNamed(variable: String) {
        var environment = Self.environment
        environment[variable] = nil
        #expect(throws: AWSConfigurationError(variable: variable, problem: "is not set")) {
            try AWSCredentials.fromEnvironment(environment)
        }
    }

    @Test func secretsNeverPrint() throws {
        let credentials = try AWSCredentials.fromEnvironment(Self.environment)
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in ["\(credentials)", String(reflecting: credentials), dumped] {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains("session-tok"))
        }
        #expect("\(credentials)".contains("AKIDEXAMPLE"))
        let signer = SigV4Signer(credentials: credentials, region: AWSRegion("us-east-1")!, service: "s3", form: .s3)
        var dumpedSigner = ""
        dump(signer, to: &dumpedSigner)
        #expect(!dumpedSigner.contains(Self.secret))
    }

    @Test func regionPrefersAWSRegion() throws {
        #expect(
            try AWSRegion.fromEnvironment(["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-west-2"]).name
                == "eu-west-1")
        #expect(try AWSRegion.fromEnvironment(["AWS_DEFAULT_REGION": "us-west-2"]).name == "us-west-2")
        #expect(
            throws: AWSConfigurationError(variable: "AWS_REGION", problem: "is not set: set it to the bucket's region")
        ) {
            try AWSRegion.fromEnvironment([:])
        }
        #expect(throws: AWSConfigurationError.self) { try AWSRegion.fromEnvironment(["AWS_REGION": "eu west/1"]) }
        #expect(throws: AWSConfigurationError.self) { try AWSRegion.fromEnvironment(["AWS_REGION": "EU-WEST-1"]) }
    }

    @Test func s3EndpointLookupOrder() throws {
        let region = AWSRegion("eu-west-1")!
        #expect(
            try AWSService.s3.endpoint(region: region, environment: [:]).description
                == "https://s3.eu-west-1.amazonaws.com")
        #expect(
            try AWSService.s3.endpoint(region: AWSRegion("cn-north-1")!, environment: [:]).description
                == "https://s3.cn-north-1.amazonaws.com.cn")
        let both = ["AWS_ENDPOINT_URL": "http://localhost:4566", "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000/"]
        #expect(try AWSService.s3.endpoint(region: region, environment: both).description == "http://127.0.0.1:9000")
        #expect(
            try AWSService.s3.endpoint(region: region, environment: ["AWS_ENDPOINT_URL": "http://localhost:4566"])
                .description == "http://localhost:4566")
    }

    @Test func secretsManagerEndpointUsesTheSDKVariableName() throws {
        let region = AWSRegion("us-east-2")!
        #expect(AWSService.secretsManager.endpointVariable == "AWS_ENDPOINT_URL_SECRETS_MANAGER")
        #expect(
            try AWSService.secretsManager.endpoint(region: region, environment: [:]).description
                == "https://secretsmanager.us-east-2.amazonaws.com")
        let environment = [
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": "https://vpce-1.secretsmanager.us-east-2.vpce.amazonaws.com",
            "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:1",
        ]
        #expect(
            try AWSService.secretsManager.endpoint(region: region, environment: environment).host
                == "vpce-1.secretsmanager.us-east-2.vpce.amazonaws.com")
    }

    @Test func plainHTTPOnlyToLoopback() {
        #expect {
            try AWSService.s3.endpoint(
                region: AWSRegion("us-east-1")!, environment: ["AWS_ENDPOINT_URL_S3": "http://minio.internal:9000"])
        } throws: { error in
            let description = "\(error)"
            return description.hasPrefix("AWS_ENDPOINT_URL_S3") && description.contains("https")
        }
    }

    @Test func hostHeaderDropsDefaultPorts() throws {
        #expect(try EndpointURL("https://s3.amazonaws.com:443", name: "x").hostHeader == "s3.amazonaws.com")
        #expect(try EndpointURL("http://127.0.0.1:80", name: "x").hostHeader == "127.0.0.1")
        #expect(try EndpointURL("http://127.0.0.1:9000", name: "x").hostHeader == "127.0.0.1:9000")
        #expect(try EndpointURL("http://[::1]:9000", name: "x").hostHeader == "[::1]:9000")
    }

    @Test func clientsReadTheEnvironment() throws {
        let transport = TestTransport.make()
        let s3 = try S3Client.fromEnvironment(Self.environment, transport: transport)
        #expect(s3.endpoint.description == "https://s3.eu-west-1.amazonaws.com")
        #expect(s3.signer.region.name == "eu-west-1")
        let secrets = try SecretsManagerClient.fromEnvironment(Self.environment, transport: transport)
        #expect(secrets.endpoint.description == "https://secretsmanager.eu-west-1.amazonaws.com")
        #expect(throws: AWSConfigurationError.self) {
            try S3Client.fromEnvironment(["AWS_REGION": "eu-west-1"], transport: transport)
        }
    }
}
