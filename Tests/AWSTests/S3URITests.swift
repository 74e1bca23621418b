import Testing

@testable import AWS

@Suite struct S3URITests {
    @Test(arguments: [
        ("s3://capture-bucket/dc/ep/file.jsonl", "capture-bucket", "dc/ep/file.jsonl", false),
        ("s3://capture-bucket/dc/ep/", "capture-bucket", "dc/ep/", true),
        ("s3://capture-bucket/", "capture-bucket", "", true),
        ("s3://capture-bucket", "capture-bucket", "", true),
        ("S3://my.bucket-1/a b+c%20.jsonl", "my.bucket-1", "a b+c%20.jsonl", false),
    ])
    func parses(text: String, bucket: String, key: String, isPrefix: Bool) throws {
        let uri = try S3URI(text)
        #expect(uri.bucket == bucket)
        #expect(uri.key == key)
        #expect(uri.isPrefix == isPrefix)
    }

    @Test(arguments: [
        ("/local/file.jsonl", "is not an s3:// address"),
        ("https://bucket.s3.amazonaws.com/key", "is not an s3:// address"),
        ("s3:///key", "has no bucket name"),
        ("s3://ab/key", "3 to 63"),
        ("s3://Capture_Bucket/key", "lower-case letters"),
        ("s3://-bucket/key", "start and end"),
    ])
    func refuses(text: String, problem: String) {
        #expect {
            try S3URI(text)
        } throws: { error in
            let description = "\(error)"
            return description.hasPrefix(text) && description.contains(problem)
        }
    }

    @Test func printsAsWritten() throws {
        #expect(try S3URI("s3://bucket/dc/").description == "s3://bucket/dc/")
        #expect(S3URI(bucket: "bucket", key: "").description == "s3://bucket/")
    }
}
