// CSV payloads read by `EscapedPayloadReader`: rows counted, and the first row's fields, as `CSVReader` and
// `CSVRowCounter` count them. Without quoted fields that is simple — a row is a non-empty stretch between line
// ends (`\n`, `\r`), its fields are its commas plus one — so a payload with a quote (written `\"`) is left to
// the exact reader, as is anything the cursor does not understand.

import WireFormat

extension EscapedPayloadReader {
    /// Reads a CSV payload up to the closing quote: its rows, and the fields of the first.
    mutating func readCSV() -> PayloadShape? {
        var shape = PayloadShape(rowCount: 0)
        var commasInFirstRow = 0
        var firstRowWidth = 0
        var rowHasText = false
        func endRow() {
            guard rowHasText else { return }  // an empty line is no row
            if shape.rowCount == 0 { firstRowWidth = commasInFirstRow + 1 }
            shape.rowCount += 1
            rowHasText = false
        }
        while true {
            let start = position
            skipPlainBytes(stoppingAt: shape.rowCount == 0 ? .comma : nil)
            if position > start { rowHasText = true }
            guard position < count else { return nil }
            switch base[position] {
            case .quote:
                consumeClosingQuote()
                endRow()
                if shape.rowCount == 1, firstRowWidth >= 2 { shape.singleRowScalarCount = firstRowWidth }
                return shape
            case .comma:
                commasInFirstRow += 1
                rowHasText = true
                position += 1
            case .backslash:
                guard position + 1 < count else { return nil }
                switch base[position + 1] {
                case UInt8(ascii: "n"), UInt8(ascii: "r"):
                    endRow()
                case .backslash, .slash, UInt8(ascii: "t"), UInt8(ascii: "b"), UInt8(ascii: "f"):
                    rowHasText = true
                default:
                    return nil  // a CSV quote (`\"`) or a `\u` escape: left to the exact reader
                }
                advance(2)
            case let byte where byte >= 0x80:
                guard skipUTF8Sequence() else { return nil }
                rowHasText = true
            default:
                return nil  // a control character: the line is not valid JSON
            }
        }
    }
}
