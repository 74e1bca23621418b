import AWS
import Foundation
import IngestPipeline
import Platform

/// The sources of one run, checked before anything is read.
///
/// Turns the command's SOURCE arguments into capture sources: files as given, `-` for standard
/// input, directories expanded to their `*.jsonl` files (recursively, in path order), `s3://bucket/key`
/// objects, and `s3://bucket/prefix/` expanded to every `.jsonl` object below it, in key order.
enum SourceList {
    /// The sources named by `arguments`; throws a usage error naming the first one that does not exist.
    /// `s3` is needed only when an argument is an `s3://` URI. Entries of a directory that are not regular
    /// files (a FIFO, a device, a symbolic link to one) are passed to `skipped`, in words, and not read.
    static func resolve(
        _ arguments: [String], s3: S3Client?, skipped: (String) -> Void = { _ in }
    ) async throws -> [CaptureSource] {
        var sources: [CaptureSource] = []
        var seenStandardInput = false
        for argument in arguments {
            if argument == "-" {
                guard !seenStandardInput else { throw UsageError("- (standard input) is named twice") }
                seenStandardInput = true
                sources.append(.standardInput)
                continue
            }
            if argument.hasPrefix("s3://"), let s3 {
                sources += try await objects(argument, s3: s3)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                throw UsageError("\(argument): no such file or directory")
            }
            if isDirectory.boolValue {
                let files = captureFiles(in: argument, skipped: skipped)
                guard !files.isEmpty else { throw UsageError("\(argument): no .jsonl files in this directory") }
                sources += files.map { CaptureSource.file($0) }
            } else {
                sources.append(.file(argument))
            }
        }
        return sources
    }

    /// The object `uri` names, or every `.jsonl` object below it when it is a prefix.
    static func objects(_ argument: String, s3: S3Client) async throws -> [CaptureSource] {
        let uri: S3URI
        do {
            uri = try S3URI(argument)
        } catch {
            throw UsageError("\(error)")
        }
        guard uri.isPrefix else { return [.s3(s3, bucket: uri.bucket, key: uri.key)] }
        var keys: [String] = []
        do {
            for try await object in s3.listObjects(bucket: uri.bucket, prefix: uri.key)
            where object.key.hasSuffix(".jsonl") {
                keys.append(object.key)
            }
        } catch {
            throw UsageError("\(error)")
        }
        guard !keys.isEmpty else { throw UsageError("\(argument): no .jsonl objects below this prefix") }
        return keys.sorted().map { .s3(s3, bucket: uri.bucket, key: $0) }
    }

    /// `*.jsonl` regular files (or symbolic links to one) below `directory`, sorted by path, following no
    /// symbolic links to directories; other `.jsonl` entries (FIFOs, devices, sockets, links to them or to
    /// nothing) are passed to `skipped` and left alone — reading `/dev/zero` or a FIFO would never end.
    static func captureFiles(in directory: String, skipped: (String) -> Void = { _ in }) -> [String] {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(".jsonl") else { continue }
            let path = base + "/" + relative
            guard let info = try? Platform.status(ofPath: path) else {
                skipped("\(path): skipped: a symbolic link to nothing")
                continue
            }
            switch info.kind {
            case .regular: files.append(path)
            case .directory: continue
            case .fifo: skipped("\(path): skipped: a FIFO (named pipe), not a regular file")
            case .characterDevice, .blockDevice: skipped("\(path): skipped: a device, not a regular file")
            default: skipped("\(path): skipped: not a regular file")
            }
        }
        return files.sorted()
    }
}

/// A mistake in how the command was called: exit status 2, nothing done.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
