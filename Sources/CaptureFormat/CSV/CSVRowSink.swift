import WireFormat

/// Receives the fields and row ends a CSV reader finds.
///
/// What `CSVReader` hands its fields to: a sink builds rows in the form its caller needs (strings for the public
/// reader, JSON values for payload rows) without a second pass or a copy per row.
protocol CSVRowSink {
    /// One field's text (valid UTF-8, quotes removed); valid only during the call.
    mutating func field(_ text: UnsafeRawBufferPointer)
    /// The end of a row.
    mutating func endRow()
}

/// Collects rows of strings.
struct CSVStringRows: CSVRowSink {
    var rows: [[String]] = []
    private var fields: [String] = []

    mutating func field(_ text: UnsafeRawBufferPointer) {
        fields.append(String(decoding: text, as: UTF8.self))
    }

    mutating func endRow() {
        let width = fields.count
        rows.append(fields)
        fields = []
        fields.reserveCapacity(width)
    }
}

/// Collects rows as JSON arrays of strings, the form an inference's CSV inputs and outputs take.
struct CSVJSONRows: CSVRowSink {
    var rows: [JSONValue] = []
    private var fields: [JSONValue] = []

    mutating func field(_ text: UnsafeRawBufferPointer) {
        fields.append(.string(String(decoding: text, as: UTF8.self)))
    }

    mutating func endRow() {
        let width = fields.count
        rows.append(.array(fields))
        fields = []
        fields.reserveCapacity(width)
    }
}

/// Counts rows and the fields of the first row, keeping nothing.
struct CSVRowCounter: CSVRowSink {
    private(set) var rowCount = 0
    private(set) var firstRowWidth = 0
    private var fieldsInRow = 0

    /// The rows counted, as a shape: a single row of two or more fields is a row of scalars.
    var shape: PayloadShape {
        PayloadShape(
            rowCount: rowCount, singleRowScalarCount: rowCount == 1 && firstRowWidth >= 2 ? firstRowWidth : nil)
    }

    mutating func field(_ text: UnsafeRawBufferPointer) {
        fieldsInRow += 1
    }

    mutating func endRow() {
        if rowCount == 0 { firstRowWidth = fieldsInRow }
        rowCount += 1
        fieldsInRow = 0
    }
}
