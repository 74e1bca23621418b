import WireFormat

/// Reads invocation payloads into ``InvocationEvent`` values.
///
/// The top of event decoding: parse the payload with the project's one JSON reader and pick the shape
/// from the keys the services are known to send. The shapes themselves are in the `+` files beside this one.
enum InvocationEventDecoder {
    /// How many envelopes deep a notification may sit (SQS body → SNS envelope → S3 event is 2).
    static let maximumNesting = 3

    static func decode(_ payload: [UInt8]) throws -> InvocationEvent {
        let value: JSONValue
        do {
            value = try JSONReader.parse(payload)
        } catch {
            throw InvocationEventError(reason: "the payload is not JSON (\(error))")
        }
        guard case .object = value else {
            throw InvocationEventError(reason: "the payload is \(value.kindName), not a JSON object")
        }
        if value["invocationSchemaVersion"] != nil || value["tasks"] != nil {
            return try batchOperationsEvent(value)
        }
        if let records = value["Records"] {
            guard let records = records.arrayValue else {
                throw InvocationEventError(reason: "Records is \(records.kindName), not an array")
            }
            return recordsEvent(records)
        }
        if value["detail-type"] != nil {
            return try eventBridgeEvent(value)
        }
        if isTestEvent(value) {
            return InvocationEvent(
                kind: .s3Notification, records: [testEventRecord(location: "payload", unit: .invocation)])
        }
        throw InvocationEventError(
            reason:
                "it has no Records, detail-type or tasks: not an S3, SNS, SQS, EventBridge or S3 Batch Operations event"
        )
    }

    /// An event whose top level is `Records`: S3 notifications, SNS or SQS, told apart by the first
    /// record that says which (`eventSource`, or the `s3` / `Sns` / `body` member).
    static func recordsEvent(_ records: [JSONValue]) -> InvocationEvent {
        let kind = recordsKind(records)
        var decoded: [EventRecord] = []
        for (index, record) in records.enumerated() {
            let location = "Records[\(index)]"
            switch kind {
            case .sqs: decoded += sqsRecord(record, location: location)
            case .sns: decoded += snsRecord(record, location: location, unit: .invocation, depth: 1)
            default: decoded.append(s3Record(record, location: location, unit: .invocation))
            }
        }
        return InvocationEvent(kind: kind, records: decoded)
    }

    private static func recordsKind(_ records: [JSONValue]) -> InvocationKind {
        for record in records {
            let source = (record["eventSource"] ?? record["EventSource"])?.stringValue
            if source == "aws:sqs" || (record["messageId"] != nil && record["body"] != nil) { return .sqs }
            if source == "aws:sns" || record["Sns"] != nil { return .sns }
            if source == "aws:s3" || record["s3"] != nil { return .s3Notification }
        }
        return .s3Notification
    }

    /// The body of an SNS or SQS message: an S3 notification, an S3 test event, an SNS envelope
    /// (SNS to SQS without raw delivery) or an EventBridge event (an EventBridge rule targeting SQS).
    static func notificationDocument(
        _ text: String, location: String, unit: AnswerUnit, depth: Int
    ) -> [EventRecord] {
        guard depth <= maximumNesting else {
            return [malformed(location, unit, "messages nested more than \(maximumNesting) deep")]
        }
        let value: JSONValue
        do {
            value = try JSONReader.parse(text)
        } catch {
            return [malformed(location, unit, "not JSON (\(error))")]
        }
        if let records = value["Records"] {
            guard let records = records.arrayValue else {
                return [malformed(location, unit, "Records is \(records.kindName), not an array")]
            }
            guard !records.isEmpty else { return [skipped(location, unit, "the notification holds no records")] }
            return records.enumerated().flatMap { index, record in
                let recordLocation = "\(location).Records[\(index)]"
                if record["Sns"] != nil {
                    return snsRecord(record, location: recordLocation, unit: unit, depth: depth + 1)
                }
                return [s3Record(record, location: recordLocation, unit: unit)]
            }
        }
        if isTestEvent(value) { return [testEventRecord(location: location, unit: unit)] }
        if value["Type"]?.stringValue == "Notification", let message = value["Message"]?.stringValue {
            return notificationDocument(message, location: "\(location).Message", unit: unit, depth: depth + 1)
        }
        if value["detail-type"] != nil { return [eventBridgeRecord(value, location: location, unit: unit)] }
        return [
            malformed(
                location, unit,
                "not an S3 event notification (it has no Records, Event, Message or detail-type)")
        ]
    }

    static func isTestEvent(_ value: JSONValue) -> Bool {
        value["Event"]?.stringValue == "s3:TestEvent"
    }

    static func testEventRecord(location: String, unit: AnswerUnit) -> EventRecord {
        skipped(location, unit, "S3 test event (S3 sends one when notifications are set up): nothing to read")
    }

    static func malformed(_ location: String, _ unit: AnswerUnit, _ reason: String) -> EventRecord {
        EventRecord(location: location, unit: unit, content: .malformed(reason: "\(location): \(reason)"))
    }

    static func skipped(_ location: String, _ unit: AnswerUnit, _ reason: String) -> EventRecord {
        EventRecord(location: location, unit: unit, content: .skipped(reason: "\(location): \(reason)"))
    }
}
