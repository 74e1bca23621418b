import Testing
import WireFormat

@testable import IngestPipeline

/// A file of flat rows in each format: JSON arrays, JSON Lines, and CSV whose header grows with its rows.
@Suite struct PartitionFileTests {
    let rows: [[JSONMember]] = [
        [JSONMember("id", .string("a")), JSONMember("x", .number("1.50"))],
        [JSONMember("id", .string("b, \"q\"")), JSONMember("y", .bool(true)), JSONMember("z", .null)],
        [JSONMember("id", .string(" c\nd")), JSONMember("x", .array([.number("1"), .string("t")]))],
    ]

    func file(_ format: FileFormat) -> String {
        var file = PartitionFile(format: format)
        for row in rows { file.add(row) }
        return String(decoding: file.bytes(), as: UTF8.self)
    }

    @Test func json() {
        #expect(
            file(.json)
                == "[{\"id\":\"a\",\"x\":1.50},\n{\"id\":\"b, \\\"q\\\"\",\"y\":true,\"z\":null},\n"
                + "{\"id\":\" c\\nd\",\"x\":[1,\"t\"]}]\n")
    }

    @Test func jsonLines() {
        #expect(file(.jsonl).split(separator: "\n").count == 3)
        #expect(file(.jsonl).hasPrefix("{\"id\":\"a\",\"x\":1.50}\n"))
    }

    @Test func csvHeaderIsTheUnionAndEarlierRowsGetEmptyFields() {
        #expect(
            file(.csv)
                == "id,x,y,z\n" + "a,1.50,,\n" + "\"b, \"\"q\"\"\",,true,\n" + "\" c\nd\",\"[1,\"\"t\"\"]\",,\n")
    }
}
