import CaptureFormat

// Delivering chunks: at most `uploadsInFlight` at once, each one's verdicts accounted for when it is answered.
extension SourceIngestion {
    /// Starts delivering the current chunk, first waiting for a slot when all are busy. A chunk an earlier run
    /// delivered whole is not sent again.
    func send(group: inout TaskGroup<Outcome>) async {
        guard let sink else { return }
        if chunk.isResumedWhole {
            chunk = Chunk(sequence: chunk.sequence + 1, capacity: options.chunkBytes)
            return
        }
        if inFlight >= max(1, options.uploadsInFlight), let outcome = await group.next() {
            await settle(outcome)
        }
        let full = chunk
        chunk = Chunk(sequence: full.sequence + 1, capacity: options.chunkBytes)
        if let conflict = progressConflict {
            // Another run holds the source now: it sends these lines, which this run's record does not cover.
            let reason = "not sent: \(conflict.message)"
            let unsent = full.lines.filter { !$0.resumed }
            for line in unsent { keepFailed(line, of: full, reason: reason) }
            reporter.linesNotUploaded(source: source.name, lines: unsent.map(\.number), reason: reason)
            return
        }
        inFlight += 1
        group.addTask { Outcome(chunk: full, verdicts: await sink.deliver(full)) }
    }

    /// Accounts for a delivered chunk: delivered lines, the dead letter for the rest, and the progress record.
    func settle(_ outcome: Outcome) async {
        inFlight -= 1
        let chunk = outcome.chunk
        var sendAgain: [Int] = []
        var failedRun: (lines: [Int], reason: String)?
        func flushFailedRun() {
            if let run = failedRun {
                reporter.linesNotUploaded(source: source.name, lines: run.lines, reason: run.reason)
            }
            failedRun = nil
        }
        // Lines an earlier run delivered were counted when read; they are in the record's ranges already.
        for (line, verdict) in zip(chunk.lines, outcome.verdicts) where !line.resumed {
            switch verdict {
            case .uploaded:
                ledger.uploadedLines += 1
                countUploaded(line.inferences, of: chunk)
            case .refused(let reason, let failed):
                keepFailed(line, of: chunk, reason: reason)
                record?.refused[line.number] = reason
                countUploaded(max(0, line.inferences - failed), of: chunk)
            case .resend(let reason):
                keepFailed(line, of: chunk, reason: reason)
                sendAgain.append(line.number)
            case .notUploaded(let reason, let again):
                keepFailed(line, of: chunk, reason: reason)
                if again { sendAgain.append(line.number) } else { record?.refused[line.number] = reason }
            }
            guard let reason = verdict.reason else { continue }
            if let run = failedRun, run.reason == reason, run.lines.last.map({ $0 < line.number }) == true {
                failedRun?.lines.append(line.number)
            } else {
                flushFailedRun()
                failedRun = ([line.number], reason)
            }
        }
        flushFailedRun()
        do {
            try await deadLetter?.drain()
        } catch {
            deadLetterError = deadLetterError ?? SourceError(source: source.name, error, context: "dead letter")
        }
        guard var updated = record, let first = chunk.lines.first?.number, let last = chunk.lines.last?.number,
            sendAgain.count < chunk.lines.count
        else { return }
        // Lines Arthur surely did not store stay out of the ranges, so a rerun sends them again.
        var start = first
        for number in sendAgain {
            if start < number { updated.addUploaded(start...(number - 1)) }
            start = number + 1
        }
        if start <= last { updated.addUploaded(start...last) }
        record = updated
        do {
            try await saveProgress(updated)
        } catch {
            // The upload itself went through; a lost record means a retry may send this chunk again.
            reporter.linesNotUploaded(source: source.name, lines: [], reason: "\(error)")
        }
    }

    /// Counts a line that was not delivered and keeps it in the dead letter.
    func keepFailed(_ line: Chunk.Line, of chunk: Chunk, reason: String) {
        ledger.failedLines += 1
        guard let deadLetter else { return }
        do {
            try chunk.sourceBytes(of: line).withUnsafeBytes {
                try deadLetter.keep($0, number: line.number, reason: reason)
            }
        } catch {
            deadLetterError = deadLetterError ?? SourceError(source: source.name, error, context: "dead letter")
        }
    }
}
