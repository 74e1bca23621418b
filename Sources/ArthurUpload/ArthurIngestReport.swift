import CaptureFormat
import WireFormat

/// What Arthur accepted of one upload.
///
/// Arthur's answer to an upload: counts and the inferences it did not take, read from the 207 body
/// `{"counts":{"success","failure","total"},"failures":[{"message","status","event_id","inference_index_in_event"}]}`.
///
/// Read leniently, as the SPEC asks: counts and statuses may be written as floats (`3.0`), and a missing or
/// null field is noted in ``ArthurIngestReport/problems`` (and left nil) rather than failing the read. Whether
/// the answer accounts for what was sent is for the caller to judge: it knows what it sent.
public struct ArthurIngestReport: Sendable, Equatable {
    /// `counts.success`: inferences Arthur took; nil when missing or unreadable.
    public var success: Int?
    /// `counts.failure`: inferences Arthur refused; nil when missing or unreadable.
    public var failure: Int?
    /// `counts.total`; nil when missing or unreadable.
    public var total: Int?
    /// The `failures` items, in the order Arthur listed them.
    public var failures: [ArthurInferenceFailure]
    /// Fields that were missing, null or of the wrong type, in words (`counts.failure missing`).
    public var problems: [String]

    /// A report from its parts.
    public init(success: Int?, failure: Int?, total: Int?, failures: [ArthurInferenceFailure], problems: [String] = [])
    {
        self.success = success
        self.failure = failure
        self.total = total
        self.failures = failures
        self.problems = problems
    }

    /// Reads a 207 body; nil when it is not a JSON object holding `counts` or `failures`.
    public init?(json bytes: [UInt8]) {
        guard let root = try? JSONReader.parse(bytes), root.objectValue != nil,
            root["counts"] != nil || root["failures"] != nil
        else { return nil }
        var problems: [String] = []
        let counts = root["counts"]
        if counts?.objectValue == nil { problems.append("counts " + Self.missingOrWrong(counts, "an object")) }
        func count(_ key: String) -> Int? {
            let value = counts?[key]
            if let number = value.flatMap(Self.wholeNumber) { return number }
            if counts?.objectValue != nil { problems.append("counts.\(key) " + Self.missingOrWrong(value, "a count")) }
            return nil
        }
        success = count("success")
        failure = count("failure")
        total = count("total")
        var failures: [ArthurInferenceFailure] = []
        if let items = root["failures"]?.arrayValue {
            for (index, item) in items.enumerated() {
                guard item.objectValue != nil else {
                    problems.append("failures[\(index)] is not an object")
                    failures.append(
                        ArthurInferenceFailure(message: "no message", status: nil, eventID: nil, indexInEvent: nil))
                    continue
                }
                let failure = ArthurInferenceFailure(
                    message: item["message"]?.stringValue ?? "no message",
                    status: item["status"].flatMap(Self.wholeNumber),
                    eventID: item["event_id"]?.stringValue,
                    indexInEvent: item["inference_index_in_event"].flatMap(Self.wholeNumber))
                for (key, present) in [
                    ("status", failure.status != nil), ("event_id", failure.eventID != nil),
                    ("inference_index_in_event", failure.indexInEvent != nil),
                ] where !present {
                    problems.append("failures[\(index)].\(key) " + Self.missingOrWrong(item[key], "a value"))
                }
                failures.append(failure)
            }
        } else {
            problems.append("failures " + Self.missingOrWrong(root["failures"], "an array"))
        }
        self.failures = failures
        self.problems = problems
    }

    /// A JSON number with no fractional part (`3`, `3.0`, `1e2`) as an `Int`; nil for anything else.
    static func wholeNumber(_ value: JSONValue) -> Int? {
        guard case .number(let text) = value else { return nil }
        if let exact = Int(text) { return exact }
        guard let double = Double(text), double.rounded() == double, abs(double) < 1e15 else { return nil }
        return Int(double)
    }

    private static func missingOrWrong(_ value: JSONValue?, _ expected: String) -> String {
        switch value {
        case nil: return "missing"
        case .null?: return "null"
        default: return "is not \(expected)"
        }
    }
}

/// One inference Arthur reported as failed.
public struct ArthurInferenceFailure: Sendable, Equatable {
    /// Arthur's words for the failure.
    public var message: String
    /// The item's HTTP-like status: 4xx is a refusal of the inference, 5xx Arthur's own trouble (worth resending).
    public var status: Int?
    /// `event_id`: the line's `eventId` or `inferenceId`.
    public var eventID: String?
    /// `inference_index_in_event`: the row within the line.
    public var indexInEvent: Int?

    /// Makes a failure from its parts.
    public init(message: String, status: Int?, eventID: String?, indexInEvent: Int?) {
        self.message = message
        self.status = status
        self.eventID = eventID
        self.indexInEvent = indexInEvent
    }

    /// True when Arthur failed the item for its own reasons (status 5xx): the line may go through if sent again.
    public var isArthursTrouble: Bool { status.map { (500...599).contains($0) } ?? false }
}
