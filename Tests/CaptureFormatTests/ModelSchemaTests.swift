import CaptureFormat
import Testing
import WireFormat

/// Tests of the schema check's rules (``ModelSchema/misfit(in:)``), each kind of misfit with its exact reason, the
/// ordering of named rows (``ModelSchema/arthurLine(for:captured:)``), the attributes page and the example lines.
struct ModelSchemaTests {
    /// The census ("adult") model: 13 inputs, listed out of position order, and one output.
    static let adultNames = [
        "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
        "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week",
    ]
    static let adult: ModelSchema = {
        let integers: Set = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
        var attributes = adultNames.enumerated().map { position, name in
            ModelAttribute(
                name: name, valueType: integers.contains(name) ? "INTEGER" : "STRING", stage: "PIPELINE_INPUT",
                position: position)
        }
        attributes.reverse()
        attributes.insert(
            ModelAttribute(name: "income", valueType: "FLOAT", stage: "PREDICTED_VALUE", position: 0), at: 3)
        attributes.append(ModelAttribute(name: "label", valueType: "INTEGER", stage: "GROUND_TRUTH", position: 0))
        return ModelSchema(attributes: attributes)
    }()
    static let adultRow =
        #"39,State-gov,77516,Bachelors,13,Never-married,Adm-clerical,Not-in-family,White,Male,2174,0,40"#

    /// A capture line with the given sides (`data` as JSON string content, already escaped where needed).
    static func line(
        input: String, inputEncoding: String = "CSV", output: String, outputEncoding: String = "CSV",
        inputType: String = "text/csv", outputType: String = "text/csv"
    ) -> String {
        #"{"captureData":{"endpointInput":{"observedContentType":"\#(inputType)","mode":"INPUT","data":"\#(input)","encoding":"\#(inputEncoding)"},"endpointOutput":{"observedContentType":"\#(outputType)","mode":"OUTPUT","data":"\#(output)","encoding":"\#(outputEncoding)"}},"eventMetadata":{"eventId":"e-1","inferenceId":"i-1","inferenceTime":"2024-01-19T19:27:57Z"},"eventVersion":"0"}"#
    }

    func reason(_ line: String, _ schema: ModelSchema = adult) throws -> String? {
        schema.misfit(in: try CaptureLineParser.parse(line, lineNumber: 1))?.description
    }

