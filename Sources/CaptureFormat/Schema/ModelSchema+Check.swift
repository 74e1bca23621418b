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
    ///
    /// This runs for every row uploaded: each value is checked where it stands against its attribute's rule,
    /// worked out once for the schema (`ValueRule`), and the attributes themselves are read only for a misfit.
    public func misfit(_ values: JSONValue, side: CaptureRejection.Side, row: Int, isCSV: Bool) -> SchemaMisfit? {
        let rules = side == .input ? inputRules : outputRules
        func misfit(_ kind: SchemaMisfit.Kind) -> SchemaMisfit {
            SchemaMisfit(side: side, row: row, kind: kind, attributeNames: attributes(of: side).map(\.name))
        }
        func misfit(_ index: Int, _ value: JSONValue) -> SchemaMisfit? {
            guard let expectation = Self.expectation(rules[index], unmetBy: value, isCSV: isCSV) else { return nil }
            let attribute = attributes(of: side)[index]
            return misfit(
                .valueType(
                    attribute: attribute.name, value: value, expectation: expectation, valueType: attribute.valueType))
        }
        switch values {
        case .object(let members):
            // Names first (an unknown or a missing one is the misfit), then values in the attributes' order.
            let names = side == .input ? inputNames : outputNames
            let attributes = attributes(of: side)
            guard members.count >= names.count, members.allSatisfy({ names.contains($0.key) }),
                attributes.allSatisfy({ values[$0.name] != nil })
            else {
                let given = Set(members.map(\.key))
                var unknown: [String] = []
                for member in members where !names.contains(member.key) && !unknown.contains(member.key) {
                    unknown.append(member.key)
                }
                return misfit(.names(unknown: unknown, missing: attributes.map(\.name).filter { !given.contains($0) }))
            }
            for (index, attribute) in attributes.enumerated() {
                if let misfit = misfit(index, values[attribute.name]!) { return misfit }
            }
        case .array(let elements):
            guard elements.count == rules.count else { return misfit(.valueCount(elements.count)) }
            for index in elements.indices {
                if let misfit = misfit(index, elements[index]) { return misfit }
            }
        default:
            guard rules.count == 1 else { return misfit(.valueCount(1)) }
            return misfit(0, values)
        }
        return nil
    }

    /// What a value of `valueType` must be, when `value` is not that; nil when it fits.
    static func expectation(_ valueType: String, unmetBy value: JSONValue, isCSV: Bool) -> String? {
        expectation(ValueRule(valueType), unmetBy: value, isCSV: isCSV)
    }

    /// What a value under `rule` must be, when `value` is not that; nil when it fits. CSV text is judged by
    /// ``fits(_:csvField:)``, the rules the in-place check of CSV sides reads fields by.
    static func expectation(_ rule: ValueRule, unmetBy value: JSONValue, isCSV: Bool) -> String? {
        let fits: Bool
        switch value {
        case .null:
            return nil
        case .string(var text) where isCSV:
            fits = text.withUTF8 { Self.fits(rule, csvField: UnsafeRawBufferPointer($0)) }
        case .number(var text):
            let kind = text.withUTF8 { decimal($0[...], finiteOnly: false) }
            fits =
                switch rule {
                case .number: kind != nil
                case .integer: kind == .whole
                case .boolean: text == "0" || text == "1"
                case .timestamp: false
                case .single, .unchecked: true
                }
        case .string(let text):
            fits = rule == .timestamp ? InferenceTime.normalized(text) != nil : rule == .single || rule == .unchecked
        case .bool:
            fits = rule == .boolean || rule == .single || rule == .unchecked
        case .array, .object:
            fits = rule == .unchecked
        }
        return fits ? nil : rule.expectation
    }

    /// True when CSV text `field` fits `rule`: empty (a missing value); a number (FLOAT) or a whole one (INTEGER),
    /// blanks around it allowed; `true`, `false`, `1` or `0` in any case (BOOLEAN); a date-time (TIMESTAMP); any
    /// text (STRING, UNSTRUCTURED_TEXT and the types not checked).
    static func fits(_ rule: ValueRule, csvField field: UnsafeRawBufferPointer) -> Bool {
        if field.isEmpty { return true }
        switch rule {
        case .number: return csvNumber(field.assumingMemoryBound(to: UInt8.self)) != nil
        case .integer: return csvNumber(field.assumingMemoryBound(to: UInt8.self)) == .whole
        case .boolean:
            guard field.count <= 5 else { return false }
            let lowered = field.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            return ["true", "false", "1", "0"].contains { $0.utf8.elementsEqual(lowered) }
        case .timestamp: return InferenceTime.normalized(field) != nil
        case .single, .unchecked: return true
        }
    }

    /// A number's kind: whether it is whole (`3`, `-0`, `2.50e1`, `7.0`) or not.
    enum NumberKind { case whole, fraction }

    /// The kind of the number CSV text `bytes` writes, blanks (spaces, tabs) around it allowed; nil when it is none
    /// or not finite.
    static func csvNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> NumberKind? {
        var bytes = bytes[...]
        while let first = bytes.first, first == .space || first == .tab { bytes.removeFirst() }
        while let last = bytes.last, last == .space || last == .tab { bytes.removeLast() }
        return decimal(bytes, finiteOnly: true)
    }

    /// The kind of the decimal number `[+-]digits[.digits][(e|E)[+-]digits]` written in `bytes` (a digit before or
    /// after the point), as `Double` reads it; nil for anything else. Read in bytes, not characters, since every
    /// value of every row uploaded is checked; `Double` reads only what the digits alone cannot settle: an exponent,
    /// an integer part of over 300 digits (it may not be finite), or a fraction written with over 15 digits in all
    /// (`Double` may round it to a whole number).
    static func decimal(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, finiteOnly: Bool) -> NumberKind? {
        var index = bytes.startIndex
        if index < bytes.endIndex, bytes[index] == .plus || bytes[index] == .minus { bytes.formIndex(after: &index) }
        var integerDigits = 0
        while index < bytes.endIndex, bytes[index].isASCIIDigit {
            integerDigits += 1
            bytes.formIndex(after: &index)
        }
        var fractionDigits = 0
        var wholeFraction = true
        if index < bytes.endIndex, bytes[index] == .dot {
            bytes.formIndex(after: &index)
            while index < bytes.endIndex, bytes[index].isASCIIDigit {
                fractionDigits += 1
                if bytes[index] != .zero { wholeFraction = false }
                bytes.formIndex(after: &index)
            }
        }
        guard integerDigits + fractionDigits > 0 else { return nil }
        if index == bytes.endIndex && integerDigits <= 300 {
            if wholeFraction { return .whole }
            if integerDigits + fractionDigits <= 15 { return .fraction }
        }
        guard index == bytes.endIndex || bytes[index] | 0x20 == 0x65,  // e or E
            bytes.allSatisfy({ $0.isASCIIDigit || $0 == .plus || $0 == .minus || $0 == .dot || $0 | 0x20 == 0x65 }),
            let number = Double(String(decoding: bytes, as: UTF8.self)), !finiteOnly || number.isFinite
        else { return nil }
        return number.rounded() == number ? .whole : .fraction
    }
}

