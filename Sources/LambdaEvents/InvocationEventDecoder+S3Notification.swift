// One record of an S3 event notification (`Records[].s3`). Only the fields the function needs are
// required, so partial records (no `userIdentity`, no `size`) are read; keys are form-URL-decoded as S3
// documents (`+` is a space, then percent-decoding); records other than `ObjectCreated:*` are skipped.

import WireFormat

extension InvocationEventDecoder {
    static func s3Record(_ record: JSONValue, location: String, unit: AnswerUnit) -> EventRecord {
        guard case .object = record else { return malformed(location, unit, "the record is \(record.kindName)") }
        guard let eventName = record.nonEmptyString("eventName") else {
            return malformed(location, unit, "eventName missing: not an S3 event record")
        }
        let name = eventName.hasPrefix("s3:") ? String(eventName.dropFirst(3)) : eventName
        guard name.hasPrefix("ObjectCreated:") else {
            return skipped(location, unit, "\(eventName) is not an object creation: nothing to read")
        }
        guard let bucket = record.nonEmptyString("s3", "bucket", "name") else {
            return malformed(location, unit, "s3.bucket.name missing")
        }
        guard let encodedKey = record.nonEmptyString("s3", "object", "key") else {
            return malformed(location, unit, "s3.object.key missing")
        }
        guard let key = FormURLDecoding.decode(encodedKey) else {
            return malformed(location, unit, "s3.object.key \"\(encodedKey)\" is not URL-encoded UTF-8 as S3 sends it")
        }
        let object = S3ObjectReference(
            bucket: bucket, key: key, versionID: record.nonEmptyString("s3", "object", "versionId"),
            size: record["s3"]?["object"]?["size"]?.intValue)
        return EventRecord(location: location, unit: unit, content: .object(object))
    }
}
