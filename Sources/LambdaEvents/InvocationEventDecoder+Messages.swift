// SNS and SQS records: the message text (`Sns.Message`, `body`) is itself JSON and holds the S3 event.
// An SQS record's `messageId` names it in the answer, so a message without one is malformed.

import WireFormat

extension InvocationEventDecoder {
    static func snsRecord(_ record: JSONValue, location: String, unit: AnswerUnit, depth: Int) -> [EventRecord] {
        guard let message = record["Sns"]?["Message"]?.stringValue else {
            return [malformed(location, unit, "Sns.Message missing")]
        }
        return notificationDocument(message, location: "\(location).Sns.Message", unit: unit, depth: depth)
    }

    static func sqsRecord(_ record: JSONValue, location: String) -> [EventRecord] {
        guard let messageID = record.nonEmptyString("messageId") else {
            return [malformed(location, .invocation, "messageId missing: the message cannot be named in the answer")]
        }
        let unit = AnswerUnit.sqsMessage(id: messageID)
        guard let body = record["body"]?.stringValue else {
            return [malformed(location, unit, "body missing")]
        }
        return notificationDocument(body, location: "\(location).body", unit: unit, depth: 1)
    }
}
