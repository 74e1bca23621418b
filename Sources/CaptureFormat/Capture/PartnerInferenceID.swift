/// The id Arthur keys an inference by: the capture's `inferenceId` when present and non-empty, else its
/// `eventId`; a request of N > 1 rows gives `<id>_0` … `<id>_{N-1}` in request order, so the ids of a line never
/// depend on how the file is chunked.

/// The partner inference ids of a capture line.
enum PartnerInferenceID {
    /// The id a line's rows share before suffixing.
    static func base(eventID: String, inferenceID: String?) -> String {
        inferenceID ?? eventID
    }

    /// The id of row `index` of `count` rows.
    static func forRow(_ index: Int, of count: Int, base: String) -> String {
        count == 1 ? base : "\(base)_\(index)"
    }
}
