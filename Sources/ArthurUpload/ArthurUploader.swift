/// Sends one chunk of capture lines to Arthur's `sagemaker_data_capture` endpoint and reads the answer.
///
/// The chunk travels as the `.jsonl` file part `inference_data` of a multipart form, with the token
/// in the `Authorization` header. Retries (429, 5xx, timeouts, lost connections) are the shared
/// ``HTTPTransport``'s; other 4xx answers end the upload with Arthur's message and a hint.

import AsyncHTTPClient
import CaptureFormat
import NIOCore
import Synchronization
import Transport

/// Uploads chunks to one Arthur model. Once Arthur refuses the token or the model, later uploads
/// fail at once with the same error instead of sending the token again.
public final class ArthurUploader: Sendable {
    public let destination: ArthurDestination
    public let transport: HTTPTransport
    private let refusal = Mutex<ArthurUploadError?>(nil)

    public init(destination: ArthurDestination, transport: HTTPTransport) {
        self.destination = destination
        self.transport = transport
    }

    /// Uploads `lines` (whole capture lines, each ending in `\n`) as the file `filename`.
    public func upload(_ lines: [UInt8], filename: String) async throws(ArthurUploadError) -> ArthurIngestReport {
        if let refused = refusal.withLock({ $0 }) { throw refused }
        do {
            return try await send(lines, filename: filename)
        } catch {
            if error.isFatalForRun { refusal.withLock { $0 = $0 ?? error } }
            throw error
        }
    }

    private func send(_ lines: [UInt8], filename: String) async throws(ArthurUploadError) -> ArthurIngestReport {
        let form = MultipartFormData(
            field: "inference_data", filename: filename, fileContentType: "application/jsonl", content: lines)
        var request = HTTPClientRequest(url: destination.ingestURL)
        request.method = .POST
        request.headers.add(name: "Authorization", value: destination.token.value)
        request.headers.add(name: "Content-Type", value: form.contentType)
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(form.body)

        let response: CollectedResponse
        do {
            response = try await transport.send(request, what: "upload of \(filename) to Arthur")
        } catch {
            throw ArthurUploadError(error)
        }
        let body = Array(buffer: response.body)
        switch response.status {
        case 200...299:
            if let report = ArthurIngestReport(json: body) { return report }
            transport.logger.warning(
                "Arthur answered HTTP \(response.status) without counts for \(filename); taking it as accepted")
            return ArthurIngestReport(success: 0, failure: 0, total: 0, failures: [])
        case 401, 403:
            throw ArthurUploadError(kind: .unauthorized, status: response.status, message: Self.message(in: body))
        case 404:
            throw ArthurUploadError(kind: .modelNotFound, status: response.status, message: Self.message(in: body))
        default:
            throw ArthurUploadError(kind: .rejected, status: response.status, message: Self.message(in: body))
        }
    }

    /// Arthur's `detail` or `message` field, else the start of the body as text.
    static func message(in body: [UInt8]) -> String {
        if let json = try? JSONReader.parse(body) {
            for key in ["detail", "message", "error"] {
                if let text = json[key]?.stringValue { return text }
            }
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
        return text.isEmpty ? "no message" : text
    }
}
