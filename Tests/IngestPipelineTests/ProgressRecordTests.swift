import IngestPipeline
import Testing

/// The accepted line ranges of a progress record: merged as chunks are answered in any order, written and read
/// back as the same closed ranges.
struct ProgressRecordTests {
    @Test func rangesMergeWithTheirNeighboursInAnyOrder() throws {
        var record = ProgressRecord(version: "v1", source: "a.jsonl")
        record.addUploaded(9...12)
        record.addUploaded(1...4)
        record.addUploaded(20...20)
        #expect(record.uploadedLines == [1...4, 9...12, 20...20])
        record.addUploaded(5...8)
        record.addUploaded(11...15)
        #expect(record.uploadedLines == [1...15, 20...20])
        #expect(record.wasUploaded(1) && record.wasUploaded(15) && record.wasUploaded(20))
        #expect(!record.wasUploaded(16) && !record.wasUploaded(21) && !record.wasUploaded(0))
    }

    @Test func aRecordReadsBackAsWritten() throws {
        var record = ProgressRecord(version: "etag-1", source: "s3://b/k.jsonl")
        record.addUploaded(1...4096)
        record.addUploaded(8193...12000)
        record.refused[17] = "Arthur: bad value"
        let json = String(decoding: record.json, as: UTF8.self)
        #expect(json.contains(#""uploaded":[[1,4096],[8193,12000]]"#), "\(json)")
        #expect(try ProgressRecord(json: record.json) == record)
    }
}
