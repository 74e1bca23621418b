// The progress side of ``SourceIngestion``: the source's lease, reading the record an earlier run left, and
// saving it with a compare-and-swap, so that two runs of one source never both send it.

import AWS

extension SourceIngestion {
    /// Takes the source's lease (with a progress store): a retryable error when another run holds it.
    func takeLease() async throws(SourceError) {
        guard let progress else { return }
        do {
            lease = try await SourceLease.take(source.deadLetterName, in: progress, terms: leaseTerms)
        } catch let held as LeaseHeld {
            throw SourceError(
                source: source.name, message: "not read: \(held); left for a retry", isRetryable: true)
        } catch {
            throw SourceError(source: source.name, message: "lease not taken: \(error)", isRetryable: true)
        }
        if let previous = lease?.tookOver {
            reporter.notice(
                source: source.name,
                message: "took over the lease of \(previous.holder), which had expired or whose process is gone")
        }
    }

    /// The error that stops the run once a renewal found the lease taken by another run.
    func leaseLost() -> SourceError? {
        guard let lost = lease?.lost else { return nil }
        progressConflict = SourceError(
            source: source.name, message: "\(lost): stopped; left for a retry", isRetryable: true)
        return progressConflict
    }

    /// Reads the source's progress record; true when it says the source was ingested whole already.
    /// A record that is not sound, or belongs to another source, is reported and ignored (the source is sent
    /// whole, as with no record). `byteCount`, when known, bounds the line numbers a record may hold.
    func loadProgress(version: String?, byteCount: Int?) async throws(SourceError) -> Bool {
        guard let progress, let version else { return false }
        let stored: StoredProgress?
        do {
            stored = try await progress.load(source.deadLetterName)
        } catch {
            // S3 answers a missing key with 404 only to those who may list the bucket; to others, AccessDenied.
            let hint =
                (error as? S3Error)?.kind == .accessDenied
                ? " (a record not written yet reads as AccessDenied unless these credentials may also s3:ListBucket "
                    + "the bucket)" : ""
            throw SourceError(
                source: source.name, message: "progress record unreadable: \(error)\(hint)", isRetryable: true)
        }
        record = ProgressRecord(version: version, source: source.name)
        guard let stored else { return false }
        recordRevision = stored.revision
        let saved: ProgressRecord
        do {
            saved = try ProgressRecord(json: stored.bytes, maxLine: byteCount.map { $0 + 1 } ?? ProgressRecord.maxLine)
        } catch {
            reporter.notice(
                source: source.name, message: "progress record ignored (\(error)): sending the whole source")
            return false
        }
        if let owner = saved.source, owner != source.name {
            reporter.notice(
                source: source.name,
                message: "progress record ignored: it belongs to \(owner), whose name maps to the same record")
            return false
        }
        guard saved.version == version else { return false }
        if saved.completed {
            alreadyIngested = true
            return true
        }
        resumed = saved
        record = saved
        return false
    }

    /// True when an earlier run uploaded `line` (the record it left says so); nothing is sent then. The line counts
    /// as resumed with its `items` (inferences, or ground-truth items), or, when Arthur refused it, is kept in the
    /// dead letter again with Arthur's reason.
    func resumedEarlier(_ line: LineReader.Line, items: Int, isGroundTruth: Bool) throws -> Bool {
        guard let resumed, resumed.wasUploaded(line.number) else { return false }
        if let reason = resumed.refused[line.number] {
            ledger.failedLines += 1
            reporter.linesNotUploaded(source: source.name, lines: [line.number], reason: reason)
            try deadLetter?.keep(line.bytes, number: line.number, reason: reason)
        } else {
            ledger.uploadedLines += 1
            if isGroundTruth { ledger.uploadedGroundTruth += items } else { ledger.uploadedInferences += items }
            ledger.resumedLines += 1
        }
        return true
    }

    /// Saves `record` over the revision last read or written. When another run wrote it meanwhile, nothing is
    /// overwritten: the run stops (``progressConflict``) and the source is left for a retry.
    func saveProgress(_ record: ProgressRecord) async throws(SourceError) {
        guard let progress else { return }
        if let conflict = progressConflict ?? leaseLost() { throw conflict }
        do {
            recordRevision = try await progress.save(record, for: source.deadLetterName, replacing: recordRevision)
        } catch let conflict as ProgressConflict {
            progressConflict = SourceError(
                source: source.name,
                message: "progress record not saved: \(conflict); stopped, left for a retry", isRetryable: true)
            throw progressConflict!
        } catch {
            throw SourceError(source: source.name, message: "progress record not saved: \(error)", isRetryable: true)
        }
    }
}
