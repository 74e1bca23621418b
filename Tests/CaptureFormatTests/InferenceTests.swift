import CaptureFormat
import Testing
import WireFormat

/// Tests of `Inference.writeJSONLine`: the exact normalized line of the SPEC.
struct InferenceTests {
    private func text(_ inference: Inference) -> String {
        var buffer: [UInt8] = []
        inference.writeJSONLine(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func writesTheSpecExampleExactly() {
        let inference = Inference(
            partnerInferenceID: "abc-1_0",
            timestamp: "2024-01-19T19:27:57Z",
            inputs: ["1", "2", "3"],
            outputs: ["0.1"],
            line: 1
        )
        #expect(
            text(inference)
                == #"{"partner_inference_id":"abc-1_0","inference_timestamp":"2024-01-19T19:27:57Z","inputs":["1","2","3"],"outputs":["0.1"],"line":1}"#
                + "\n"
        )
    }

    @Test func writesNamedValuesJSONTypesAndEscapes() {
        let inference = Inference(
            partnerInferenceID: "id \"q\"",
            timestamp: "t",
            inputs: ["age": 37, "ok": true, "name": "caf\u{e9}"],
            outputs: [.number("0.25"), nil],
            line: 123_456
        )
        #expect(
            text(inference)
                == "{\"partner_inference_id\":\"id \\\"q\\\"\",\"inference_timestamp\":\"t\","
                + "\"inputs\":{\"age\":37,\"ok\":true,\"name\":\"caf\u{e9}\"},\"outputs\":[0.25,null],\"line\":123456}\n"
        )
    }

    @Test func appendsToTheBuffer() {
        var buffer = Array("x".utf8)
        Inference(partnerInferenceID: "a", timestamp: "b", inputs: [], outputs: [], line: 2).writeJSONLine(
            into: &buffer)
        #expect(
            String(decoding: buffer, as: UTF8.self)
                == #"x{"partner_inference_id":"a","inference_timestamp":"b","inputs":[],"outputs":[],"line":2}"# + "\n"
        )
    }
}
