// `validate` reads each side's payload in one pass, through the escapes of the line's `data` string, and leaves
// whatever that fast path does not understand to the exact reader that `parse` uses. These tests hold the two to
// the same verdict, counts and words: on payloads chosen to sit at the edges of the fast path, on `data` strings
// written with unusual escapes, and on thousands of seeded random mutations of both.

import CaptureFormat
import Testing
import WireFormat

private typealias Fixture = CaptureLineFixture

struct ValidateAgreementTests {
    static let csvPayloads = [
        "", "\n", "1", "1,2\n3,4\n", "1,2\r\n3,4\r\n", "1\r2\r", "\n\n1\n\n2\n", ",\n,", "1,", "1,\n", " , ",
        "a,\"b,c\"\n", "\"a\"\"b\",c", "x\"y,z", "tab\there,2", "back\\slash,2", "a/b,c", "é,ü\n€,😀",
        "0.5\n0.25\n0.125", "1,2,3", "1\u{8},2", "1\u{C},2",
    ]

    static let jsonPayloads = [
        "", " \n ", "7", "\"x\"", "null", "7 8", "7\n8", "[1,2]", "[]", "{}", "[[1,2],[3,4]]",
        #"{"instances":[[1,2],[3,4]]}"#, #"{"predictions":[0.5,0.25]}"#, #"{"instances":[1],"instances":[2,3]}"#,
        #"{"instances":[1],"predictions":[2]}"#, #"{"instances":5}"#, #"{"instances":[]}"#,
        #"{"ins\u0074ances":[1,2]}"#, #"{"predictions":[1,2],"signature_name":"s"}"#,
        #"{"instances":[{"features":[1,2]},{"features":[3,4]}]}"#, "{\"instances\":[1,2]}\n{\"instances\":[3]}",
        "[1,2]\n[3,\n4]", "[1,2]\n[3,4]\n", "{\n  \"instances\": [\n    [1, 2],\n    [3, 4]\n  ]\n}\n",
        "[1,2] [3]", "[1]\r\n[2]\r\n", "\t[1]\t", #"{"a":"x\"y"}"#, #"{"a":"x\\y"}"#, #"{"a":"x\/y"}"#,
        #"{"a":"\u00e9\u20ac"}"#, #"{"a":"\ud83d\ude00"}"#, #"{"a":"\ud83d"}"#, #"{"a":"\ude00"}"#, #"{"a":"\x"}"#,
        #"{"a":"é😀"}"#, "{\"a\":\"line\nbreak\"}", "{\"a\":\"tab\tin\"}", "[01]", "[1.]", "[-]", "[-0]",
        "[1e5,-0.5E-3]",
        "[1E+2,2e-0]", "[.5]", "[+1]", "[true,false,null]", "[tru]", "[nul]", "[truex]", #"{"a" : 1 , "b":[ ] }"#,
        #"{"a":1,}"#, "[1,]", "{,}", "[,1]", #"{"a"}"#, #"{"a":}"#, #"{1:2}"#, "[1]]", "[[1]", "{\"a\":1", "]",
        String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        "[1,2]\u{B}", "[\"\u{7F}\"]",
        // Rows of named values whose keys repeat, or nearly (the fast path matches the keys of the first row).
        #"{"instances":[{"a":1,"b":2},{"a":3,"b":4},{"b":5,"a":6}]}"#,
        #"{"instances":[{"a":1,"b":2},{"a":3,"features":4}]}"#, #"{"instances":[{"ab":1},{"a":2},{"abc":3}]}"#,
        #"{"predictions":[{"x":1},{"x":2,"y":3},{"y":4}]}"#, #"{"instances":[{"a" :1},{"a" :2},{"a":3}]}"#,
        #"{"instances":[{"a":1},{"a":{"a":2}},{"a":[3]}]}"#, #"{"instances":[{"a":1,"a":2},{"a":3}]}"#,
        #"{"instances":[{"a":1,"b":2},{"features":3,"b":4}]}"#,
        #"{"predictions":[{"p":1,"q":2},{"p":3,"probabilities":4}]}"#,
    ]

