// A payload's shape, derived from its rows (the exact reading) or counted (CSV), by the same rules as
// `PayloadRows.rows`, and the key rule for named rows that Arthur would read as its layout.

import WireFormat

extension PayloadRows {
    /// The shape of a decoded payload: what `rows` would give, counted, and what pairing needs to know of it.
    public static func shape(
        _ payload: UnsafeRawBufferPointer,
        format: PayloadFormat
    ) throws(PayloadSyntaxError) -> PayloadShape {
        try shape(payload, format: format, isValidUTF8: false)
    }

    /// The shape of a decoded payload.
    public static func shape(_ payload: [UInt8], format: PayloadFormat) throws(PayloadSyntaxError) -> PayloadShape {
        try payload.withUnsafeBytes { buffer in
            Result { () throws(PayloadSyntaxError) in try shape(buffer, format: format) }
        }.get()
    }

    /// The shape of a decoded payload; `isValidUTF8` skips the UTF-8 check of CSV known to be valid. CSV is only
    /// counted; JSON is read as spans (`PayloadSpans`), never as values.
    static func shape(
        _ payload: UnsafeRawBufferPointer,
        format: PayloadFormat,
        isValidUTF8: Bool
    ) throws(PayloadSyntaxError) -> PayloadShape {
        guard format == .csv else {
            do throws(JSONSyntaxError) {
                return try PayloadSpans(text: payload).shape(format: format).0
            } catch {
                throw .json(error)
            }
        }
        var counter = CSVRowCounter()
        do throws(CSVSyntaxError) {
            try CSVReader.read(payload, isValidUTF8: isValidUTF8, into: &counter)
        } catch {
            throw .csv(error)
        }
        return counter.shape
    }

    /// The keys Arthur's endpoint reads as its layout, which a row of named values therefore cannot use.
    static let layoutKeys: Set<String> = ["instances", "predictions", "features", "probabilities"]

    /// True for one of `layoutKeys` (looked up only at their lengths).
    static func isLayoutKey(_ key: String) -> Bool {
        switch key.utf8.count {
        case 8, 9, 11, 13: layoutKeys.contains(key)
        default: false
        }
    }

    /// The first row of named values (0-based) that uses one of `layoutKeys`, and the key.
    static func layoutKeyInNamedRow(_ rows: [JSONValue]) -> (row: Int, key: String)? {
        for (index, row) in rows.enumerated() {
            guard case .object(let members) = row else { continue }
            if let member = members.first(where: { isLayoutKey($0.key) }) { return (index, member.key) }
        }
        return nil
    }
}

extension PayloadShape {
    /// The shape of `rows` read by the plain rules; `flatArrayCount` when they are a flat array's one row.
    init(rows: [JSONValue], flatArrayCount: Int? = nil, arthurLayout: ArthurLayout = .other) {
        self.init(rowCount: rows.count, flatArrayCount: flatArrayCount, arthurLayout: arthurLayout)
        guard rows.count == 1 else { return }
        switch rows[0] {
        case .array(let values) where values.count >= 2 && values.allSatisfy(\.isScalar):
            singleRowScalarCount = values.count
        case .object(let members) where !members.isEmpty:
            guard let length = members[0].value.arrayValue?.count, length >= 2,
                members.allSatisfy({ $0.value.arrayValue?.count == length })
            else { return }
            columnarCount = length
        default:
            return
        }
    }
}

extension JSONValue {
    /// True for a string, number, boolean or null.
    var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }
}
