import AWS
import Platform

/// Where inference files go (`--to`, `OUTPUT_S3_URI`): a local folder or an S3 prefix.
///
/// A file is written whole or not at all. In a folder it is written beside its place under a hidden temporary
/// name (created as the dead letter's files are: no symbolic link followed, `O_EXCL | O_NOFOLLOW`) and renamed into
/// place, replacing the file an earlier run wrote; a symbolic link, hard link or special file where it goes is
/// refused. In S3 it is one object, written through `S3ObjectWriter` (a PutObject, or a multipart upload for a
/// file over one part), retried by the transport's policy.
public enum FileTarget: Sendable {
    case folder(String)
    case s3(S3Client, S3URI)

    /// Writes `bytes` as the file `name` (a relative path) and returns where it went.
    func write(_ bytes: [UInt8], name: String, contentType: String) async throws -> String {
        switch self {
        case .folder(let folder):
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            if let info = try? Platform.status(ofPath: path, followingLinks: false),
                info.kind != .regular || info.linkCount != 1
            {
                throw SourceError(
                    source: path,
                    message: "exists and is not a plain file (a symbolic link, a hard link or a special file): "
                        + "refusing to replace it")
            }
            var parts = name.split(separator: "/", omittingEmptySubsequences: false)
            let last = parts.removeLast()
            let temporary = (parts + [".\(last).\(Platform.processID()).partial"]).joined(separator: "/")
            do {
                let writer = try BufferedFileWriter(creating: temporary, in: folder, what: "inference files")
                try writer.append { $0.append(contentsOf: bytes) }
                try writer.flush()
            }
            let partial = folder.hasSuffix("/") ? folder + temporary : folder + "/" + temporary
            do {
                try Platform.rename(partial, path)
            } catch {
                try? Platform.unlink(partial)
                throw SourceError(source: path, error, context: "cannot write")
            }
            return path
        case .s3(let client, let prefix):
            var key = prefix.key
            if !key.isEmpty && !key.hasSuffix("/") { key += "/" }
            key += name
            let writer = S3ObjectWriter(client: client, bucket: prefix.bucket, key: key, contentType: contentType)
            let uri = S3URI(bucket: prefix.bucket, key: key).description
            do {
                try writer.append(bytes)
                try await writer.sendFullParts()
                try await writer.finish()
            } catch {
                await writer.abort()
                throw SourceError(source: uri, error)
            }
            return uri
        }
    }
}