    /// One line with `payload` on both sides, in `format`.
    private static func line(_ payload: String, _ format: PayloadFormat) -> String {
        let side: JSONValue
        switch format {
        case .csv: side = Fixture.csv(payload)
        case .json: side = Fixture.json(payload)
        case .jsonLines: side = Fixture.json(payload, "application/jsonlines")
        }
        return Fixture.line(input: side, output: side)
    }

    @Test(arguments: csvPayloads)
    func agreesOnCSV(payload: String) {
        Fixture.expectValidateAgreesWithParse(Self.line(payload, .csv))
        Fixture.expectValidateAgreesWithParse(Self.line(payload, .json))
        Fixture.expectValidateAgreesWithParse(
            Fixture.line(input: Fixture.csv("1\n2\n3"), output: Fixture.csv(payload)))
    }

    @Test(arguments: jsonPayloads)
    func agreesOnJSON(payload: String) {
        for format in [PayloadFormat.json, .jsonLines, .csv] {
            Fixture.expectValidateAgreesWithParse(Self.line(payload, format))
        }
    }

    /// `data` strings written with escapes `JSONWriter` never uses: `\/`, `\u`, escaped letters. (The rows of a
    /// payload rewritten for Arthur are copied from the line as written only when `JSONWriter` would write them so.)
    @Test(arguments: [
        #"1,\u0032\n3"#, #"1\/2,3"#, #"1,2\u000a3"#, #"\u0022a\u0022,b"#, #"1\r\n2"#, #"1\b2"#, #"1\f2"#,
        #"{\"instances\":[1,2]\/}"#, #"{\"a\":\"x\/y\"}"#, #"{\"a\":\"x\\\/y\"}"#, #"[1,\u0032]"#,
        #"{\u0022instances\u0022:[1,2]}"#, #"{\"instances\":[1,2]}\u000a{\"instances\":[3]}"#, #"[1]\n[2]"#,
        #"[\"\\u00e9\"]"#, #"[\"\\ud83d\\ude00\"]"#, #"[\"\\\"\"]"#, #"[\"\\\\\"]"#, #"[\"\\q\"]"#, #"[\"\\"#,
        #"[1]\"#, #"[\"a"#, #"\x"#, #"[1]\t"#, #"\t[1]"#,
        // Rewritten for Arthur, with a `/` written `\/` in the line or `\/` in the payload: no row copied as written.
        #"[\"x\/y\",1]"#, #"{\"predictions\":[{\"probabilities\":[\"a\\\/b\",0.5]}]}"#,
        #"{\"instances\":[[\"\/\"],[2]]}"#,
    ])
    func agreesOnUnusualEscapes(data: String) {
        for (encoding, type) in [("CSV", "text/csv"), ("JSON", "application/json"), ("JSON", "application/jsonl")] {
            let side = #"{"observedContentType":"\#(type)","data":"\#(data)","encoding":"\#(encoding)"}"#
            Fixture.expectValidateAgreesWithParse(
                #"{"captureData":{"endpointInput":\#(side),"endpointOutput":\#(side)},"#
                    + #""eventMetadata":{"eventId":"E","inferenceTime":"2024-01-19T19:27:57Z"}}"#)
        }
    }

    /// Random edits of well-formed payloads, and of the `data` strings that hold them, from a fixed seed.
    @Test func agreesOnRandomMutations() {
        var random = SplitMix64(seed: 7)
        let seeds = [
            "65,Private,1342453,Preschool\n78,Local-gov,192113,Some-college\n", "0.51\n0.35\n",
            #"{"instances":[{"features":[-0.63,2.7,"b",true]},{"features":[0.2,-1e3,"a",false]}]}"#,
            #"{"predictions":[{"probabilities":[0.63,0.37]},{"probabilities":[0.3,0.7]}]}"#,
            #"{"instances":[{"age":65,"workclass":"Self-emp","x":null}]}"#, "[1,2]\n[3,4]\n",
            #"{"instances":[{"age":65,"class":"a"},{"age":7,"class":"b"},{"age":1,"class":"c"}]}"#,
        ]
        let alphabet =
            Array(#"{}[],:"\ 01-.eE+tfnrulsa/é😀"#.unicodeScalars.map(String.init)) + ["\n", "\r", "\t", "\u{1}"]
        for _ in 0..<4000 {
            var payload = Array(seeds[random.below(seeds.count)])
            for _ in 0...random.below(3) {
                let at = random.below(payload.count + 1)
                let edit = Array(alphabet[random.below(alphabet.count)])
                switch random.below(3) {
                case 0: payload.insert(contentsOf: edit, at: at)
                case 1 where at < payload.count: payload.replaceSubrange(at...at, with: edit)
                default: if at < payload.count { payload.remove(at: at) }
                }
            }
            let format = [PayloadFormat.csv, .json, .jsonLines][random.below(3)]
            let line = Self.line(String(payload), format)
            #expect(Self.mismatch(line) == nil, "\(line)")
            // The same line with a byte of the `data` string as written changed: escapes, quotes, controls.
            var written = Array(line.utf8)
            let dataStart = Array(line.utf8).firstRange(of: Array(#""data":""#.utf8))!.upperBound
            let at = dataStart + random.below(max(1, payload.count))
            if at < written.count {
                written[at] = Array(#"\"u/ntbx"#.utf8 + [0x01, 0x0A])[random.below(10)]
                let text = String(decoding: written, as: UTF8.self)
                #expect(Self.mismatch(text) == nil, "\(text)")
            }
        }
    }

    /// A line in exactly SageMaker's layout is read by matching its fixed text, any other key by key. The two
    /// readings give the same verdicts: on generated lines and on random one-byte edits of them, each read as
    /// written and with a space before its last `}` (which only the key-by-key reading takes).
    @Test(arguments: ["csv", "json2", "jsonl", "xgb"])
    func sageMakersLayoutReadsAsAnyOther(shape: String) throws {
        var random = SplitMix64(seed: 3)
        let edits = Array(#""\{}[],: x0"#.utf8) + [0x01, 0xC3]
        var templated = 0
        for line in try ArthurLineRoundTripTests.generated(shape, seed: 5) {
            for edit in 0..<8 {
                var line = line
                if edit > 0 { line[random.below(line.count - 2)] = edits[random.below(edits.count)] }
                let spaced = line.dropLast() + Array(" }".utf8)
                let (summary, spacedSummary) = (
                    Result { () throws(CaptureRejection) in try CaptureLineParser.validate(line) },
                    Result { () throws(CaptureRejection) in try CaptureLineParser.validate(Array(spaced)) }
                )
                switch (summary, spacedSummary) {
                case (.success(let summary), .success(var spacedSummary)):
                    templated += 1
                    if let sent = spacedSummary.sentToArthur { spacedSummary.sentToArthur = sent.dropLast(2) + [0x7D] }
                    #expect(summary == spacedSummary, "\(String(decoding: line, as: UTF8.self))")
                    #expect(
                        try CaptureLineParser.parse(line, lineNumber: 1).inferences
                            == CaptureLineParser.parse(Array(spaced), lineNumber: 1).inferences)
                case (.failure(let rejection), .failure(let spacedRejection)):
                    if case .invalidJSON = rejection.reason {} else { #expect(rejection == spacedRejection) }
                default:
                    Issue.record("\(summary) but \(spacedSummary) for \(String(decoding: line, as: UTF8.self))")
                }
            }
        }
        #expect(templated > 400)
    }

    /// How `validate` and `parse` disagree on a line, nil when they agree.
    private static func mismatch(_ line: String) -> String? {
        let bytes = Array(line.utf8)
        let parsed = Result { () throws(CaptureRejection) in try CaptureLineParser.parse(bytes, lineNumber: 1) }
        let validated = Result { () throws(CaptureRejection) in try CaptureLineParser.validate(bytes) }
        switch (parsed, validated) {
        case (.success(let line), .success(let summary)):
            return line.summary == summary ? nil : "parse gave \(line.summary), validate \(summary)"
        case (.failure(let parseError), .failure(let validateError)):
            return parseError == validateError ? nil : "parse said \(parseError), validate \(validateError)"
        default:
            return "parse gave \(parsed), validate \(validated)"
        }
    }
}

/// A small seeded random number generator, so that the mutations are the same on every run.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// A number in 0..<bound.
    mutating func below(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((value ^ (value >> 31)) % UInt64(bound))
    }
}
