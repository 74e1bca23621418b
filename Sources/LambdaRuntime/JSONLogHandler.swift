import Logging
import WireFormat

/// JSON lines on standard output.
///
/// A swift-log handler that prints one JSON object per line on standard output, the format CloudWatch
/// Logs and Lambda's JSON log settings understand:
/// `{"timestamp":"2024-01-19T19:27:57.123Z","level":"INFO","message":"…","requestId":"…","logger":"…","metadata":{…}}`.
/// Levels use Lambda's names (`TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR`, `FATAL`) so Lambda's log-level
/// filter applies; the request id comes from the `aws-request-id` metadata ``LambdaContext`` sets.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: LogLineWriter

    /// A handler for `label` writing to standard output, at `level` and above.
    public init(label: String, level: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil) {
        self.init(label: label, level: level, metadataProvider: metadataProvider, output: .standardOutput)
    }

    init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider?, output: LogLineWriter) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let requestID = merged.removeValue(forKey: "aws-request-id")
        var members = [
            JSONMember("timestamp", .string(LogTimestamp.now())),
            JSONMember("level", .string(Self.lambdaLevelName(event.level))),
            JSONMember("message", .string(event.message.description)),
        ]
        if let requestID { members.append(JSONMember("requestId", .string(requestID.description))) }
        members.append(JSONMember("logger", .string(label)))
        if let error = event.error { members.append(JSONMember("error", .string(String(describing: error)))) }
        if !merged.isEmpty {
            let sorted = merged.sorted { $0.key < $1.key }
            members.append(JSONMember("metadata", .object(sorted.map { JSONMember($0.key, Self.json($0.value)) })))
        }
        var line: [UInt8] = []
        JSONWriter.write(.object(members), into: &line)
        line.append(UInt8(ascii: "\n"))
        output.write(line)
    }

    /// Lambda's name for a swift-log level (`notice` is `INFO`, `critical` is `FATAL`).
    public static func lambdaLevelName(_ level: Logger.Level) -> String {
        switch level {
        case .trace: return "TRACE"
        case .debug: return "DEBUG"
        case .info, .notice: return "INFO"
        case .warning: return "WARN"
        case .error: return "ERROR"
        case .critical: return "FATAL"
        }
    }

    /// The swift-log level for Lambda's `AWS_LAMBDA_LOG_LEVEL` value, nil when it is not one.
    public static func level(lambdaName name: String) -> Logger.Level? {
        switch name.uppercased() {
        case "TRACE": return .trace
        case "DEBUG": return .debug
        case "INFO": return .info
        case "WARN", "WARNING": return .warning
        case "ERROR": return .error
        case "FATAL": return .critical
        default: return nil
        }
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let string): return .string(string)
        case .stringConvertible(let convertible): return .string(convertible.description)
        case .array(let values): return .array(values.map(json))
        case .dictionary(let dictionary):
            return .object(dictionary.sorted { $0.key < $1.key }.map { JSONMember($0.key, json($0.value)) })
        }
    }
}
