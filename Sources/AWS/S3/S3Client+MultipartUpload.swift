// Multipart upload, call by call: CreateMultipartUpload, UploadPart, CompleteMultipartUpload and
// AbortMultipartUpload. Each call is signed (the part's SHA-256 too) and retried by the transport's policy
// like any other; ``S3ObjectWriter`` puts them together and aborts an upload that cannot complete.

import NIOCore
import NIOHTTP1

extension S3Client {
    /// Begins a multipart upload of `key`; the object appears only when the upload completes.
    public func createMultipartUpload(
        bucket: String, key: String, contentType: String = "application/octet-stream"
    ) async throws -> S3MultipartUpload {
        let operation = "CreateMultipartUpload \(Self.uri(bucket, key))"
        let (document, _) = try await xmlAnswer(
            operation, method: .POST, bucket: bucket, key: key, query: [(name: "uploads", value: "")],
            headers: [(name: "content-type", value: contentType)])
        guard let uploadID = document["UploadId"], !uploadID.isEmpty else {
            throw S3Error(kind: .other, operation: operation, message: "the answer names no UploadId")
        }
        return S3MultipartUpload(bucket: bucket, key: key, uploadID: uploadID)
    }

    /// Sends part `number` (1 to 10,000) of `upload`; every part but the last must hold at least 5 MiB.
    public func uploadPart(
        _ upload: S3MultipartUpload, number: Int, body: [UInt8]
    ) async throws -> S3UploadedPart {
        let operation = "UploadPart \(number) \(Self.uri(upload.bucket, upload.key))"
        let answer = try await exchange(
            operation, method: .PUT, bucket: upload.bucket, key: upload.key,
            query: [(name: "partNumber", value: "\(number)"), (name: "uploadId", value: upload.uploadID)],
            body: body)
        guard case .collected(let headers, _) = answer, let eTag = headers.first(name: "etag") else {
            throw S3Error(kind: .other, operation: operation, message: "the answer has no ETag")
        }
        return S3UploadedPart(number: number, eTag: eTag)
    }

    /// Joins `parts` (in part-number order) into the object.
    ///
    /// S3 may answer 200 and then an `<Error>` document; that is an error too, retried when S3 says so.
    @discardableResult
    public func completeMultipartUpload(
        _ upload: S3MultipartUpload, parts: [S3UploadedPart]
    ) async throws -> S3PutResult {
        let operation = "CompleteMultipartUpload \(Self.uri(upload.bucket, upload.key))"
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts {
            xml += "<Part><PartNumber>\(part.number)</PartNumber><ETag>\(Self.escaped(part.eTag))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let (document, versionID) = try await xmlAnswer(
            operation, method: .POST, bucket: upload.bucket, key: upload.key,
            query: [(name: "uploadId", value: upload.uploadID)],
            headers: [(name: "content-type", value: "application/xml")], body: Array(xml.utf8),
            errorInsideOK: true)
        // Like botocore, the root element's name is not checked (S3 says `CompleteMultipartUploadResult`).
        return S3PutResult(eTag: document["ETag"], versionID: versionID)
    }

    /// Gives up `upload`: S3 deletes the parts stored so far. An upload already gone counts as aborted.
    public func abortMultipartUpload(_ upload: S3MultipartUpload) async throws {
        let operation = "AbortMultipartUpload \(Self.uri(upload.bucket, upload.key))"
        do {
            _ = try await exchange(
                operation, method: .DELETE, bucket: upload.bucket, key: upload.key,
                query: [(name: "uploadId", value: upload.uploadID)])
        } catch let error as S3Error where error.code == "NoSuchUpload" {}
    }

    /// Sends a call whose 2xx answer is an XML document, and reads it (with `x-amz-version-id`, if any).
    private func xmlAnswer(
        _ operation: String, method: HTTPMethod, bucket: String, key: String,
        query: [(name: String, value: String)], headers: [(name: String, value: String)], body: [UInt8]? = nil,
        errorInsideOK: Bool = false
    ) async throws -> (S3XMLElement, versionID: String?) {
        guard
            case .collected(let answerHeaders, let buffer) = try await exchange(
                operation, method: method, bucket: bucket, key: key, query: query, headers: headers, body: body,
                errorInsideOK: errorInsideOK)
        else {
            throw S3Error(kind: .other, operation: operation, message: "internal error: expected a whole answer")
        }
        guard let document = S3XMLElement.parse(Array(buffer: buffer)) else {
            throw S3Error(kind: .other, operation: operation, message: "the answer is not an XML document")
        }
        return (document, answerHeaders.first(name: "x-amz-version-id"))
    }

    /// `text` with XML's special characters escaped (ETags carry quotes).
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
