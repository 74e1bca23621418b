import ArthurUpload
import Logging
import Transport

/// One chunk's way to Arthur, item-level retries included.
///
/// Uploads one chunk and follows it to a verdict per line: Arthur's 207 is read line by line
/// (``ChunkVerdicts``), lines Arthur failed only for its own reasons (5xx items) are sent again in a later
/// request under the one retry policy's backoff and attempt limit, and once a stop comes, an upload in
/// flight gets a grace period to finish before its lines are given up as "not uploaded".
struct ChunkUpload: ChunkSink {
    let uploader: ArthurUploader
    /// The source's stem, for the upload's file name (`<stem>-<n>.jsonl`, `<stem>-<n>-<attempt>.jsonl`).
    let stem: String
    let stop: StopFlag?
    /// How long an upload in flight may still take once ``stop`` is set.
    let grace: Duration

    /// How one request ended.
    private enum Answer: Sendable {
        case report(ArthurIngestReport)
        case groundTruth(ArthurGroundTruthReport)
        case failed(any Error)
        case stopped
    }

    var takesGroundTruth: Bool { true }
    var needsWholeChunks: Bool { false }

    /// Sends `chunk` (and, while the policy allows, its lines Arthur failed with 5xx) and judges each line.
    func deliver(_ chunk: Chunk) async -> [LineVerdict] {
        var verdicts = [LineVerdict](
            repeating: .notUploaded(reason: "not uploaded", sendAgainOnRerun: true), count: chunk.lines.count)
        var pending = Array(chunk.lines.indices)
        let policy = uploader.transport.retryPolicy
        var attempt = 1
        while true {
            let sending =
                attempt == 1 ? chunk : chunk.resending(pending.map { chunk.lines[$0] }, sequence: chunk.sequence)
            let number = attempt == 1 ? "\(chunk.sequence)" : "\(chunk.sequence)-\(attempt)"
            let filename =
                chunk.isGroundTruth ? "ground truth \(stem)-\(number)" : "\(stem)-\(number).jsonl"
            let answer = await send(sending, filename: filename)
            switch answer {
            case .stopped:
                let reason =
                    "not uploaded: \(stop?.reason ?? "stopped"), and the upload of \(filename) did not end within "
                    + "the \(grace.formattedSeconds) grace period"
                for index in pending { verdicts[index] = .notUploaded(reason: reason, sendAgainOnRerun: true) }
                return verdicts
            case .failed(let error):
                let reason = "not uploaded: \(error)"
                let again = (error as? ArthurUploadError)?.kind != .unreadableAnswer
                for index in pending { verdicts[index] = .notUploaded(reason: reason, sendAgainOnRerun: again) }
                return verdicts
            case .report, .groundTruth:
                let judged: ChunkVerdicts
                switch answer {
                case .groundTruth(let report): judged = ChunkVerdicts(groundTruth: report, lines: sending.lines)
                case .report(let report): judged = ChunkVerdicts(report: report, lines: sending.lines)
                default: return verdicts
                }
                var again: [Int] = []
                for (position, index) in pending.enumerated() {
                    let verdict = judged.verdicts[position]
                    if case .resend(let reason) = verdict {
                        again.append(index)
                        let times = attempt == 1 ? "" : " (\(attempt) attempts)"
                        verdicts[index] = .notUploaded(reason: reason + times, sendAgainOnRerun: true)
                    } else {
                        verdicts[index] = verdict
                    }
                }
                guard !again.isEmpty, attempt < policy.maxAttempts, !(stop?.isStopped ?? false) else {
                    return verdicts
                }
                let wait = policy.delay(beforeRetry: attempt)
                uploader.transport.logger.warning(
                    "upload of \(filename) to Arthur: Arthur failed \(again.count) lines with 5xx items; sending them again in \(wait.formattedSeconds) (attempt \(attempt + 1) of \(policy.maxAttempts))"
                )
                try? await Task.sleep(for: wait)
                pending = again
                attempt += 1
            }
        }
    }

    /// One upload; once ``stop`` is set it may run for ``grace`` more, then it is cancelled.
    private func send(_ chunk: Chunk, filename: String) async -> Answer {
        let (uploader, stop, grace) = (self.uploader, self.stop, self.grace)
        return await withTaskGroup(of: Answer?.self) { group in
            group.addTask {
                do {
                    if chunk.isGroundTruth {
                        return .groundTruth(
                            try await uploader.sendGroundTruth(
                                chunk.groundTruthBody, items: chunk.inferences, what: "\(filename) to Arthur"))
                    }
                    return .report(
                        try await uploader.upload(chunk.bytes, filename: filename, inferences: chunk.inferences))
                } catch {
                    return .failed(error)
                }
            }
            if let stop {
                group.addTask {
                    while !stop.isStopped {
                        do { try await Task.sleep(for: .milliseconds(50)) } catch { return nil }
                    }
                    do { try await Task.sleep(for: grace) } catch { return nil }
                    return .stopped
                }
            }
            var stopped = false
            while let next = await group.next() {
                switch next {
                case .stopped?:
                    stopped = true
                    group.cancelAll()
                case let answer?:
                    group.cancelAll()
                    if stopped, case .failed = answer { return .stopped }
                    return answer
                case nil:
                    continue
                }
            }
            return .stopped
        }
    }
}
