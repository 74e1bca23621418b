import NIOHTTP1
import Transport

/// A non-2xx answer from S3.
///
/// S3's error answer: the `<Error>` document (`Code`, `Message`, `Region`) and the `x-amz-bucket-region`
/// header, read with ``S3XMLElement``.
struct S3ErrorResponse: Sendable {
    var status: UInt
    var code: String?
    var message: String
    /// The bucket's region, from the `<Region>` element or the `x-amz-bucket-region` header.
    var bucketRegion: String?

    init(status: UInt, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        let document = S3XMLElement.parse(body)
        let error = document?.name == "Error" ? document : nil
        code = error?["Code"].flatMap { $0.isEmpty ? nil : $0 }
        if let message = error?["Message"], !message.isEmpty {
            self.message = message
        } else if error == nil, !body.isEmpty {
            self.message = BodySnippet.text(of: body, maxBytes: 200)
        } else {
            self.message = HTTPResponseStatus(statusCode: Int(status)).reasonPhrase
        }
        bucketRegion = error?["Region"] ?? headers.first(name: "x-amz-bucket-region")
    }

    /// `HTTP 503 SlowDown: Please reduce your request rate.`, for retry log lines.
    var summary: String {
        "HTTP \(status)" + (code.map { " \($0)" } ?? "") + ": \(message)"
    }

    func s3Error(operation: String, signingRegion: String) -> S3Error {
        S3Error(
            kind: S3Error.kind(code: code, status: status), operation: operation, status: status, code: code,
            message: message, bucketRegion: bucketRegion, signingRegion: signingRegion)
    }
}
