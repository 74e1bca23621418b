import CaptureFormat
import Testing
import WireFormat

/// An inference as one flat row: names from the schema when it fits, else `input_N`/`output_N`; named values by
/// name; a repeated name prefixed with its side; the UTC hour of its time.
@Suite struct FlatRowTests {
    func inference(_ inputs: JSONValue, _ outputs: JSONValue, time: String = "2024-01-19T19:27:57Z") -> Inference {
        Inference(partnerInferenceID: "p", timestamp: time, inputs: inputs, outputs: outputs, line: 1)
    }

    func keys(_ row: [JSONMember]) -> [String] { row.map(\.key) }

    @Test func orderedValuesWithoutASchema() {
        let row = inference(.array([.string("1"), .number("2")]), .array([.number("0.5")])).flatRow(schema: nil)
        #expect(keys(row) == ["partner_inference_id", "inference_timestamp", "input_0", "input_1", "output_0"])
        #expect(row[3].value == .number("2"))
    }

    @Test func orderedValuesTakeTheSchemasNamesWhenTheyFit() {
        func attribute(_ name: String, _ stage: String, _ position: Int) -> ModelAttribute {
            ModelAttribute(name: name, valueType: "FLOAT", stage: stage, position: position)
        }
        let schema = ModelSchema(attributes: [
            attribute("age", "PIPELINE_INPUT", 0), attribute("hours", "PIPELINE_INPUT", 1),
            attribute("score", "PREDICTED_VALUE", 0),
        ])
        let fits = inference(.array([.number("1"), .number("2")]), .array([.number("0.5")])).flatRow(schema: schema)
        #expect(keys(fits).dropFirst(2) == ["age", "hours", "score"])
        let doesNot = inference(.array([.number("1")]), .array([.number("0.5")])).flatRow(schema: schema)
        #expect(keys(doesNot).dropFirst(2) == ["input_0", "score"])
    }

    @Test func namedValuesKeepTheirNamesAndARepeatedOneIsPrefixed() {
        let row = inference(
            .object([JSONMember("x", .number("1")), JSONMember("partner_inference_id", .string("q"))]),
            .object([JSONMember("x", .number("2"))])
        ).flatRow(schema: nil)
        #expect(
            keys(row) == ["partner_inference_id", "inference_timestamp", "x", "input_partner_inference_id", "output_x"])
    }

    @Test(arguments: [
        ("2024-01-19T19:27:57Z", "2024/01/19/19"), ("2024-01-19T23:59:59.999+02:00", "2024/01/19/21"),
        ("2024-01-20T00:30:00-05:00", "2024/01/20/05"), ("2024-12-31T23:00:00-01:00", "2025/01/01/00"),
    ])
    func hourPartitionIsTheUTCHour(time: String, partition: String) {
        #expect(inference(.null, .null, time: time).hourPartition == partition)
    }
}
