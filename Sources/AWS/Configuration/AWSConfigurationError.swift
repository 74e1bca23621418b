/// A configuration problem: which variable, and what is wrong with it.
public struct AWSConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The environment variable, e.g. `AWS_ACCESS_KEY_ID`.
    public var variable: String
    public var problem: String

    public init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }

    public var description: String { "\(variable) \(problem)" }

    /// The value of `variable`, or an error saying it is not set.
    static func require(_ variable: String, in environment: [String: String]) throws -> String {
        guard let value = environment[variable], !value.isEmpty else {
            throw AWSConfigurationError(variable: variable, problem: "is not set")
        }
        return value
    }
}
