// `capture-format-benchmark FILE [--runs N] [--only validate|upload|schema|parse|foundation]`: times the CaptureFormat
// module alone on a capture file held in memory — the ceiling (finding lines with `memchr`),
// `CaptureLineParser.validate` on every line (what `ingest --dry-run --emit none` does per line), validate plus
// copying the line Arthur is sent into a chunk buffer (what an upload does per line, without the network), and
// `CaptureLineParser.parse` + `Inference.writeJSONLine` into a reused buffer (what `--emit jsonl` does) — printing
// the best of N runs of each. `--only schema` times an upload checked against a schema made up from the file's first
// line (SchemaPass.swift); `--only foundation` instead reads each line whole with `JSONReader`,
// `JSONSerialization` and `JSONDecoder` (FoundationBaseline.swift).

import CaptureFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The benchmark's command line.
struct BenchmarkOptions {
    var path = ""
    var runs = 5
    var passes: Set<String> = ["split", "validate", "upload", "parse"]

    init(_ arguments: [String]) throws(BenchmarkError) {
        var arguments = arguments[...]
        while let argument = arguments.popFirst() {
            switch argument {
            case "--runs":
                guard let value = arguments.popFirst().flatMap({ Int($0) }), value > 0 else {
                    throw BenchmarkError("--runs needs a positive number")
                }
                runs = value
            case "--only":
                guard let value = arguments.popFirst(),
                    ["split", "validate", "upload", "schema", "parse", "foundation"].contains(value)
                else {
                    throw BenchmarkError("--only needs split, validate, upload, schema, parse or foundation")
                }
                passes =
                    value == "foundation"
                    ? ["split", "JSONReader", "JSONSerialization", "JSONDecoder"] : ["split", value]
            default:
                guard path.isEmpty, !argument.hasPrefix("-") else { throw BenchmarkError("unexpected \(argument)") }
                path = argument
            }
        }
        guard !path.isEmpty else {
            throw BenchmarkError(
                "usage: capture-format-benchmark FILE [--runs N] [--only validate|upload|schema|parse|foundation]")
        }
    }
}

/// What one pass saw, so its work cannot be optimised away and runs can be compared.
struct PassCounts {
    var lines = 0
    var rejected = 0
    var inferences = 0
    var outputBytes = 0
    var rewritten = 0
}

func splitPass(_ file: CaptureFile) -> PassCounts {
    var counts = PassCounts()
    file.forEachLine { line, _ in
        counts.lines += 1
        counts.outputBytes &+= line.count
    }
    return counts
}

func validatePass(_ file: CaptureFile) -> PassCounts {
    var counts = PassCounts()
    file.forEachLine { line, _ in
        guard !CaptureLineParser.isBlank(line) else { return }
        counts.lines += 1
        do {
            counts.inferences += try CaptureLineParser.validate(line).inferenceCount
        } catch {
            counts.rejected += 1
        }
    }
    return counts
}

/// The 4 MiB chunk an upload fills with the lines Arthur is sent, emptied as the pipeline sends a full chunk.
struct UploadChunk {
    private var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(4 << 20) }

    /// Adds the line Arthur is sent: `sent` when the line was rewritten, else the line as captured.
    @inline(__always)
    mutating func pack(_ line: UnsafeRawBufferPointer, sent: [UInt8]?, counts: inout PassCounts) {
        if let sent {
            counts.rewritten += 1
            bytes.append(contentsOf: sent)
        } else {
            bytes.append(contentsOf: line)
        }
        bytes.append(0x0A)
        if bytes.count >= 4 << 20 {
            counts.outputBytes += bytes.count
            bytes.removeAll(keepingCapacity: true)
        }
    }

    /// Counts what is left as the last chunk.
    func finish(_ counts: inout PassCounts) { counts.outputBytes += bytes.count }
}

func uploadPass(_ file: CaptureFile) -> PassCounts {
    var counts = PassCounts()
    var chunk = UploadChunk()
    file.forEachLine { line, _ in
        guard !CaptureLineParser.isBlank(line) else { return }
        counts.lines += 1
        do {
            let summary = try CaptureLineParser.validate(line)
            counts.inferences += summary.inferenceCount
            chunk.pack(line, sent: summary.sentToArthur, counts: &counts)
        } catch {
            counts.rejected += 1
        }
    }
    chunk.finish(&counts)
    return counts
}

func parsePass(_ file: CaptureFile) -> PassCounts {
    var counts = PassCounts()
    var output: [UInt8] = []
    output.reserveCapacity(1 << 20)
    file.forEachLine { line, number in
        guard !CaptureLineParser.isBlank(line) else { return }
        counts.lines += 1
        do {
            let parsed = try CaptureLineParser.parse(line, lineNumber: number)
            counts.inferences += parsed.inferences.count
            for inference in parsed.inferences { inference.writeJSONLine(into: &output) }
        } catch {
            counts.rejected += 1
        }
        if output.count >= 1 << 20 {  // as the pipeline's writer flushes its buffer
            counts.outputBytes += output.count
            output.removeAll(keepingCapacity: true)
        }
    }
    counts.outputBytes += output.count
    return counts
}

do {
    let options = try BenchmarkOptions(Array(CommandLine.arguments.dropFirst()))
    let file = try CaptureFile(path: options.path)
    print("\(options.path): \(file.bytes.count) bytes; best of \(options.runs) runs")
    let schema = options.passes.contains("schema") ? schemaFromFirstLine(of: file) : nil
    if options.passes.contains("schema") {
        guard let schema else { throw BenchmarkError("no line of \(options.path) is a capture to make a schema from") }
        print("schema from the first line: \(schema.inputs.count) inputs, \(schema.outputs.count) outputs")
    }
    let passes: [(name: String, run: (CaptureFile) -> PassCounts)] = [
        ("split (memchr ceiling)", splitPass), ("validate", validatePass),
        ("upload (validate + the line Arthur is sent)", uploadPass), ("parse + writeJSONLine", parsePass),
        ("schema (upload checked: parse + check + the line Arthur is sent)", { schemaUploadPass($0, schema: schema!) }),
        ("JSONReader (each line a tree)", jsonReaderPass),
        ("JSONSerialization (Foundation)", jsonSerializationPass),
        ("JSONDecoder (Foundation, Decodable)", jsonDecoderPass),
    ]
    for pass in passes where options.passes.contains(String(pass.name.prefix { $0 != " " })) {
        let (wall, cpu, counts) = Stopwatch.best(of: options.runs) { pass.run(file) }
        var detail = "\(counts.lines) lines"
        if pass.name.hasPrefix("JSON") {
            detail += ", \(counts.rejected) unreadable"
        } else if pass.name != passes[0].name {
            detail += ", \(counts.inferences) inferences, \(counts.rejected) rejected"
        }
        if pass.name == passes[2].name || pass.name == passes[4].name {
            detail += ", \(counts.rewritten) lines rewritten"
        }
        if [passes[2].name, passes[3].name, passes[4].name].contains(pass.name) {
            detail += ", \(counts.outputBytes) bytes out"
        }
        print(
            Stopwatch.report(
                pass.name, bytes: file.bytes.count, lines: counts.lines, wall: wall, cpu: cpu, detail: detail))
    }
} catch {
    print("capture-format-benchmark: \(error)")
    exit(2)
}
