import CaptureFormat
import Testing
import WireFormat

/// Tests of `CaptureLineParser` on valid lines: the SPEC example, partner ids, pairing and the XGBoost
/// exception, each encoding and content type, key order, ignored fields, and blank lines.
struct CaptureLineParserTests {
    typealias Fixture = CaptureLineFixture

    static let specExample = """
        {"captureData":{
           "endpointInput": {"observedContentType":"text/csv","mode":"INPUT","data":"1,2,3\\n4,5,6\\n","encoding":"CSV"},
           "endpointOutput":{"observedContentType":"text/csv; charset=utf-8","mode":"OUTPUT","data":"0.1\\n0.9\\n","encoding":"CSV"}},
         "eventMetadata":{"eventId":"9066ac80-...","inferenceId":"abc-1","inferenceTime":"2024-01-19T19:27:57Z"},
         "eventVersion":"0"}
        """.split(separator: "\n").joined()

    @Test func normalizesTheSpecExample() throws {
        Fixture.expectValidateAgreesWithParse(Self.specExample)
        let line = try Fixture.parse(Self.specExample, lineNumber: 1)
        var buffer: [UInt8] = []
        for inference in line.inferences { inference.writeJSONLine(into: &buffer) }
        #expect(
            String(decoding: buffer, as: UTF8.self) == """
                {"partner_inference_id":"abc-1_0","inference_timestamp":"2024-01-19T19:27:57Z","inputs":["1","2","3"],"outputs":["0.1"],"line":1}
                {"partner_inference_id":"abc-1_1","inference_timestamp":"2024-01-19T19:27:57Z","inputs":["4","5","6"],"outputs":["0.9"],"line":1}

                """
        )
        #expect(line.eventID == "9066ac80-...")
        #expect(line.inferenceID == "abc-1")
        #expect(line.partnerID == "abc-1")
        #expect(line.inferenceTime == "2024-01-19T19:27:57Z")
        #expect(line.sentToArthur == nil)
    }

    /// Keys are matched by all their bytes: a required key with any one letter changed is not that key. (Keys of
    /// 4 to 19 bytes, each byte in turn: the comparison loads words that may overlap.)
    @Test(arguments: ["captureData", "endpointInput", "endpointOutput", "encoding", "data", "eventMetadata", "eventId"])
    func aKeyWithOneLetterChangedIsAnotherKey(key: String) {
        let quoted = Array("\"\(key)\"".utf8)
        let line = Array(Self.specExample.utf8)
        let at = line.firstRange(of: quoted)!.lowerBound + 1
        for offset in 0..<key.utf8.count {
            var changed = line
            changed[at + offset] = changed[at + offset] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
            #expect(throws: CaptureRejection.self, "\(String(decoding: changed, as: UTF8.self))") {
                try CaptureLineParser.validate(changed)
            }
        }
        #expect((try? CaptureLineParser.validate(line)) != nil)
    }

    @Test(
        arguments: [
            ("evt", nil, "1", ["evt"]),
            ("evt", "inf", "1", ["inf"]),
            ("evt", "", "1\n2", ["evt_0", "evt_1"]),
            ("evt", "inf", "1\n2\n3\n", ["inf_0", "inf_1", "inf_2"]),
        ] as [(String, String?, String, [String])])
    func namesInferences(eventID: String, inferenceID: String?, rows: String, expected: [String]) throws {
        let outputs = rows.split(separator: "\n").map { _ in "0.5" }.joined(separator: "\n")
        let text = Fixture.line(
            input: Fixture.csv(rows),
            output: Fixture.csv(outputs),
            metadata: Fixture.metadata(eventID: eventID, inferenceID: inferenceID)
        )
        Fixture.expectValidateAgreesWithParse(text)
        let line = try Fixture.parse(text)
        #expect(line.inferences.map(\.partnerInferenceID) == expected)
        #expect(line.inferenceID == (inferenceID == "" ? nil : inferenceID))
        #expect(line.partnerID == (inferenceID == "" ? nil : inferenceID) ?? eventID)
    }

    @Test func treatsANullInferenceIDAsAbsent() throws {
        let metadata: JSONValue = ["eventId": "evt", "inferenceId": nil, "inferenceTime": .string(Fixture.time)]
        let line = try Fixture.parse(
            Fixture.line(input: Fixture.csv("1"), output: Fixture.csv("2"), metadata: metadata))
        #expect(line.inferences.map(\.partnerInferenceID) == ["evt"])
    }

    @Test func keepsAZonedTimestampAsCapturedAndTheLineNumber() throws {
        let line = try Fixture.parse(
            Fixture.line(
                input: Fixture.csv("1\n2"),
                output: Fixture.csv("3\n4"),
                metadata: Fixture.metadata(time: "2024-01-19T19:27:57.123456789+02:00")
            ),
            lineNumber: 42
        )
        #expect(line.inferences.map(\.timestamp) == Array(repeating: "2024-01-19T19:27:57.123456789+02:00", count: 2))
        #expect(line.inferences.map(\.line) == [42, 42])
    }

    @Test(
        arguments: [
            ("1,2\n3,4\n5,6", "0.1,0.2,0.3", [["0.1"], ["0.2"], ["0.3"]]),
            ("1\n2\n", "0.1,0.2\n", [["0.1"], ["0.2"]]),
            ("1\n2", "0.1\n0.2", [["0.1"], ["0.2"]]),
            ("1,2,3", "0.1,0.2", [["0.1", "0.2"]]),
        ] as [(String, String, [JSONValue])])
    func pairsRowsWithTheXGBoostException(input: String, output: String, expected: [JSONValue]) throws {
        let text = Fixture.line(input: Fixture.csv(input), output: Fixture.csv(output))
        Fixture.expectValidateAgreesWithParse(text)
        let line = try Fixture.parse(text)
        #expect(line.inferences.map(\.outputs) == expected)
    }

    @Test(arguments: [Fixture.json("[[0.1,0.2,0.3]]"), Fixture.json("{\"predictions\":[[0.1,0.2,0.3]]}")])
    func appliesTheNScoresRuleToAJSONRowToo(output: JSONValue) throws {
        let text = Fixture.line(input: Fixture.csv("1\n2\n3"), output: output)
        Fixture.expectValidateAgreesWithParse(text)
        #expect(
            try Fixture.parse(text).inferences.map(\.outputs) == [[.number("0.1")], [.number("0.2")], [.number("0.3")]])
    }

    @Test(arguments: [
        (Fixture.csv("0.1,0.2"), 3, 1),
        (Fixture.csv("0.1,0.2,0.3,0.4"), 3, 1),
        (Fixture.json("[[0.1,[0.2],0.3]]"), 3, 1),
        (Fixture.json("{\"predictions\":[{\"a\":0.1,\"b\":0.2,\"c\":0.3}]}"), 3, 1),
    ])
    func appliesTheNScoresRuleOnlyToOneRowOfExactlyNScalars(output: JSONValue, input: Int, found: Int) {
        let line = Fixture.line(input: Fixture.csv("1\n2\n3"), output: output)
        #expect(Fixture.rejection(line) == .rowCountMismatch(input: input, output: found))
        #expect(Fixture.validationRejection(line) == .rowCountMismatch(input: input, output: found))
    }

    static let encodingCases: [(input: JSONValue, output: JSONValue, inputs: JSONValue, outputs: JSONValue)] = [
        (
            Fixture.json(#"{"instances":[{"features":[1,2]}]}"#),
            Fixture.json(#"{"predictions":[{"probabilities":[0.3,0.7]}]}"#),
            [1, 2] as JSONValue, [.number("0.3"), .number("0.7")] as JSONValue
        ),
        (Fixture.json(#"{"instances":[{"age":37}]}"#), Fixture.csv("0.5\n"), ["age": 37], ["0.5"]),
        (Fixture.csv("a,b"), Fixture.json("{\"score\":0.5}"), ["a", "b"], ["score": .number("0.5")]),
        (Fixture.side("application/json", "1,2", "CSV"), Fixture.csv("3"), ["1", "2"], ["3"]),
        (Fixture.side("text/csv", "[[1,2]]", "JSON"), Fixture.csv("3"), [1, 2], ["3"]),
        (Fixture.side(nil, "[[1,2]]", "JSON"), Fixture.side(nil, "3", "CSV"), [1, 2], ["3"]),
        (Fixture.json(#"{"x":[1]}"#, "application/jsonlines"), Fixture.csv("3"), ["x": [1]], ["3"]),
        (Fixture.base64("1,2\n", "text/csv"), Fixture.base64("0.5", "text/csv; charset=utf-8"), ["1", "2"], ["0.5"]),
        (Fixture.base64(#"{"instances":[[1]]}"#, "application/json"), Fixture.csv("3"), [1], ["3"]),
        (Fixture.base64("{\"features\":[1]}\n", "Application/JSONLines"), Fixture.csv("3"), [1], ["3"]),
        (Fixture.base64("[1]", "application/x-jsonlines"), Fixture.base64("[2]", "application/jsonl"), [1], [2]),
    ]

    @Test(arguments: encodingCases)
    func decodesEachEncodingAndContentType(
        input: JSONValue,
        output: JSONValue,
        expectedInputs: JSONValue,
        expectedOutputs: JSONValue
    ) throws {
        Fixture.expectValidateAgreesWithParse(Fixture.line(input: input, output: output))
        let line = try Fixture.parse(Fixture.line(input: input, output: output))
        #expect(line.inferences.map(\.inputs) == [expectedInputs])
        #expect(line.inferences.map(\.outputs) == [expectedOutputs])
    }

    @Test(arguments: [
        #"{"eventVersion":"0","eventMetadata":{"inferenceTime":"2024-01-19T19:27:57Z","eventId":"E"},"captureData":{"endpointOutput":{"encoding":"CSV","data":"9","mode":"OUTPUT"},"endpointInput":{"data":"1,2","encoding":"CSV"}}}"#,
        " {\t\"captureData\" : { \"endpointInput\" : { \"data\" : \"1,2\" , \"encoding\" : \"CSV\" } , \"endpointOutput\" : "
            + "{ \"data\" : \"9\" , \"encoding\" : \"CSV\" } } , \"eventMetadata\" : { \"eventId\" : \"E\" , "
            + "\"inferenceTime\" : \"2024-01-19T19:27:57Z\" } }\r",
        #"{"captureData":{"endpointInput":{"data":"1,2","encoding":"CSV","extra":[{"deep":[1,{}]}]},"endpointOutput":{"data":"9","encoding":"CSV"},"future":{"x":1}},"eventMetadata":{"eventId":"E","inferenceTime":"2024-01-19T19:27:57Z","customAttributes":"{\"a\":1}","other":[null]},"eventVersion":"0","unknown":{"k":[true,false]}}"#,
        #"{"captureData":{"endpointInput":{"data":"ignored","encoding":"CSV","data":"1,2"},"endpointOutput":{"data":"9","encoding":"JSON","encoding":"CSV"}},"eventMetadata":{"eventId":"X","eventId":"E","inferenceTime":"2024-01-19T19:27:57Z"}}"#,
        #"{"captureData":{"endpointInput":{"data":"1,2","encoding":"CSV"}},"captureData":{"endpointInput":{"data":"1,2","encoding":"CSV"},"endpointOutput":{"data":"9","encoding":"CSV"}},"eventMetadata":{"eventId":"E","inferenceTime":"2024-01-19T19:27:57Z"}}"#,
        #"{"captureData":{"endpointInput":{"data":"1,\u0032","encoding":"C\u0053V"},"endpointOutput":{"d\u0061ta":"9","encoding":"CSV"}},"eventMetadata":{"eventId":"E","inferenceTime":"2024-01-19T19:27:57Z"}}"#,
    ])
    func readsKeysInAnyOrderAndIgnoresOtherFields(text: String) throws {
        Fixture.expectValidateAgreesWithParse(text)
        let line = try Fixture.parse(text)
        #expect(
            line.inferences == [
                Inference(
                    partnerInferenceID: "E", timestamp: "2024-01-19T19:27:57Z", inputs: ["1", "2"], outputs: ["9"],
                    line: 1)
            ])
    }

    @Test func validateSummarizesWithoutBuildingRows() throws {
        let text = Fixture.line(
            input: Fixture.base64("1\n2\n3\n", "text/csv"),
            output: Fixture.csv("0.1,0.2,0.3"),
            metadata: Fixture.metadata(eventID: "evt", inferenceID: "inf", time: "2024-01-19 19:27:57")
        )
        let summary = try CaptureLineParser.validate(Array(text.utf8))
        #expect(summary.inferenceCount == 3)
        #expect(summary.partnerInferenceID(at: 2) == "inf_2")
        #expect(summary.eventID == "evt")
        #expect(summary.inferenceTime == "2024-01-19T19:27:57Z")
        let sent = try #require(summary.sentToArthur.map { String(decoding: $0, as: UTF8.self) })
        #expect(sent.contains(#""data":"1\n2\n3\n","encoding":"CSV""#))
        #expect(sent.contains(#""data":"0.1\n0.2\n0.3\n","encoding":"CSV""#))
        #expect(sent.contains(#""inferenceTime":"2024-01-19T19:27:57Z""#))
        Fixture.expectValidateAgreesWithParse(text)
    }

    @Test func readsBytesAndStringsAlike() throws {
        let text = Fixture.line(input: Fixture.csv("1"), output: Fixture.csv("2"))
        let fromBytes = try CaptureLineParser.parse(Array(text.utf8), lineNumber: 3)
        let fromString = try CaptureLineParser.parse(text, lineNumber: 3)
        #expect(fromBytes.inferences == fromString.inferences)
        #expect(fromBytes.inferences.first?.inputs == ["1"])
    }

    @Test(arguments: [
        ("", true),
        (" ", true),
        ("\t \r", true),
        ("\r", true),
        (" x", false),
        ("{}", false),
        ("\u{C}", false),
    ])
    func recognizesBlankLines(text: String, blank: Bool) {
        #expect(CaptureLineParser.isBlank(Array(text.utf8)) == blank)
    }
}
