/// The progress side of ``SourceIngestion``: reading the record an earlier run left, and saving it.

extension SourceIngestion {
    /// Reads the source's progress record; true when it says the source was ingested whole already.
    /// A record that is not sound, or belongs to another source, is reported and ignored (the source is sent
    /// whole, as with no record). `byteCount`, when known, bounds the line numbers a record may hold.
    func loadProgress(version: String?, byteCount: Int?) async throws(SourceError) -> Bool {
        guard let progress, let version else { return false }
        let bytes: [UInt8]?
        do {
            bytes = try await progress.load(source.deadLetterName)
        } catch {
            throw SourceError(source: source.name, message: "progress record unreadable: \(error)", isRetryable: true)
        }
        record = ProgressRecord(version: version, source: source.name)
        guard let bytes else { return false }
        let saved: ProgressRecord
        do {
            saved = try ProgressRecord(json: bytes, maxLine: byteCount.map { $0 + 1 } ?? ProgressRecord.maxLine)
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

    func saveProgress(_ record: ProgressRecord) async throws(SourceError) {
        guard let progress else { return }
        do {
            try await progress.save(record, for: source.deadLetterName)
        } catch {
            throw SourceError(source: source.name, message: "progress record not saved: \(error)", isRetryable: true)
        }
    }
}
