// Why a ground-truth record is not sent: each reason names the field or row and what was expected, like a capture
// line's rejection, so a user can fix the record and send it again.

/// A ground-truth record that cannot be sent to Arthur, and why.
public struct GroundTruthRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reason, as printed and kept in the dead letter.
    public var description: String

    /// A rejection saying `description`.
    public init(_ description: String) { self.description = description }

    /// The reason of a ground-truth record sent without the model's schema, which keys it.
    public static let needsSchema = GroundTruthRejection(
        "ground truth needs the model's schema (its GROUND_TRUTH or GROUND_TRUTH_CLASS attributes key each value), "
            + "and the schema check is off: send ground truth without --no-schema-check (Lambda: SCHEMA_CHECK=on)")

    /// The reason of a ground-truth record in a run that writes files only: files hold inferences, and ground truth
    /// goes to Arthur.
    public static let onlyForArthur = GroundTruthRejection(
        "ground truth is sent to Arthur only (files hold inferences), and no Arthur destination is configured: "
            + "send it with ARTHUR_HOST, ARTHUR_MODEL_ID and the token set")
}
