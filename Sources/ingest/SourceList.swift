/// Turns the command's SOURCE arguments into capture sources: files as given, `-` for standard
/// input, directories expanded to their `*.jsonl` files (recursively, in path order), `s3://bucket/key`
/// objects, and `s3://bucket/prefix/` expanded to every `.jsonl` object below it, in key order.

import AWS
import Foundation
import IngestPipeline

/// The sources of one run, checked before anything is read.
enum SourceList {
    /// The sources named by `arguments`; throws a usage error naming the first one that does not exist.
    /// `s3` is needed only when an argument is an `s3://` URI.
    static func resolve(_ arguments: [String], s3: S3Client?) async throws(UsageError) -> [CaptureSource] {
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
                let files = captureFiles(in: argument)
                guard !files.isEmpty else { throw UsageError("\(argument): no .jsonl files in this directory") }
                sources += files.map { CaptureSource.file($0) }
            } else {
                sources.append(.file(argument))
            }
        }
        return sources
    }

    /// The object `uri` names, or every `.jsonl` object below it when it is a prefix.
    static func objects(_ argument: String, s3: S3Client) async throws(UsageError) -> [CaptureSource] {
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

    /// `*.jsonl` files below `directory`, sorted by path, following no symbolic links to directories.
    static func captureFiles(in directory: String) -> [String] {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(".jsonl") else { continue }
            let path = base + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
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