    @Test func attributesAreOrderedByPositionPerStage() {
        #expect(Self.adult.inputs.map(\.name) == Self.adultNames)
        #expect(Self.adult.outputs.map(\.name) == ["income"])
        #expect(!Self.adult.isEmpty)
        #expect(
            ModelSchema(attributes: [
                ModelAttribute(name: "x", valueType: "FLOAT", stage: "NON_INPUT_DATA", position: 0)
            ]).isEmpty)
    }

    @Test func aLineThatFitsHasNoMisfit() throws {
        let line = Self.line(input: Self.adultRow + #"\n"# + Self.adultRow + #"\n"#, output: #"0.1\n0.9\n"#)
        #expect(try reason(line) == nil)
    }

    @Test func tooFewValuesNameTheRowAndTheInputs() throws {
        let short = Self.adultRow.split(separator: ",").dropLast().joined(separator: ",")
        let line = Self.line(input: Self.adultRow + #"\n"# + short + #"\n"#, output: #"0.1\n0.9\n"#)
        #expect(try reason(line) == "endpointInput row 2: 12 values, model expects 13 inputs (age, workclass, …)")
    }

    @Test func tooManyOutputsNameTheOutput() throws {
        let line = Self.line(input: Self.adultRow + #"\n"#, output: #"0.1,0.9\n"#)
        #expect(try reason(line) == "endpointOutput row 1: 2 values, model expects 1 output (income)")
    }

    @Test func aScalarOutputIsOneValue() throws {
        let schema = ModelSchema(attributes: [
            ModelAttribute(name: "x", valueType: "FLOAT", stage: "PIPELINE_INPUT", position: 0),
            ModelAttribute(name: "p0", valueType: "FLOAT", stage: "PREDICTED_VALUE", position: 0),
            ModelAttribute(name: "p1", valueType: "FLOAT", stage: "PREDICTED_VALUE", position: 1),
        ])
        let line = Self.line(
            input: #"{\"instances\":[{\"features\":[1.5]}]}"#, inputEncoding: "JSON",
            output: #"{\"predictions\":[0.3]}"#, outputEncoding: "JSON", inputType: "application/json",
            outputType: "application/json")
        #expect(try reason(line, schema) == "endpointOutput row 1: 1 value, model expects 2 outputs (p0, p1)")
    }

    @Test func namedRowsWithUnknownAndMissingNames() throws {
        let schema = ModelSchema(attributes: [
            ModelAttribute(name: "sepal_width", valueType: "FLOAT", stage: "PIPELINE_INPUT", position: 1),
            ModelAttribute(name: "sepal_length", valueType: "FLOAT", stage: "PIPELINE_INPUT", position: 0),
            ModelAttribute(name: "score", valueType: "FLOAT", stage: "PREDICTED_VALUE", position: 0),
        ])
        func line(_ input: String) -> String {
            Self.line(
                input: input, inputEncoding: "JSON", output: #"{\"predictions\":[[0.5]]}"#, outputEncoding: "JSON",
                inputType: "application/json", outputType: "application/json")
        }
        #expect(
            try reason(line(#"{\"sepal_lenght\":5.1,\"sepal_width\":3.5}"#), schema)
                == #"endpointInput row 1: unknown attribute "sepal_lenght", missing attribute "sepal_length", model expects 2 inputs (sepal_length, sepal_width)"#
        )
        #expect(
            try reason(line(#"{\"sepal_width\":3.5}"#), schema)
                == #"endpointInput row 1: missing attribute "sepal_length", model expects 2 inputs (sepal_length, sepal_width)"#
        )
        #expect(
            try reason(line(#"{\"sepal_width\":3.5,\"sepal_length\":5.1,\"a\":1,\"b\":2,\"c\":3,\"d\":4}"#), schema)
                == #"endpointInput row 1: unknown attributes "a", "b", "c", … (4 in all), model expects 2 inputs (sepal_length, sepal_width)"#
        )
        #expect(try reason(line(#"{\"sepal_width\":3.5,\"sepal_length\":5.1}"#), schema) == nil)
    }

    @Test func valuesOfTheWrongType() throws {
        var row = Self.adultRow.split(separator: ",").map(String.init)
        row[2] = "77516.5"
        let line = Self.line(
            input: Self.adultRow + #"\n"# + row.joined(separator: ",") + #"\n"#, output: #"0.1\n0.9\n"#)
        #expect(try reason(line) == #"endpointInput row 2: fnlwgt is "77516.5", model expects an integer (INTEGER)"#)
        let notANumber = Self.line(input: Self.adultRow + #"\n"#, output: #"high\n"#)
        #expect(try reason(notANumber) == #"endpointOutput row 1: income is "high", model expects a number (FLOAT)"#)
    }

    @Test(arguments: [
        ("FLOAT", #"[\"1.5\"]"#, #"x is "1.5", model expects a number (FLOAT)"#),
        ("FLOAT", "[true]", "x is true, model expects a number (FLOAT)"),
        ("INTEGER", "[2.5]", "x is 2.5, model expects an integer (INTEGER)"),
        ("BOOLEAN", "[2]", "x is 2, model expects true, false, 1 or 0 (BOOLEAN)"),
        ("BOOLEAN", #"[\"yes\"]"#, #"x is "yes", model expects true, false, 1 or 0 (BOOLEAN)"#),
        (
            "TIMESTAMP", #"[\"yesterday\"]"#,
            #"x is "yesterday", model expects a date-time (YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]) (TIMESTAMP)"#
        ),
        ("STRING", "[[1,2]]", "x is [1,2], model expects a single value (STRING)"),
    ])
    func jsonValueTypes(valueType: String, features: String, expected: String) throws {
        let schema = ModelSchema(attributes: [
            ModelAttribute(name: "x", valueType: valueType, stage: "PIPELINE_INPUT", position: 0),
            ModelAttribute(name: "y", valueType: "FLOAT", stage: "PREDICTED_VALUE", position: 0),
        ])
        let line = Self.line(
            input: #"{\"instances\":[{\"features\":\#(features)}]}"#, inputEncoding: "JSON",
            output: #"{\"predictions\":[[1]]}"#, outputEncoding: "JSON", inputType: "application/json",
            outputType: "application/json")
        #expect(try reason(line, schema) == "endpointInput row 1: " + expected)
    }

    @Test(arguments: [
        ("FLOAT", ["1.5", "-2", "3e4", " 7 ", "", "null"]),
        ("INTEGER", ["1", "-20", "3.0", ""]),
        ("BOOLEAN", ["true", "False", "1", "0", ""]),
        ("TIMESTAMP", ["2024-01-19T19:27:57Z", "2024-01-19 19:27:57.5+02:00", ""]),
        ("STRING", ["anything", "1.5", ""]),
        ("TOKENS", ["[a,b]"]),
    ])
    func csvValuesThatFit(valueType: String, fields: [String]) throws {
        let schema = ModelSchema(attributes: [
            ModelAttribute(name: "x", valueType: valueType, stage: "PIPELINE_INPUT", position: 0),
            ModelAttribute(name: "z", valueType: "STRING", stage: "PIPELINE_INPUT", position: 1),
            ModelAttribute(name: "y", valueType: "FLOAT", stage: "PREDICTED_VALUE", position: 0),
        ])
        for field in fields where field != "null" {
            let quoted = field.contains(",") ? #"\"\#(field)\""# : field
            #expect(try reason(Self.line(input: quoted + #",k\n"#, output: #"1\n"#), schema) == nil, "\(field)")
        }
        #expect(schema.misfit(.array([.null, .null]), side: .input, row: 1, isCSV: false) == nil)
    }

    @Test(arguments: ["abc", "0x1p3", "nan", "inf", "1,5"])
    func csvTextThatIsNoNumber(field: String) throws {
        let schema = ModelSchema(attributes: [
            ModelAttribute(name: "x", valueType: "FLOAT", stage: "PIPELINE_INPUT", position: 0),
            ModelAttribute(name: "y", valueType: "FLOAT", stage: "PREDICTED_VALUE", position: 0),
        ])
        let reason = schema.misfit(.array([.string(field)]), side: .input, row: 3, isCSV: true)?.description
        #expect(reason == #"endpointInput row 3: x is "\#(field)", model expects a number (FLOAT)"#)
    }

    @Test func namedRowsAreSentOrderedByPosition() throws {
        let schema = ModelSchema(attributes: [
            ModelAttribute(name: "b", valueType: "FLOAT", stage: "PIPELINE_INPUT", position: 1),
            ModelAttribute(name: "c", valueType: "STRING", stage: "PIPELINE_INPUT", position: 2),
            ModelAttribute(name: "a", valueType: "FLOAT", stage: "PIPELINE_INPUT", position: 0),
            ModelAttribute(name: "q", valueType: "FLOAT", stage: "PREDICTED_VALUE", position: 1),
            ModelAttribute(name: "p", valueType: "FLOAT", stage: "PREDICTED_VALUE", position: 0),
        ])
        let text = Self.line(
            input: #"{\"b\":2.50,\"a\":1e0,\"c\":\"x\"}\n{\"c\":\"y\",\"a\":3,\"b\":4}"#,
            inputEncoding: "JSON", output: #"{\"predictions\":[{\"q\":0.2,\"p\":0.8},{\"p\":0.1,\"q\":0.9}]}"#,
            outputEncoding: "JSON", inputType: "application/jsonlines", outputType: "application/json")
        let line = try CaptureLineParser.parse(text, lineNumber: 1)
        #expect(schema.misfit(in: line) == nil)
        let sent = try #require(schema.arthurLine(for: line, captured: Array(text.utf8)))
        let expected = Self.line(
            input: #"{\"instances\":[{\"features\":[1e0,2.50,\"x\"]},{\"features\":[3,4,\"y\"]}]}"#,
            inputEncoding: "JSON", output: #"{\"predictions\":[[0.8,0.2],[0.1,0.9]]}"#, outputEncoding: "JSON",
            inputType: "application/json", outputType: "application/json")
        #expect(String(decoding: sent, as: UTF8.self) == expected)
        // Read back, the line sent gives the same ids and times, and the ordered values.
        let again = try CaptureLineParser.parse(sent, lineNumber: 1)
        #expect(again.inferences.map(\.partnerInferenceID) == line.inferences.map(\.partnerInferenceID))
        #expect(again.inferences[1].inputs == [3, 4, "y"])
        #expect(again.sentToArthur == nil)
        #expect(schema.misfit(in: again) == nil)
    }

    @Test func aNamedRowUsingALayoutKeyIsSentOrderedWhenTheSchemaIsKnown() throws {
        let schema = ModelSchema(attributes: [
            ModelAttribute(name: "features", valueType: "STRING", stage: "PIPELINE_INPUT", position: 1),
            ModelAttribute(name: "x", valueType: "FLOAT", stage: "PIPELINE_INPUT", position: 0),
            ModelAttribute(name: "p", valueType: "FLOAT", stage: "PREDICTED_VALUE", position: 0),
        ])
        let text = Self.line(
            input: #"{\"instances\":[{\"features\":\"tall\",\"x\":1.5}]}"#, inputEncoding: "JSON",
            output: #"{\"predictions\":[[0.5]]}"#, outputEncoding: "JSON", inputType: "application/json",
            outputType: "application/json")
        #expect(throws: CaptureRejection.self) { try CaptureLineParser.parse(text, lineNumber: 1) }
        let line = try Array(text.utf8).withUnsafeBytes { bytes in
            try CaptureLineParser.parse(bytes, lineNumber: 1, allowingLayoutKeys: true)
        }
        #expect(schema.misfit(in: line) == nil)
        let sent = try #require(schema.arthurLine(for: line, captured: Array(text.utf8)))
        let again = try CaptureLineParser.parse(sent, lineNumber: 1)
        #expect(again.inferences.map(\.inputs) == [[.number("1.5"), "tall"]])
    }

    @Test func orderedRowsAreLeftAsTheyAre() throws {
        let line = try CaptureLineParser.parse(
            Self.line(input: Self.adultRow + #"\n"#, output: #"0.3\n"#), lineNumber: 1)
        #expect(Self.adult.arthurLine(for: line, captured: []) == nil)
    }

    @Test func anAttributesPageIsRead() throws {
        let body = #"""
            {"data":[{"id":"a1","name":"age","label":null,"value_type":"INTEGER","stage":"PIPELINE_INPUT","position":1.0,
            "categorical":false,"categories":null},{"name":"sex","value_type":"STRING","stage":"PIPELINE_INPUT",
            "position":0,"categorical":true,"categories":[{"value":"F"},{"label":"male","value":"M"}]}],
            "page":1,"page_size":2,"total_pages":3,"total_count":5}
            """#
        let page = try ModelAttributePage(json: Array(body.utf8))
        #expect(page.totalPages == 3)
        #expect(page.attributes.map(\.name) == ["age", "sex"])
        #expect(page.attributes[0].position == 1)
        #expect(page.attributes[1].categories == ["F", "M"])
        #expect(throws: ModelSchemaError.self) { try ModelAttributePage(json: Array(#"{"items":[]}"#.utf8)) }
        #expect(throws: ModelSchemaError.self) {
            try ModelAttributePage(json: Array(#"{"data":[{"name":"x","stage":"PIPELINE_INPUT"}]}"#.utf8))
        }
    }

    @Test(arguments: [true, false])
    func theExampleLinesFit(csv: Bool) throws {
        var attributes = Self.adult.attributes
        attributes.append(
            ModelAttribute(name: "when", valueType: "TIMESTAMP", stage: "PIPELINE_INPUT", position: 13))
        attributes.append(
            ModelAttribute(name: "flag", valueType: "BOOLEAN", stage: "PIPELINE_INPUT", position: 14))
        attributes.append(
            ModelAttribute(
                name: "city", valueType: "STRING", stage: "PIPELINE_INPUT", position: 15, categorical: true,
                categories: ["Paris, TX", "Austin"]))
        let schema = ModelSchema(attributes: attributes)
        let line = try CaptureLineParser.parse(schema.exampleLine(csv: csv), lineNumber: 1)
        #expect(schema.misfit(in: line) == nil)
        #expect(line.inferences.count == 1)
        #expect(line.inputFormat == (csv ? .csv : .json))
        #expect(line.sentToArthur == nil, "the example is already in a layout Arthur takes")
    }
}
