import NIOHTTP1
import Testing

@testable import AWS

/// The tiny XML reader on the documents S3 sends, and on what it must refuse.
@Suite struct S3XMLElementTests {
    static let listing = #"""
        <?xml version="1.0" encoding="UTF-8"?>
        <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
          <Name>capture-bucket</Name><Prefix>dc/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
          <IsTruncated>true</IsTruncated>
          <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
          <Contents>
            <Key>dc/a &amp; b &lt;1&gt; &quot;q&quot; &apos;s&apos; &#233;&#x00FC;.jsonl</Key>
            <LastModified>2024-01-19T19:28:03.000Z</LastModified>
            <ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag>
            <Size>1048576</Size><StorageClass>STANDARD</StorageClass>
          </Contents>
          <Contents><Key><![CDATA[dc/x<y>.jsonl]]></Key><Size>0</Size></Contents>
          <!-- a comment -->
        </ListBucketResult>
        """#

    @Test func readsAListing() throws {
        let page = try #require(S3ListPage(xml: Array(Self.listing.utf8)))
        #expect(
            page.objects == [
                S3ObjectSummary(
                    key: "dc/a & b <1> \"q\" 's' éü.jsonl", size: 1_048_576,
                    eTag: "\"9b2cf535f27731c974343645a3985328\"",
                    lastModified: "2024-01-19T19:28:03.000Z"),
                S3ObjectSummary(key: "dc/x<y>.jsonl", size: 0),
            ])
        #expect(page.nextContinuationToken == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
    }

    @Test func lastPageHasNoToken() throws {
        let xml = "<ListBucketResult><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount></ListBucketResult>"
        let page = try #require(S3ListPage(xml: Array(xml.utf8)))
        #expect(page.objects.isEmpty && page.nextContinuationToken == nil)
    }

    @Test func readsAnErrorDocument() {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>AuthorizationHeaderMalformed</Code><Message>the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message><Region>eu-west-1</Region><RequestId>X</RequestId></Error>
            """
        let error = S3ErrorResponse(status: 400, headers: [:], body: Array(xml.utf8))
        #expect(error.code == "AuthorizationHeaderMalformed")
        #expect(error.bucketRegion == "eu-west-1")
        #expect(error.message == "the region 'us-east-1' is wrong; expecting 'eu-west-1'")
    }

    @Test func errorWithoutABodyUsesTheStatus() {
        let error = S3ErrorResponse(status: 403, headers: ["x-amz-bucket-region": "ap-south-1"], body: [])
        #expect(error.code == nil && error.message == "Forbidden" && error.bucketRegion == "ap-south-1")
        let html = S3ErrorResponse(status: 502, headers: [:], body: Array("<html>\nBad Gateway".utf8))
        #expect(html.message == "<html> Bad Gateway")
    }

    @Test(arguments: [
        "", "<a>", "<a></b>", "<a>x</a><b/>", "<a>&bogus;</a>", "<a>&#xD800;</a>", "text", "<a><b></a></b>",
        String(repeating: "<a>", count: 40) + String(repeating: "</a>", count: 40),
    ])
    func refusesMalformedDocuments(xml: String) {
        #expect(S3XMLElement.parse(Array(xml.utf8)) == nil)
    }

    @Test func listingMustBeAListing() {
        #expect(S3ListPage(xml: Array("<Error><Code>X</Code></Error>".utf8)) == nil)
        #expect(
            S3ListPage(xml: Array("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>".utf8)) == nil)
    }
}
