import AWS
import Foundation
import IngestPipeline

// Where a run writes besides Arthur: `--to`, `--progress` and `--dead-letter`, each a folder or an S3 prefix.
extension IngestRun {
    /// Where `--to` writes files, if it was given (and this is no dry run).
    func fileOutput(s3: S3Client?) throws -> FileOutput? {
        guard let target = command.to, !command.dryRun else { return nil }
        if let (client, prefix) = try s3Prefix(target, s3: s3) {
            return FileOutput(target: .s3(client, prefix), format: command.toFormat)
        }
        try requireFolder(target, option: "--to")
        return FileOutput(target: .folder(target), format: command.toFormat)
    }

    /// Where progress records go, if `--progress` was given.
    func progressStore(s3: S3Client?) throws -> (any ProgressStore)? {
        guard let target = command.progress else { return nil }
        if let (client, prefix) = try s3Prefix(target, s3: s3) {
            return S3ProgressStore(client: client, prefix: prefix)
        }
        try requireFolder(target, option: "--progress")
        return DirectoryProgressStore(folder: target)
    }

    /// Makes each source's dead letter in the `--dead-letter` folder or S3 prefix, if one was given.
    func deadLetterFactory(s3: S3Client?) throws -> @Sendable (CaptureSource) -> (any DeadLetter)? {
        guard let target = command.deadLetter else { return { _ in nil } }
        if let (client, prefix) = try s3Prefix(target, s3: s3) {
            return { S3DeadLetter(client: client, destination: prefix, name: $0.deadLetterName) }
        }
        return { DirectoryDeadLetter(folder: target, name: $0.deadLetterName) }
    }

    /// The S3 prefix an option's `s3://bucket/prefix` names (read as a prefix: a `/` is added), with the client;
    /// nil when the option names a folder.
    func s3Prefix(_ target: String, s3: S3Client?) throws -> (S3Client, S3URI)? {
        guard target.hasPrefix("s3://"), let s3 else { return nil }
        return (s3, try S3URI(target.hasSuffix("/") ? target : target + "/"))
    }

    /// Stops with a usage error when `option`'s folder is a file (a missing folder is created when written to).
    func requireFolder(_ target: String, option: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw UsageError(
                "\(option) \(target) is a file: give a folder (it is created if missing) or s3://bucket/prefix/")
        }
    }
}
