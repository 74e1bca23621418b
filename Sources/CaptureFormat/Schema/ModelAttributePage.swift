import WireFormat

/// A page of the model's attributes, and how many pages there are.
///
/// One page of `GET /api/v3/models/{id}/attributes?page=N&page_size=M` (arthur-client,
/// `PaginatedAttributeResponse`): `{"data":[…],"page","page_size","total_pages","total_count"}`.
public struct ModelAttributePage: Sendable, Equatable {
    /// The page's attributes, in the order Arthur listed them (not necessarily by position).
    public var attributes: [ModelAttribute]
    /// `total_pages`; nil when Arthur did not say (then an empty or short page ends the list).
    public var totalPages: Int?

    /// Makes a page from its parts.
    public init(attributes: [ModelAttribute], totalPages: Int?) {
        self.attributes = attributes
        self.totalPages = totalPages
    }

    /// Reads a page's JSON body.
    public init(json bytes: [UInt8]) throws(ModelSchemaError) {
        let root: JSONValue
        do {
            root = try JSONReader.parse(bytes)
        } catch {
            throw ModelSchemaError("the attributes list is not JSON (\(error))")
        }
        guard let data = root["data"]?.arrayValue else {
            throw ModelSchemaError("the attributes list has no \"data\" array")
        }
        var attributes: [ModelAttribute] = []
        for element in data { attributes.append(try ModelAttribute(json: element)) }
        self.init(attributes: attributes, totalPages: root["total_pages"].flatMap(Self.wholeNumber))
    }

    /// A JSON number with no fractional part (`3`, `3.0`) as an `Int`; nil for anything else.
    static func wholeNumber(_ value: JSONValue) -> Int? {
        guard case .number(let text) = value else { return nil }
        if let exact = Int(text) { return exact }
        guard let double = Double(text), double.rounded() == double, abs(double) < 1e15 else { return nil }
        return Int(double)
    }
}
