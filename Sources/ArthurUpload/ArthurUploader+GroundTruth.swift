// Ground truth to Arthur: `PATCH {host}/api/v3/models/{id}/inferences` with a JSON array of
// `{"partner_inference_id","ground_truth_timestamp","ground_truth_data"}` (arthur-client, `update_inferences`,
// `PartnerIdInferenceGroundTruth`), with the upload's headers, under the one retry policy.

import AsyncHTTPClient
import CaptureFormat
import NIOCore
import NIOHTTP1
import Transport

extension ArthurUploader {
    /// Sends `body` (a JSON array of `items` ground-truth items) and reads Arthur's 207, its messages with the run's
    /// secrets blanked out. Refusals are the upload's: 401/403 the token, 404 the model, other 4xx with Arthur's
    /// message; once the token or model is refused, later calls fail at once.
    public func sendGroundTruth(
        _ body: [UInt8], items: Int, what: String
    ) async throws -> ArthurGroundTruthReport {
        try await unlessRefused {
            try await exchangeGroundTruth(body, items: items, what: what)
        }
    }

    private func exchangeGroundTruth(
        _ body: [UInt8], items: Int, what: String
    ) async throws -> ArthurGroundTruthReport {
        var request = request(destination.groundTruthURL)
        request.method = .PATCH
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(body)
        let (status, answer) = try await accepted(request, what: what, items: items, refusing: "the ground truth")
        guard var report = ArthurGroundTruthReport(json: answer) else {
            throw ArthurUploadError(
                kind: .unreadableAnswer, status: status,
                message: "Arthur answered HTTP \(status) without a readable report: the ground truth "
                    + "is not counted as sent, and not sent again since Arthur may have stored it")
        }
        for index in report.results.indices {
            report.results[index].message = transport.secrets.redact(report.results[index].message)
        }
        return report
    }
}
