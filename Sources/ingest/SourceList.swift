/// Turns the command's SOURCE arguments into capture sources: files as given, `-` for standard
/// input, and directories expanded to their `*.jsonl` files, recursively, in path order.

import Foundation
import IngestPipeline

/// The sources of one run, checked before anything is read.
enum SourceList {
    /// The sources named by `arguments`; throws a usage error naming the first one that does not exist.
    static func resolve(_ arguments: [String]) throws(UsageError) -> [CaptureSource] {
        var sources: [CaptureSource] = []
        var seenStandardInput = false
        for argument in arguments {
            if argument == "-" {
                guard !seenStandardInput else { throw UsageError("- (standard input) is named twice") }
                seenStandardInput = true
                sources.append(.standardInput)
                continue
            }
            if argument.hasPrefix("s3://") {
                throw UsageError("\(argument): s3:// sources are not supported yet")
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
