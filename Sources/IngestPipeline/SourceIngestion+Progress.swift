/// The progress side of ``SourceIngestion``: reading the record an earlier run left, and saving it.

extension SourceIngestion {
    /// Reads the source's progress record; true when it says the source was ingested whole already.
    func loadProgress(version: String?) async throws(SourceError) -> Bool {
        guard let progress, let version else { return false }
        let saved: ProgressRecord?
        do {
            saved = try await progress.load(source.deadLetterName)
        } catch {
            throw SourceError(source: source.name, message: "progress record unreadable: \(error)", isRetryable: true)
        }
        record = ProgressRecord(version: version)
        guard let saved, saved.version == version else { return false }
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
