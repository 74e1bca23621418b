// The check of an inference against the model's schema, before it is sent. Ordered values must number exactly the
// side's attributes; named values must use exactly their names; a value must fit its attribute's type: FLOAT and
// INTEGER a JSON number or CSV text that reads as one (INTEGER a whole one), BOOLEAN true/false/1/0, TIMESTAMP a
// date-time as `inferenceTime` is written, STRING and UNSTRUCTURED_TEXT a single value. `null` and an empty CSV
// field are missing values and fit any type; types with values of their own shape (TOKENS, …) are not checked.

import WireFormat

extension ModelSchema {
    /// The first misfit of the line's inferences, row by row (a row's input before its output); nil when all fit.
    public func misfit(in line: CaptureLine) -> SchemaMisfit? {
        for (index, inference) in line.inferences.enumerated() {
            if let misfit = misfit(inference.inputs, side: .input, row: index + 1, isCSV: line.inputFormat == .csv) {
                return misfit
            }
            if let misfit = misfit(inference.outputs, side: .output, row: index + 1, isCSV: line.outputFormat == .csv) {
                return misfit
            }
        }
        return nil
    }

    /// The misfit of one row (`.array` ordered values or `.object` named values), if any.
    public func misfit(_ values: JSONValue, side: CaptureRejection.Side, row: Int, isCSV: Bool) -> SchemaMisfit? {
        let attributes = attributes(of: side)
        func misfit(_ kind: SchemaMisfit.Kind) -> SchemaMisfit {
            SchemaMisfit(side: side, row: row, kind: kind, attributeNames: attributes.map(\.name))
        }
        let pairs: [(ModelAttribute, JSONValue)]
        switch values {
        case .object(let members):
            let names = Set(attributes.map(\.name))
            let given = Set(members.map(\.key))
            var unknown: [String] = []
            for member in members where !names.contains(member.key) && !unknown.contains(member.key) {
                unknown.append(member.key)
            }
            let missing = attributes.map(\.name).filter { !given.contains($0) }
            guard unknown.isEmpty && missing.isEmpty else { return misfit(.names(unknown: unknown, missing: missing)) }
            pairs = attributes.map { attribute in (attribute, values[attribute.name] ?? .null) }
        case .array(let elements):
            guard elements.count == attributes.count else { return misfit(.valueCount(elements.count)) }
            pairs = Array(zip(attributes, elements))
        default:
            guard attributes.count == 1 else { return misfit(.valueCount(1)) }
            pairs = [(attributes[0], values)]
        }
        for (attribute, value) in pairs {
            if let expectation = Self.expectation(attribute.valueType, unmetBy: value, isCSV: isCSV) {
                return misfit(
                    .valueType(
                        attribute: attribute.name, value: value, expectation: expectation,
                        valueType: attribute.valueType))
            }
        }
        return nil
    }

    /// What a value of `valueType` must be, when `value` is not that; nil when it fits.
    static func expectation(_ valueType: String, unmetBy value: JSONValue, isCSV: Bool) -> String? {
        if value.isNull || (isCSV && value == .string("")) { return nil }
        switch valueType {
        case "FLOAT":
            return number(value, isCSV: isCSV) != nil ? nil : "a number"
        case "INTEGER":
            guard let number = number(value, isCSV: isCSV) else { return "an integer" }
            return number.rounded() == number ? nil : "an integer"
        case "BOOLEAN":
            switch value {
            case .bool: return nil
            case .number(let text) where text == "0" || text == "1": return nil
            case .string(let text) where isCSV && ["true", "false", "1", "0"].contains(text.lowercased()): return nil
            default: return "true, false, 1 or 0"
            }
        case "TIMESTAMP":
            guard case .string(let text) = value, InferenceTime.normalized(text) != nil else {
                return "a date-time (YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM])"
            }
            return nil
        case "STRING", "UNSTRUCTURED_TEXT":
            switch value {
            case .array, .object: return "a single value"
            default: return nil
            }
        default:
            return nil
        }
    }

    /// The value as a number: a JSON number, or CSV text written as a decimal number (`-1.5e3`, not `0x1p3` or `nan`).
    private static func number(_ value: JSONValue, isCSV: Bool) -> Double? {
        switch value {
        case .number(let text): return Double(text)
        case .string(let text) where isCSV:
            let trimmed = text.trimmingSpacesAndTabs()
            guard
                trimmed.contains(where: \.isASCIIDigit),
                trimmed.allSatisfy({ $0.isASCIIDigit || "+-.eE".contains($0) }),
                let number = Double(trimmed), number.isFinite
            else { return nil }
            return number
        default: return nil
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
