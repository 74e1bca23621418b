// Whether Arthur stored an inference: `GET {host}/api/v3/models/{id}/inferences/query/{partner id}`
// (arthur-client, `get_inference`), the id percent-encoded as one path segment, under the one retry policy.

import AsyncHTTPClient
import NIOCore
import Transport
import WireFormat

extension ArthurUploader {
    /// True when Arthur holds the inference (200 with a result), false when it does not (404, or an empty
    /// `query_result`). Other answers throw: 401/403 the token, a redirect, a refusal, retries run out.
    public func isStored(partnerInferenceID id: String) async throws -> Bool {
        let url = destination.queryURL(partnerInferenceID: id)
        let response = try await send(
            request(url), what: "query of \(transport.secrets.redact(id))", maxResponseBytes: 16 << 20)
        switch response.status {
        case 200...299:
            let result = (try? JSONReader.parse(Array(buffer: response.body)))?["query_result"]?.arrayValue
            return result.map { !$0.isEmpty } ?? true
        case 404:
            return false
        default:
            throw refusal(response, of: "the query")
        }
    }
}
