/// An `s3://` address that cannot be used, and why.
public struct S3URIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var uri: String
    public var problem: String
    public var description: String { "\(uri) \(problem)" }
}
