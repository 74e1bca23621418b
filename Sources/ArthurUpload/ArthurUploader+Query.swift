/// Whether Arthur stored an inference: `GET {host}/api/v3/models/{id}/inferences/query/{partner id}`
/// (arthur-client, `get_inference`), the id percent-encoded as one path segment, under the one retry policy.

import AsyncHTTPClient
import CaptureFormat
import Transport

extension ArthurUploader {
    /// True when Arthur holds the inference (200 with a result), false when it does not (404, or an empty
    /// `query_result`). Other answers throw: 401/403 the token, a redirect, a refusal, retries run out.
    public func isStored(partnerInferenceID id: String) async throws(ArthurUploadError) -> Bool {
        let url = destination.queryURL(partnerInferenceID: id)
        let response: CollectedResponse
        do {
            response = try await transport.send(
                request(url), what: "query of \(transport.secrets.redact(id))",
                maxResponseBytes: 16 << 20)
        } catch {
            throw ArthurUploadError(error)
        }
        switch response.status {
        case 200...299:
            let result = (try? JSONReader.parse(Array(buffer: response.body)))?["query_result"]?.arrayValue
            return result.map { !$0.isEmpty } ?? true
        case 404:
            return false
        default:
            throw refusal(response)
        }
    }
}

extension ArthurDestination {
    /// `{host}/api/v3/models/{id}/inferences/query/{id as one percent-encoded path segment}`.
    public func queryURL(partnerInferenceID id: String) -> String {
        "\(host)/api/v3/models/\(modelID)/inferences/query/\(Self.pathSegment(id))"
    }

    /// `text` percent-encoded (UTF-8) as one path segment: every byte but ASCII letters, digits, `-`, `_` and `~`
    /// (so `/`, `?`, `#`, `%`, spaces, `.` and non-ASCII text cannot change what the path means).
    public static func pathSegment(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(byte)
            default:
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }
}
