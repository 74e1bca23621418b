// EventBridge events from S3 (`source: aws.s3`). Unlike S3 event notifications, EventBridge carries the
// object key as it is, not URL-encoded (a key with spaces arrives with spaces, `:` as `:`), so it is
// used unchanged. Detail types other than "Object Created" are skipped.

import WireFormat

extension InvocationEventDecoder {
    static func eventBridgeEvent(_ value: JSONValue) throws -> InvocationEvent {
        guard value["source"]?.stringValue == "aws.s3" else {
            let source = value["source"]?.stringValue ?? "(none)"
            throw InvocationEventError(reason: "an EventBridge event from source \(source), not aws.s3")
        }
        return InvocationEvent(
            kind: .eventBridge, records: [eventBridgeRecord(value, location: "payload", unit: .invocation)])
    }

    static func eventBridgeRecord(_ value: JSONValue, location: String, unit: AnswerUnit) -> EventRecord {
        guard value["source"]?.stringValue == "aws.s3" else {
            return malformed(location, unit, "an EventBridge event not from aws.s3")
        }
        let detailType = value["detail-type"]?.stringValue ?? ""
        guard detailType == "Object Created" else {
            return skipped(location, unit, "detail-type \"\(detailType)\" is not Object Created: nothing to read")
        }
        guard let bucket = value.nonEmptyString("detail", "bucket", "name") else {
            return malformed(location, unit, "detail.bucket.name missing")
        }
        guard let key = value.nonEmptyString("detail", "object", "key") else {
            return malformed(location, unit, "detail.object.key missing")
        }
        let object = S3ObjectReference(
            bucket: bucket, key: key, versionID: value.nonEmptyString("detail", "object", "version-id"),
            size: value["detail"]?["object"]?["size"]?.intValue)
        return EventRecord(location: location, unit: unit, content: .object(object))
    }
}
