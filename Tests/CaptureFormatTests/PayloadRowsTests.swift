import CaptureFormat
import Testing
import WireFormat

/// Tests of `PayloadRows`: the JSON document rules, the element rules, JSON Lines (by media type and by
/// several values one per line), CSV rows, and the errors that make a payload unparsable.
struct PayloadRowsTests {
    /// The rows of a payload, checking on the way that `PayloadRows.shape` counts them (or fails) the same.
    private func rows(_ text: String, _ format: PayloadFormat) throws -> [JSONValue] {
        let bytes = Array(text.utf8)
        let rows = Result { () throws(PayloadSyntaxError) in try PayloadRows.rows(bytes, format: format) }
        let shape = Result { () throws(PayloadSyntaxError) in try PayloadRows.shape(bytes, format: format) }
        switch (rows, shape) {
        case (.success(let rows), .success(let shape)):
            #expect(shape.rowCount == rows.count)
            if format != .csv { #expect(try PayloadRows.read(bytes, format: format).shape == shape) }
            if rows.count == 1, let values = rows[0].arrayValue, values.count >= 2,
                values.allSatisfy({ $0.arrayValue == nil && $0.objectValue == nil })
            {
                #expect(shape.singleRowScalarCount == values.count)
            }
        case (.failure(let rowsError), .failure(let shapeError)):
            #expect(rowsError == shapeError)
        default:
            Issue.record("rows gave \(rows) but shape gave \(shape)")
        }
        return try rows.get()
    }

    static let documents: [(String, [JSONValue])] = [
        (#"{"instances":[[1,2],[3,4]]}"#, [[1, 2], [3, 4]]),
        (#"{"instances":[{"features":[1,2]}]}"#, [[1, 2]]),
        (#"{"predictions":[{"probabilities":[0.1,0.9]}]}"#, [[.number("0.1"), .number("0.9")]]),
        (#"{"predictions":[0.73]}"#, [[.number("0.73")]]),
        (#"{"signature_name":"s","instances":[{"a":1}]}"#, [["a": 1]]),
        (#"{"instances":[5,"x",null,true]}"#, [[5], ["x"], [nil], [true]]),
        (#"{"instances":[{"features":[1],"id":2}]}"#, [["features": [1], "id": 2]]),
        (#"{"instances":[{"features":5}]}"#, [["features": 5]]),
        (#"{"instances":[{"probabilities":[]}]}"#, [[]]),
        (#"{"instances":[1],"predictions":[2]}"#, [["instances": [1], "predictions": [2]]]),
        (#"{"instances":5}"#, [["instances": 5]]),
        (#"{"instances":[1],"instances":[2,3]}"#, [[2], [3]]),
        (#"{"instances":[]}"#, []),
        (#"[[1,2],[3,4]]"#, [[1, 2], [3, 4]]),
        (#"[{"features":[1]},{"a":2},7]"#, [[1], ["a": 2], [7]]),
        (#"[]"#, []),
        (#"{"a":1,"b":"x"}"#, [["a": 1, "b": "x"]]),
        (#"7"#, [[7]]),
        (#""x""#, [["x"]]),
        (#"null"#, [[nil]]),
        ("", []),
        (" \n\t\r\n", []),
        ("{\n  \"instances\": [\n    [1, 2],\n    [3, 4]\n  ]\n}\n", [[1, 2], [3, 4]]),
    ]

    @Test(arguments: documents)
    func appliesTheDocumentRules(text: String, expected: [JSONValue]) throws {
        #expect(try rows(text, .json) == expected)
    }

    static let severalValues: [(String, [JSONValue])] = [
        ("[1,2]\n[3,4]\n", [[1, 2], [3, 4]]),
        ("1\n2", [[1], [2]]),
        ("{\"features\":[1]}\r\n{\"features\":[2]}\r\n", [[1], [2]]),
        ("[1]\n\n  \n[2]", [[1], [2]]),
        ("{\"instances\":[1]}\n{\"instances\":[2]}", [["instances": [1]], ["instances": [2]]]),
        ("{\"a\":1}\n\"x\"\n[true]", [["a": 1], ["x"], [true]]),
    ]

    @Test(arguments: severalValues)
    func readsSeveralValuesOnePerLineAsJSONLines(text: String, expected: [JSONValue]) throws {
        #expect(try rows(text, .json) == expected)
    }

    static let jsonLines: [(String, [JSONValue])] = [
        (#"{"instances":[[1,2]]}"#, [["instances": [[1, 2]]]]),
        ("[1,2]", [[1, 2]]),
        ("5", [[5]]),
        ("{\"features\":[1,2]}\n{\"features\":[3,4]}\n", [[1, 2], [3, 4]]),
        ("{\"probabilities\":[0.5]}", [[.number("0.5")]]),
        ("", []),
    ]

    @Test(arguments: jsonLines)
    func appliesTheElementRulesToEachLineOfJSONLines(text: String, expected: [JSONValue]) throws {
        #expect(try rows(text, .jsonLines) == expected)
    }

    @Test func readsCSVFieldsAsStrings() throws {
        #expect(try rows("1,a\n\"2,b\",3\n", .csv) == [["1", "a"], ["2,b", "3"]])
        #expect(try rows("\n0.1,0.2,\"0\"\"3\"\n", .csv) == [["0.1", "0.2", "0\"3"]])
        #expect(
            try PayloadRows.shape(Array("0.1,0.2,0.3\n".utf8), format: .csv)
                == PayloadShape(rowCount: 1, singleRowScalarCount: 3))
    }

    /// Every JSON syntax error is found alike whether the rows are built or only counted (blank text has no rows).
    @Test(
        arguments: JSONReaderTests.syntaxErrors.map(\.0) + [
            #"{"instances":[1,{"a":[tru]}]}"#, #"{"predictions":[1,"\u12"]}"#, #"{"instances":[[[01]]]}"#,
            #"{"x":1,"instances":{"a":"b\"}}"#, "[" + String(repeating: "[", count: 600),
            #"{"instances":[1]"#,
        ])
    func countsWithTheSameErrorsAsItBuilds(text: String) {
        for format in [PayloadFormat.json, .jsonLines] {
            let bytes = Array(text.utf8)
            let built = Result { () throws(PayloadSyntaxError) in try PayloadRows.rows(bytes, format: format) }
            let counted = Result { () throws(PayloadSyntaxError) in try PayloadRows.shape(bytes, format: format) }
            switch (built, counted) {
            case (.failure(let builtError), .failure(let countedError)): #expect(builtError == countedError)
            case (.success(let rows), .success(let shape)): #expect(rows.isEmpty && shape.rowCount == 0)  // blank text
            default: Issue.record("\(format): rows gave \(built), shape gave \(counted)")
            }
        }
    }

    @Test(arguments: [
        (
            "[1] [2]", PayloadFormat.json,
            "JSON: unexpected character '[', expected a newline between JSON values at byte 4"
        ),
        ("[1]\n[2] 3", .json, "JSON: unexpected character '3', expected a newline between JSON values at byte 8"),
        ("[1,\n2]\n[3]", .json, "JSON: JSON Lines value spread over several lines at byte 0"),
        ("[1,\n2]", .jsonLines, "JSON: JSON Lines value spread over several lines at byte 0"),
        ("{\"instances\":[", .json, "JSON: unexpected end of input at byte 14"),
        ("NaN", .json, "JSON: unexpected character 'N', expected a JSON value at byte 0"),
        ("1,\"2", .csv, "CSV: unterminated quoted field at byte 2"),
    ])
    func describesUnparsablePayloads(text: String, format: PayloadFormat, description: String) {
        let error = #expect(throws: PayloadSyntaxError.self) { try rows(text, format) }
        #expect(error?.description == description)
    }
}
