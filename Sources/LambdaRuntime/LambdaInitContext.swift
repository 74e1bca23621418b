import AsyncHTTPClient
import Logging

/// The setting a handler is made in.
///
/// What a function gets when it is made, once per container, before the first invocation: the
/// environment to read its configuration from, a logger, and the process's one HTTP client. Making the
/// handler should only read configuration; work that needs the network (fetching a secret, say) belongs
/// in the first invocation, so the runtime asks Lambda for it without delay.
public struct LambdaInitContext: Sendable {
    /// The process environment (configuration comes from here).
    public var environment: [String: String]
    /// A logger for the init phase.
    public var logger: Logger
    /// The process's one HTTP client (from `HTTPTransport.makeClient()`), shared with the runtime.
    public var httpClient: HTTPClient

    /// Makes an init context.
    public init(environment: [String: String], logger: Logger, httpClient: HTTPClient) {
        self.environment = environment
        self.logger = logger
        self.httpClient = httpClient
    }
}
