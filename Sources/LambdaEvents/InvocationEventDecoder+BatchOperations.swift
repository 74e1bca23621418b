// S3 Batch Operations invocations, schema 1.0 (`s3BucketArn`) and 2.0 (`s3Bucket`, `userArguments`).
// `s3Key` is form-URL-encoded in both schemas, as in the job's manifest (AWS Lambda Powertools decodes it
// with `unquote_plus` for both). A task without `taskId` cannot be answered: S3 counts it as failed,
// because the answer says `treatMissingKeysAs: PermanentFailure`.

import WireFormat

extension InvocationEventDecoder {
    static func batchOperationsEvent(_ value: JSONValue) throws -> InvocationEvent {
        guard let schemaVersion = value.nonEmptyString("invocationSchemaVersion") else {
            throw InvocationEventError(reason: "S3 Batch Operations event without invocationSchemaVersion")
        }
        guard let invocationID = value.nonEmptyString("invocationId") else {
            throw InvocationEventError(reason: "S3 Batch Operations event without invocationId: it cannot be answered")
        }
        guard let tasks = value["tasks"]?.arrayValue else {
            throw InvocationEventError(reason: "S3 Batch Operations event without a tasks array")
        }
        var userArguments: [String: String] = [:]
        for member in value["job"]?["userArguments"]?.objectValue ?? [] {
            if let text = member.value.stringValue { userArguments[member.key] = text }
        }
        let job = BatchOperationsJob(
            schemaVersion: schemaVersion, invocationID: invocationID, jobID: value.nonEmptyString("job", "id"),
            userArguments: userArguments)
        let records = tasks.enumerated().map { index, task in batchTask(task, location: "tasks[\(index)]") }
        return InvocationEvent(kind: .batchOperations(job), records: records)
    }

    private static func batchTask(_ task: JSONValue, location: String) -> EventRecord {
        guard let taskID = task.nonEmptyString("taskId") else {
            return malformed(location, .invocation, "taskId missing: the task cannot be answered")
        }
        let unit = AnswerUnit.batchTask(id: taskID)
        guard let encodedKey = task.nonEmptyString("s3Key") else { return malformed(location, unit, "s3Key missing") }
        guard let key = FormURLDecoding.decode(encodedKey) else {
            return malformed(location, unit, "s3Key \"\(encodedKey)\" is not URL-encoded UTF-8")
        }
        let bucket = task.nonEmptyString("s3Bucket") ?? task.nonEmptyString("s3BucketArn").map(bucketName(fromARN:))
        guard let bucket, !bucket.isEmpty else {
            return malformed(location, unit, "s3Bucket (schema 2.0) or s3BucketArn (schema 1.0) missing")
        }
        let object = S3ObjectReference(bucket: bucket, key: key, versionID: task.nonEmptyString("s3VersionId"))
        return EventRecord(location: location, unit: unit, content: .object(object))
    }

    /// `arn:aws:s3:::name` → `name` (bucket names cannot hold `:`).
    private static func bucketName(fromARN arn: String) -> String {
        arn.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? arn
    }
}