extension UInt8 {
    fileprivate var isASCIIDigit: Bool { self >= .zero && self <= .nine }
}

/// What the check asks of a value, by its attribute's `value_type`: worked out once for a schema, so a row's values
/// are checked without comparing type names.
enum ValueRule: Sendable, Equatable {
    /// FLOAT: a number.
    case number
    /// INTEGER: a whole number.
    case integer
    /// BOOLEAN: true, false, 1 or 0.
    case boolean
    /// TIMESTAMP: a date-time as `inferenceTime` is written.
    case timestamp
    /// STRING, UNSTRUCTURED_TEXT: one value, not a list or an object.
    case single
    /// Types with values of their own shape (TOKENS, …).
    case unchecked

    /// What a value must be under this rule, in the words of a misfit's reason.
    var expectation: String {
        switch self {
        case .number: "a number"
        case .integer: "an integer"
        case .boolean: "true, false, 1 or 0"
        case .timestamp: "a date-time (YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM])"
        case .single: "a single value"
        case .unchecked: ""
        }
    }

    init(_ valueType: String) {
        switch valueType {
        case "FLOAT": self = .number
        case "INTEGER": self = .integer
        case "BOOLEAN": self = .boolean
        case "TIMESTAMP": self = .timestamp
        case "STRING", "UNSTRUCTURED_TEXT": self = .single
        default: self = .unchecked
        }
    }
}
