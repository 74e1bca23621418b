#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A region name, checked to be a plain host-name label so it can go into endpoint names.
///
/// The AWS region requests go to and are signed for (`us-east-1`, `eu-west-1`, …).
public struct AWSRegion: Sendable, Equatable, CustomStringConvertible {
    public let name: String

    /// Wraps `name`; nil unless it is lower-case letters, digits and `-`.
    public init?(_ name: String) {
        guard !name.isEmpty, name.utf8.allSatisfy({ $0.isLowercaseAlphanumeric || $0 == UInt8(ascii: "-") }) else {
            return nil
        }
        self.name = name
    }

    public var description: String { name }

    /// `AWS_REGION`, else `AWS_DEFAULT_REGION` (the AWS CLI's older name).
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AWSRegion {
        for variable in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            guard let value = environment[variable], !value.isEmpty else { continue }
            guard let region = AWSRegion(value) else {
                throw AWSConfigurationError(
                    variable: variable, problem: "is not a region name like us-east-1 (got \(value.debugDescription))")
            }
            return region
        }
        throw AWSConfigurationError(variable: "AWS_REGION", problem: "is not set: set it to the bucket's region")
    }

    /// The DNS suffix of the region's partition: `amazonaws.com.cn` in China, `amazonaws.com` elsewhere.
    var dnsSuffix: String { name.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com" }
}

extension UInt8 {
    fileprivate var isLowercaseAlphanumeric: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
