// Turning per-record outcomes into the answer each service expects. An object record with no outcome
// was not processed (the function ran out of time, say) and counts as a retryable failure; a skipped
// record counts as a success; a malformed record as a permanent failure.
//
// - SQS: `batchItemFailures` names each message with a retryable failure. A message that failed for good
//   is not named: redelivering it cannot help, so it is deleted (its reason is logged and, for bad lines,
//   kept in the dead letter).
// - S3 Batch Operations: one result per task.
// - S3, SNS, EventBridge: a failure, so Lambda retries the event, when any record failed in a way a retry
//   may cure; otherwise an ``InvocationSummary``.

import WireFormat

extension InvocationEvent {
    /// The outcome of the record at `index`, given the outcomes the function reported by record index.
    public func outcome(ofRecordAt index: Int, given outcomes: [Int: ObjectOutcome]) -> ObjectOutcome {
        switch records[index].content {
        case .object(let object):
            return outcomes[index] ?? .retryableFailure("\(object): not processed")
        case .skipped(let reason):
            return .succeeded(reason)
        case .malformed(let reason):
            return .permanentFailure(reason)
        }
    }

    /// The answer for this invocation, from the outcomes of its object records by record index.
    public func answer(outcomes: [Int: ObjectOutcome]) -> InvocationAnswer {
        let all = records.indices.map { outcome(ofRecordAt: $0, given: outcomes) }
        switch kind {
        case .sqs:
            let failed = worstByUnit(all).compactMap { unit, outcome -> String? in
                guard case .sqsMessage(let id) = unit, case .retryableFailure = outcome else { return nil }
                return id
            }
            return .response(Self.bytes(SQSBatchResponse(failedMessageIDs: failed).json))
        case .batchOperations(let job):
            let results = worstByUnit(all).compactMap { unit, outcome -> BatchOperationsResponse.TaskResult? in
                guard case .batchTask(let id) = unit else { return nil }
                return BatchOperationsResponse.TaskResult(taskID: id, outcome: outcome)
            }
            return .response(Self.bytes(BatchOperationsResponse(job: job, results: results).json))
        case .s3Notification, .sns, .eventBridge:
            let retryable = all.filter { if case .retryableFailure = $0 { return true } else { return false } }
            if !retryable.isEmpty {
                let objectCount = records.filter { $0.object != nil }.count
                let messages = retryable.map(\.message).joined(separator: "; ")
                return .failure(
                    errorType: "RetryableFailure",
                    message: "\(retryable.count) of \(objectCount) objects may succeed on retry: \(messages)")
            }
            return .response(Self.bytes(summary(all).json))
        }
    }

    /// The worst outcome of each unit, units in order of first appearance; messages of the worst kind joined.
    private func worstByUnit(_ outcomes: [ObjectOutcome]) -> [(AnswerUnit, ObjectOutcome)] {
        var order: [AnswerUnit] = []
        var worst: [AnswerUnit: ObjectOutcome] = [:]
        for (record, outcome) in zip(records, outcomes) {
            guard let current = worst[record.unit] else {
                order.append(record.unit)
                worst[record.unit] = outcome
                continue
            }
            if outcome.severity > current.severity {
                worst[record.unit] = outcome
            } else if outcome.severity == current.severity && outcome.severity > 0 {
                worst[record.unit] = current.withMessage(current.message + "; " + outcome.message)
            }
        }
        return order.map { ($0, worst[$0]!) }
    }

    private func summary(_ outcomes: [ObjectOutcome]) -> InvocationSummary {
        InvocationSummary(
            entries: zip(records, outcomes).map { record, outcome in
                let code: String
                if case .skipped = record.content { code = "Skipped" } else { code = outcome.resultCode }
                return InvocationSummary.Entry(
                    location: record.location, object: record.object?.description, resultCode: code,
                    message: outcome.message)
            })
    }

    static func bytes(_ value: JSONValue) -> [UInt8] {
        var buffer: [UInt8] = []
        JSONWriter.write(value, into: &buffer)
        return buffer
    }
}

extension ObjectOutcome {
    fileprivate func withMessage(_ message: String) -> ObjectOutcome {
        switch self {
        case .succeeded: return .succeeded(message)
        case .retryableFailure: return .retryableFailure(message)
        case .permanentFailure: return .permanentFailure(message)
        }
    }
}
