import AWS
import ArthurUpload
import Foundation
import IngestPipeline
import Transport

/// Runs a parsed ``VerifyCommand``.
///
/// One run of `ingest verify`: checks the model and token (its attributes are read), then reads each source's
/// partner ids by the ingestion rules and asks Arthur for each of them (or a random sample), `--concurrency` at a
/// time under the one retry policy. Prints, per source, how many were found and missing and each missing id.
struct VerifyRun {
    let command: VerifyCommand
    let environment: [String: String]

    func run(transport: HTTPTransport) async -> Int32 {
        let uploader: ArthurUploader
        let sources: [CaptureSource]
        do {
            let destination = try command.arthur.settings(environment: environment).destination()
            uploader = ArthurUploader(destination: destination, transport: transport)
            let s3 =
                command.sources.contains { $0.hasPrefix("s3://") }
                ? try S3Client.fromEnvironment(environment, transport: transport) : nil
            sources = try await SourceList.resolve(command.sources, s3: s3) { Self.printError("ingest: \($0)") }
            _ = try await ArthurSettings.schema(from: uploader)
        } catch {
            Self.printError("ingest: error: \(error)")
            return 2
        }
        var totals = (ids: 0, found: 0, missing: 0, unchecked: 0)
        var clean = true
        for source in sources {
            let scanned: SourcePartnerIDs
            do {
                scanned = try await SourcePartnerIDs.read(source)
            } catch {
                Self.printError("ingest: error: \(source.name): \(error)")
                clean = false
                continue
            }
            let ids = sample(scanned.ids)
            let answers = await query(ids, uploader: uploader)
            var found = 0
            var missing: [String] = []
            var unchecked = 0
            for (id, answer) in zip(ids, answers) {
                switch answer {
                case .success(true): found += 1
                case .success(false): missing.append(id)
                case .failure(let error):
                    unchecked += 1
                    Self.printError("\(source.name): error: \(Self.shown(id)): \(error)")
                }
            }
            var line = "\(source.name): \(found) found, \(missing.count) missing"
            if unchecked > 0 { line += ", \(unchecked) not checked (errors)" }
            if ids.count < scanned.ids.count { line += " (a sample of \(ids.count) of \(scanned.ids.count) ids)" }
            if scanned.rejectedLines > 0 {
                line +=
                    scanned.rejectedLines == 1
                    ? "; 1 line is not a valid capture (no id to check)"
                    : "; \(scanned.rejectedLines) lines are not valid captures (no id to check)"
            }
            if scanned.groundTruthLines > 0 {
                line +=
                    "; \(scanned.groundTruthLines) ground-truth line\(scanned.groundTruthLines == 1 ? "" : "s") not checked"
            }
            print(line)
            for id in missing { print("\(source.name): missing: \(Self.shown(id))") }
            totals.ids += ids.count
            totals.found += found
            totals.missing += missing.count
            totals.unchecked += unchecked
        }
        var summary =
            "ingest verify: \(sources.count) \(sources.count == 1 ? "file" : "files"), \(totals.ids) ids checked, "
            + "\(totals.found) found, \(totals.missing) missing"
        if totals.unchecked > 0 { summary += ", \(totals.unchecked) not checked" }
        print(summary)
        return clean && totals.missing == 0 && totals.unchecked == 0 ? 0 : 1
    }

    /// `ids`, or a random sample of `--sample` of them, kept in the source's order.
    func sample(_ ids: [String]) -> [String] {
        guard let size = command.sample, size < ids.count else { return ids }
        return Array(ids.indices).shuffled().prefix(size).sorted().map { ids[$0] }
    }

    /// Whether Arthur stored each id, in the order of `ids`, asking at most `--concurrency` at once.
    func query(_ ids: [String], uploader: ArthurUploader) async -> [Result<Bool, any Error>] {
        var answers = [Result<Bool, any Error>?](repeating: nil, count: ids.count)
        await withTaskGroup(of: (Int, Result<Bool, any Error>).self) { group in
            var next = 0
            var inFlight = 0
            while next < ids.count || inFlight > 0 {
                while next < ids.count && inFlight < command.concurrency {
                    let (index, id) = (next, ids[next])
                    group.addTask {
                        do {
                            return (index, .success(try await uploader.isStored(partnerInferenceID: id)))
                        } catch {
                            return (index, .failure(error))
                        }
                    }
                    next += 1
                    inFlight += 1
                }
                guard let (index, answer) = await group.next() else { break }
                answers[index] = answer
                inFlight -= 1
            }
        }
        return answers.map { $0 ?? .success(false) }
    }

    /// An id as printed: as it is, or as a JSON string when it holds control characters (a line break).
    static func shown(_ id: String) -> String {
        guard id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return id }
        var escaped = "\""
        for scalar in id.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                escaped +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
