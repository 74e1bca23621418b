import ArgumentParser
import IngestPipeline

/// `ingest SOURCE... [options]`.
///
/// The `ingest` command's arguments and options, as `ingest --help` shows them.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Validate SageMaker Data Capture files and upload their inferences to Arthur.",
        discussion: """
            SOURCE is a .jsonl file, - for standard input, a directory (its *.jsonl files, recursively),
            s3://bucket/key, or s3://bucket/prefix/ (every .jsonl object below it; AWS settings from the environment).
            The destination comes from --arthur-host/--model-id or ARTHUR_HOST/ARTHUR_MODEL_ID, and the token
            only from ARTHUR_ACCESS_TOKEN. With no destination configured, ingest runs as --dry-run.
            Every inference is checked against the model's attributes before it is sent (--no-schema-check skips it).
            --to writes the inferences as files (a folder or s3://bucket/prefix/), instead of or as well as uploading.
            Exit status: 0 every line ingested; 1 some lines rejected or not uploaded; 2 usage or configuration error.
            Also: ingest schema (the model's attributes and capture lines that fit them), ingest verify SOURCE...
            (whether Arthur stored the inferences); see ingest schema --help, ingest verify --help.
            """)

    @Argument(help: "Capture files, directories, - for standard input, s3:// objects or prefixes.")
    var sources: [String]

    @OptionGroup var arthur: ArthurOptions

    @Flag(help: "Parse and validate only; upload nothing.")
    var dryRun = false

    @Option(help: "Print normalized inferences on stdout: jsonl or none (default: jsonl in a dry run, else none).")
    var emit: EmitFormat?

    @Option(
        help: """
            Folder or s3://bucket/prefix/ to write the inferences to as files, partitioned by hour \
            (PREFIX/YYYY/MM/DD/HH/SOURCE-N.json), for data lakes and Arthur's newer platform; with an Arthur \
            destination too, each chunk goes to both.
            """)
    var to: String?

    @Option(help: "Format of the --to files: json (an array per file), csv (with a header row) or jsonl.")
    var toFormat = FileFormat.json

    @Option(help: "Folder or s3://bucket/prefix/ for rejected lines (verbatim) and their reasons.")
    var deadLetter: String?

    @Option(
        help: """
            Folder or s3://bucket/prefix/ for progress records: what Arthur accepted of each source, so a rerun \
            after an interruption sends only the rest, and skips sources already done. A source another run is \
            ingesting (its lease there is live) is left for a rerun.
            """)
    var progress: String?

    @Option(help: "Upload chunk size, in whole lines (e.g. 4MiB).")
    var chunkSize = ByteCount(4 << 20)

    @Option(help: "Longest line accepted; longer ones are rejected without being loaded (e.g. 64MiB).")
    var maxLineBytes = ByteCount(64 << 20)

    @Option(
        help: """
            Files ingested at once (a backfill of many files). Printed inferences (--emit jsonl) come one file at \
            a time, in order.
            """)
    var concurrency = 4

    @Option(help: "Uploads of one file in flight while the next chunks are parsed.")
    var uploadsInFlight = 2

    @Option(help: "Seconds one upload attempt may take.")
    var timeout = 60

    @Option(help: "Attempts per upload, the first one included (retries back off exponentially with jitter).")
    var maxAttempts = 5

    @Flag(help: "No progress line and no summary; rejections are still reported.")
    var quiet = false

    @Flag(
        help: """
            Send inferences without checking them against the model's attributes (read from Arthur once per run; \
            a dry run with a destination and token configured checks too).
            """)
    var noSchemaCheck = false

    func validate() throws {
        guard uploadsInFlight >= 1 else { throw ValidationError("--uploads-in-flight must be at least 1") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second") }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
        guard chunkSize.bytes >= 1024 else { throw ValidationError("--chunk-size must be at least 1KiB") }
        guard maxLineBytes.bytes >= 1024 else { throw ValidationError("--max-line-bytes must be at least 1KiB") }
    }
}

/// `--to-format` takes the files' format by its name.
extension FileFormat: ExpressibleByArgument {}

/// What `--emit` prints.
enum EmitFormat: String, ExpressibleByArgument, CaseIterable {
    case jsonl
    case none
}
