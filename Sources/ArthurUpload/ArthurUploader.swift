import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Synchronization
import Transport
import WireFormat

/// Uploads chunks to one Arthur model. Once Arthur refuses the token or the model, later uploads
/// fail at once with the same error instead of sending the token again.
///
/// Sends one chunk of capture lines to Arthur's `sagemaker_data_capture` endpoint and reads the answer. The same
/// client reads the model's attributes (`+Schema`) and asks whether an inference was stored (`+Query`).
///
/// The chunk travels as the `.jsonl` file part `inference_data` of a multipart form, with the token
/// in the `Authorization` header. Retries (429, 5xx, timeouts, lost connections) are the shared
/// `HTTPTransport`'s; other 4xx answers end the upload with Arthur's message and a hint. Every call throws an
/// ``ArthurUploadError``.
public final class ArthurUploader: Sendable {
    /// The `User-Agent` of every request: this tool and its version.
    public static let userAgent = "sagemaker-capture-to-arthur/0.9.0"

    public let destination: ArthurDestination
    public let transport: HTTPTransport
    /// The token or model refusal that ends every later request, once one came.
    let refusal = Mutex<ArthurUploadError?>(nil)

    /// An uploader to `destination`; the token joins the transport's secrets, so no server text shows it.
    public init(destination: ArthurDestination, transport: HTTPTransport) {
        self.destination = destination
        self.transport = transport
        transport.secrets.add(destination.token.value)
    }

    /// The longest answer read for an upload of `inferences` inferences: room for every one of them failing
    /// with a message (1 KiB each, at least 1 MiB, at most 256 MiB).
    public static func answerLimit(inferences: Int) -> Int {
        min(256 << 20, (1 << 20) + max(0, min(inferences, 1 << 20)) * 1024)
    }

    /// Uploads `lines` (whole capture lines, each ending in `\n`, holding `inferences` inferences) as the file
    /// `filename`. Texts that came from Arthur (messages, event ids) have the run's secrets blanked out.
    public func upload(
        _ lines: [UInt8], filename: String, inferences: Int
    ) async throws -> ArthurIngestReport {
        try await unlessRefused {
            try await send(lines, filename: filename, inferences: inferences)
        }
    }

    /// Runs `exchange` unless the token or model was refused before; a refusal it meets ends every later one.
    func unlessRefused<Answer>(
        _ exchange: () async throws -> Answer
    ) async throws -> Answer {
        if let refused = refusal.withLock({ $0 }) { throw refused }
        do {
            return try await exchange()
        } catch {
            if let error = error as? ArthurUploadError, error.isFatalForRun { refusal.withLock { $0 = $0 ?? error } }
            throw error
        }
    }

    private func send(
        _ lines: [UInt8], filename: String, inferences: Int
    ) async throws -> ArthurIngestReport {
        let form = MultipartFormData(
            field: "inference_data", filename: filename, fileContentType: "application/jsonl", content: lines)
        var request = request(destination.ingestURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: form.contentType)
        request.body = .bytes(form.body)

        let (status, body) = try await accepted(
            request, what: "upload of \(filename) to Arthur", items: inferences, refusing: "the upload")
        guard var report = ArthurIngestReport(json: body) else {
            throw ArthurUploadError(
                kind: .unreadableAnswer, status: status,
                message: "Arthur answered HTTP \(status) without a readable report (\(describe(body))): "
                    + "the lines are not counted as uploaded, and not sent again since Arthur may have stored them")
        }
        for index in report.failures.indices {
            report.failures[index].message = transport.secrets.redact(report.failures[index].message)
            report.failures[index].eventID = report.failures[index].eventID.map(transport.secrets.redact)
        }
        return report
    }

    /// Sends `request`, reading an answer of at most the size a report on `items` items may take, and returns the
    /// status and body of a 2xx answer; any other answer is a ``refusal(_:of:)`` of `subject`.
    func accepted(
        _ request: HTTPClientRequest, what: String, items: Int, refusing subject: String
    ) async throws -> (status: UInt, body: [UInt8]) {
        let response = try await send(request, what: what, maxResponseBytes: Self.answerLimit(inferences: items))
        guard (200...299).contains(response.status) else { throw refusal(response, of: subject) }
        return (response.status, Array(buffer: response.body))
    }

    /// Sends `request` through the transport (its retries included); when they give up, the error is an
    /// ``ArthurUploadError`` that says whether Arthur may have the request (``ArthurUploadError/Kind/unreadableAnswer``).
    func send(_ request: HTTPClientRequest, what: String, maxResponseBytes: Int) async throws -> CollectedResponse {
        do {
            return try await transport.send(request, what: what, maxResponseBytes: maxResponseBytes)
        } catch let error as TransportError {
            throw ArthurUploadError(error)
        }
    }

    /// A GET of `url` with the headers every call to Arthur carries: the token, `Accept`, `User-Agent` and, when
    /// set, `Arthur-Organization-ID`.
    func request(_ url: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: destination.token.value)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        if let organization = destination.organizationID {
            request.headers.add(name: "Arthur-Organization-ID", value: organization)
        }
        return request
    }

    /// The error of an answer that is not a success: a redirect (not followed), 401/403 (the token), 404 (the
    /// model), or another refusal of `subject`, with Arthur's message.
    func refusal(_ response: CollectedResponse, of subject: String = "the upload") -> ArthurUploadError {
        let body = Array(buffer: response.body)
        switch response.status {
        case 300...399:
            let location = response.headers.first(name: "location").map { transport.secrets.redact($0) }
            return ArthurUploadError(
                kind: .redirected, status: response.status, message: location ?? "no Location given")
        case 401, 403:
            return ArthurUploadError(kind: .unauthorized, status: response.status, message: message(in: body))
        case 404:
            return ArthurUploadError(kind: .modelNotFound, status: response.status, message: message(in: body))
        default:
            var error = ArthurUploadError(kind: .rejected, status: response.status, message: message(in: body))
            error.subject = subject
            return error
        }
    }

    /// Arthur's message with the run's secrets blanked out.
    private func message(in body: [UInt8]) -> String { transport.secrets.redact(Self.message(in: body)) }

    /// What an unreadable 2xx body was, in words: empty, or its start.
    private func describe(_ body: [UInt8]) -> String {
        body.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
            ? "an empty body" : "a body starting \"" + message(in: body) + "\""
    }

    /// Arthur's `detail` or `message` field, else the start of the body as text.
    static func message(in body: [UInt8]) -> String {
        if let json = try? JSONReader.parse(body) {
            for key in ["detail", "message", "error"] {
                if let text = json[key]?.stringValue { return text }
            }
        }
        let text = BodySnippet.text(of: body, maxBytes: 300)
        return text.isEmpty ? "no message" : text
    }
}
