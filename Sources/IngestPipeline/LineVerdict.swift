/// The end of one uploaded line's story.
///
/// What became of one line of an upload once Arthur answered (or did not).
enum LineVerdict: Sendable, Equatable {
    /// Arthur took every inference of the line.
    case uploaded
    /// Arthur refused some of the line's inferences (a 4xx item), with its messages; the others it took.
    case refused(reason: String, failedInferences: Int)
    /// Arthur failed the line only for its own reasons (5xx items): it may go through if sent again.
    case resend(reason: String)
    /// The line cannot be counted as uploaded: no answer, or one that does not account for it.
    /// `sendAgainOnRerun` is true when Arthur surely did not store it (a rerun with progress sends it again),
    /// false when it may have (a rerun keeps it in the dead letter rather than risk a duplicate).
    case notUploaded(reason: String, sendAgainOnRerun: Bool)

    /// The reason a line is not counted as uploaded, if it is not.
    var reason: String? {
        switch self {
        case .uploaded: return nil
        case .refused(let reason, _), .resend(let reason), .notUploaded(let reason, _): return reason
        }
    }
}
