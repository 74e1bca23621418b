import ArgumentParser

/// `ingest schema [--arthur-host URL] [--model-id ID]`.
///
/// `ingest schema`: the model's inputs and outputs in position order, their types, and one capture line of each
/// kind (CSV, JSON) that fits, so a user can set up the endpoint's `DataCaptureConfig` and its client.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest schema",
        abstract: "Print the Arthur model's inputs and outputs in position order, and capture lines that fit it.",
        discussion: """
            The destination comes from --arthur-host/--model-id or ARTHUR_HOST/ARTHUR_MODEL_ID, and the token only
            from ARTHUR_ACCESS_TOKEN. Exit status: 0 printed; 2 usage or configuration error (a refused token, no
            such model, Arthur unreachable).
            """)

    @OptionGroup var arthur: ArthurOptions

    @Option(help: "Seconds one request attempt may take.")
    var timeout = 60

    @Option(help: "Attempts per request, the first one included.")
    var maxAttempts = 5

    func validate() throws {
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second") }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
    }
}
