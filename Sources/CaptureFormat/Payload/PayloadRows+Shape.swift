/// Counting a payload's rows without building them: the same rules as `PayloadRows.rows` (and the same errors),
/// checked by the same scanners, but keeping only counts. Only the top level of a JSON document matters for the
/// count, since the element rules never turn one element into several rows.

extension PayloadRows {
    /// The shape of a decoded payload: what `rows` would give, counted.
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

    /// The shape of a decoded payload; `isValidUTF8` skips the UTF-8 check of CSV known to be valid.
    static func shape(
        _ payload: UnsafeRawBufferPointer,
        format: PayloadFormat,
        isValidUTF8: Bool
    ) throws(PayloadSyntaxError) -> PayloadShape {
        switch format {
        case .csv:
            var counter = CSVRowCounter()
            do throws(CSVSyntaxError) {
                try CSVReader.read(payload, isValidUTF8: isValidUTF8, into: &counter)
            } catch {
                throw .csv(error)
            }
            return PayloadShape(rowCount: counter.rowCount, firstRowWidth: counter.firstRowWidth)
        case .json, .jsonLines:
            do throws(JSONSyntaxError) {
                let count = try jsonRowCount(payload, isJSONLines: format == .jsonLines)
                return PayloadShape(rowCount: count, firstRowWidth: 0)
            } catch {
                throw .json(error)
            }
        }
    }

    /// The rows `jsonValues` and the document rules would give, counted.
    private static func jsonRowCount(_ payload: UnsafeRawBufferPointer, isJSONLines: Bool) throws(JSONSyntaxError)
        -> Int
    {
        var scanner = JSONScanner(payload)
        var valueCount = 0
        var documentRowCount = 0
        var firstValue = 0..<0
        var laterValueOverLines: Int?
        scanner.skipWhitespace()
        while scanner.current != nil {
            let start = scanner.position
            if valueCount == 0 {
                documentRowCount = try scanner.skipDocumentCountingRows()
                firstValue = start..<scanner.position
            } else {
                try scanner.skipValue(depth: 0)
                if laterValueOverLines == nil, payload[start..<scanner.position].contains(.newline) {
                    laterValueOverLines = start
                }
            }
            valueCount += 1
            let sawNewline = scanner.skipWhitespace()
            if scanner.current != nil && !sawNewline {
                throw scanner.unexpected("a newline between JSON values")
            }
        }
        if isJSONLines || valueCount > 1 {
            let overLines = payload[firstValue].contains(.newline) ? firstValue.lowerBound : laterValueOverLines
            if let overLines {
                throw JSONSyntaxError(offset: overLines, message: "JSON Lines value spread over several lines")
            }
            return valueCount
        }
        return documentRowCount
    }
}

/// What a document object holds under `instances` or `predictions`.
private enum RowList {
    case absent
    case notAList
    case list(count: Int)
}

extension JSONScanner {
    /// Moves past a JSON document and returns its number of rows by the document rules.
    fileprivate mutating func skipDocumentCountingRows() throws(JSONSyntaxError) -> Int {
        skipWhitespace()
        switch current {
        case .openBracket:
            return try skipArrayCountingElements(depth: 0)
        case .openBrace:
            try enterContainer(depth: 1)
            var instances = RowList.absent
            var predictions = RowList.absent
            var isFirst = true
            while let key = try nextMemberKey(isFirst: &isFirst) {
                switch key {
                case "instances": instances = try skipCountingList(depth: 1)
                case "predictions": predictions = try skipCountingList(depth: 1)
                default: try skipValue(depth: 1)
                }
            }
            switch (instances, predictions) {
            case (.list(let count), .absent), (.absent, .list(let count)): return count
            default: return 1
            }
        default:
            try skipValue(depth: 0)
            return 1
        }
    }

    private mutating func skipCountingList(depth: Int) throws(JSONSyntaxError) -> RowList {
        skipWhitespace()
        guard current == .openBracket else {
            try skipValue(depth: depth)
            return .notAList
        }
        return .list(count: try skipArrayCountingElements(depth: depth))
    }
}
