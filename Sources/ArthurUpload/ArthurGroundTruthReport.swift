// Arthur's answer to a `PATCH /api/v3/models/{id}/inferences` of ground truth (arthur-client, `InferencesResponse`):
// 207 `{"counts":{"success","failure","total"},"results":[{"message","status"},…]}`, one result per item in request
// order. Read leniently, as the ingest report is: counts and statuses may be floats, and a missing or null field is
// noted in `problems`, never a crash.

import WireFormat

/// What Arthur did with each ground-truth item of one request.
public struct ArthurGroundTruthReport: Sendable, Equatable {
    /// One item's result.
    public struct Result: Sendable, Equatable {
        /// `message`: "success" or Arthur's words for the failure.
        public var message: String
        /// `status`: the item's HTTP-like status; nil when missing or unreadable.
        public var status: Int?

        /// Makes a result from its parts.
        public init(message: String, status: Int?) {
            self.message = message
            self.status = status
        }

        /// True when the item was taken (a 2xx status).
        public var succeeded: Bool { status.map { (200...299).contains($0) } ?? false }
        /// True when Arthur failed the item for its own reasons (5xx): it may go through if sent again.
        public var isArthursTrouble: Bool { status.map { (500...599).contains($0) } ?? false }
    }

    /// `counts.success`, `counts.failure`, `counts.total`; nil when missing or unreadable.
    public var success: Int?
    public var failure: Int?
    public var total: Int?
    /// `results`, in request order.
    public var results: [Result]
    /// Fields that were missing, null or of the wrong type, in words.
    public var problems: [String]

    /// Reads a 207 body; nil when it is not a JSON object holding `results`.
    public init?(json bytes: [UInt8]) {
        guard let root = try? JSONReader.parse(bytes), root.objectValue != nil, let items = root["results"]?.arrayValue
        else { return nil }
        var problems: [String] = []
        let counts = root["counts"]
        func count(_ key: String) -> Int? {
            guard let value = counts?[key], let number = ArthurIngestReport.wholeNumber(value) else {
                problems.append("counts.\(key) missing or not a count")
                return nil
            }
            return number
        }
        success = count("success")
        failure = count("failure")
        total = count("total")
        results = items.enumerated().map { index, item in
            let status = item["status"].flatMap(ArthurIngestReport.wholeNumber)
            if status == nil { problems.append("results[\(index)].status missing or not a status") }
            return Result(message: item["message"]?.stringValue ?? "no message", status: status)
        }
        self.problems = problems
    }
}
