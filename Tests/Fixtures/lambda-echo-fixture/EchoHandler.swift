import LambdaEvents
import LambdaRuntime
import Logging
import WireFormat

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Echoes what an event names.
///
/// The fixture's handler: decodes the event with `LambdaEvents` and answers
/// `{"kind","objects":[{"bucket","key","unit"}],"skipped":[…],"malformed":[…],"requestId","traceId",
/// "traceEnvironment","remainingMilliseconds"}`. A payload that is not a supported event makes it throw,
/// which the runtime reports as the invocation's error.
struct EchoHandler: LambdaHandler {
    func handle(_ payload: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let event = try InvocationEvent.decode(payload)
        context.logger.info("echoing \(event.records.count) records")
        var objects: [JSONValue] = []
        var skipped: [JSONValue] = []
        var malformed: [JSONValue] = []
        for record in event.records {
            switch record.content {
            case .object(let object):
                objects.append(
                    [
                        "bucket": .string(object.bucket), "key": .string(object.key),
                        "unit": .string(unitName(record.unit)),
                    ])
            case .skipped(let reason): skipped.append(.string(reason))
            case .malformed(let reason): malformed.append(.string(reason))
            }
        }
        let (seconds, attoseconds) = context.remainingTime.components
        let remaining = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        let traceEnvironment = ProcessInfo.processInfo.environment["_X_AMZN_TRACE_ID"]
        let answer: JSONValue = [
            "kind": .string(kindName(event.kind)), "objects": .array(objects), "skipped": .array(skipped),
            "malformed": .array(malformed), "requestId": .string(context.requestID),
            "traceId": context.traceID.map(JSONValue.string) ?? .null,
            "traceEnvironment": traceEnvironment.map(JSONValue.string) ?? .null,
            "remainingMilliseconds": .number(String(remaining)),
        ]
        var bytes: [UInt8] = []
        JSONWriter.write(answer, into: &bytes)
        return bytes
    }

    private func kindName(_ kind: InvocationKind) -> String {
        switch kind {
        case .s3Notification: return "s3"
        case .sns: return "sns"
        case .sqs: return "sqs"
        case .eventBridge: return "eventBridge"
        case .batchOperations: return "batchOperations"
        }
    }

    private func unitName(_ unit: AnswerUnit) -> String {
        switch unit {
        case .invocation: return "invocation"
        case .sqsMessage(let id): return "sqs:\(id)"
        case .batchTask(let id): return "task:\(id)"
        }
    }
}
