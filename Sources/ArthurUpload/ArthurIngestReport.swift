/// Arthur's answer to an upload: counts and the inferences it did not take, read from the 207 body
/// `{"counts":{"success","failure","total"},"failures":[{"message","status","event_id","inference_index_in_event"}]}`.

import CaptureFormat

/// What Arthur accepted of one upload.
public struct ArthurIngestReport: Sendable, Equatable {
    public var success: Int
    public var failure: Int
    public var total: Int
    public var failures: [ArthurInferenceFailure]

    public init(success: Int, failure: Int, total: Int, failures: [ArthurInferenceFailure]) {
        self.success = success
        self.failure = failure
        self.total = total
        self.failures = failures
    }

    /// Reads a 207 body; nil when it is not of that shape.
    public init?(json bytes: [UInt8]) {
        guard let root = try? JSONReader.parse(bytes), let counts = root["counts"],
            let success = counts["success"]?.intValue, let failure = counts["failure"]?.intValue
        else { return nil }
        self.success = success
        self.failure = failure
        self.total = counts["total"]?.intValue ?? success + failure
        self.failures = (root["failures"]?.arrayValue ?? []).map { item in
            ArthurInferenceFailure(
                message: item["message"]?.stringValue ?? "no message",
                status: item["status"]?.intValue,
                eventID: item["event_id"]?.stringValue,
                indexInEvent: item["inference_index_in_event"]?.intValue)
        }
    }
}

/// One inference Arthur reported as failed.
public struct ArthurInferenceFailure: Sendable, Equatable {
    public var message: String
    public var status: Int?
    public var eventID: String?
    public var indexInEvent: Int?

    public init(message: String, status: Int?, eventID: String?, indexInEvent: Int?) {
        self.message = message
        self.status = status
        self.eventID = eventID
        self.indexInEvent = indexInEvent
    }
}
