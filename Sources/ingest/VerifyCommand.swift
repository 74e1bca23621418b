import ArgumentParser

/// `ingest verify SOURCE... [--sample N] [options]`.
///
/// `ingest verify SOURCE… [--sample N]`: asks Arthur, for each partner id the sources give (or a random sample),
/// whether it stored that inference: Arthur's 207 means "validated", and it stores asynchronously.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest verify",
        abstract: "Check that Arthur stored the inferences of capture files.",
        discussion: """
            SOURCE is read as by ingest (files, directories, -, s3:// objects and prefixes); each valid line's partner
            ids are looked up with GET /api/v3/models/{id}/inferences/query/{partner id}. Prints found and missing
            per source and each missing id. Exit status: 0 every id found; 1 some missing or not checked;
            2 usage or configuration error.
            """)

    @Argument(help: "Capture files, directories, - for standard input, s3:// objects or prefixes.")
    var sources: [String]

    @Option(help: "Check a random sample of N ids per source instead of all of them.")
    var sample: Int?

    @OptionGroup var arthur: ArthurOptions

    @Option(help: "Queries in flight at once.")
    var concurrency = 8

    @Option(help: "Seconds one query attempt may take.")
    var timeout = 60

    @Option(help: "Attempts per query, the first one included (retries back off exponentially with jitter).")
    var maxAttempts = 5

    func validate() throws {
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second") }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
    }
}
