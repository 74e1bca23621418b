// The model's attributes, read once per run before the first upload: `GET {host}/api/v3/models/{id}/attributes`,
// page after page (arthur-client, `get_paginated_model_attributes`), under the one retry policy.

import CaptureFormat
import NIOCore
import Transport

extension ArthurUploader {
    /// Attributes asked for per page.
    public static let attributesPageSize = 100

    /// The model's schema, every page of its attributes read. A 401/403 is ``ArthurUploadError/Kind/unauthorized``,
    /// a 404 ``ArthurUploadError/Kind/modelNotFound``; a list that cannot be read is
    /// ``ArthurUploadError/Kind/unreadableAnswer``.
    public func fetchSchema(pageSize: Int = attributesPageSize) async throws -> ModelSchema {
        var attributes: [ModelAttribute] = []
        var page = 1
        while true {
            let what = "reading the model's attributes (page \(page))"
            let url =
                "\(destination.host)/api/v3/models/\(destination.modelID)/attributes?page=\(page)&page_size=\(pageSize)"
            let response = try await send(request(url), what: what, maxResponseBytes: 64 << 20)
            guard (200...299).contains(response.status) else {
                throw refusal(response, of: "the request for the model's attributes")
            }
            let read: ModelAttributePage
            do {
                read = try ModelAttributePage(json: Array(buffer: response.body))
            } catch {
                throw ArthurUploadError(
                    kind: .unreadableAnswer, status: response.status,
                    message: "\(what): \(transport.secrets.redact(error.description))")
            }
            attributes += read.attributes
            let more = read.totalPages.map { page < $0 } ?? (read.attributes.count >= pageSize)
            guard more, !read.attributes.isEmpty, page < 100_000 else { break }
            page += 1
        }
        return ModelSchema(attributes: attributes)
    }
}
