import Testing

@testable import Transport

@Suite struct EndpointURLTests {
    @Test(arguments: [
        ("https://app.arthur.ai", "https://app.arthur.ai"),
        ("app.arthur.ai", "https://app.arthur.ai"),
        ("https://app.arthur.ai/", "https://app.arthur.ai"),
        ("https://arthur.example.com:8443/base/", "https://arthur.example.com:8443/base"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://localhost:9", "http://localhost:9"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("  https://app.arthur.ai  ", "https://app.arthur.ai"),
    ])
    func accepted(text: String, expected: String) throws {
        #expect(try EndpointURL(text, name: "ARTHUR_HOST").description == expected)
    }

    @Test(arguments: [
        ("http://app.arthur.ai", "plain http"),
        ("http://10.0.0.5:8080", "plain http"),
        ("ftp://app.arthur.ai", "scheme ftp"),
        ("", "is empty"),
        ("https://user:pw@app.arthur.ai", "credentials"),
        ("https://app.arthur.ai/?x=1", "query"),
        ("https://:443", "no host"),
        ("https://app.arthur.ai:99999", "invalid port"),
    ])
    func refused(text: String, reasonPart: String) {
        #expect {
            try EndpointURL(text, name: "ARTHUR_HOST")
        } throws: { error in
            "\(error)".contains(reasonPart) && "\(error)".hasPrefix("ARTHUR_HOST")
        }
    }

    @Test func loopbackHosts() throws {
        #expect(try EndpointURL("http://127.5.6.7", name: "x").isLoopback)
        #expect(try !EndpointURL("https://128.0.0.1", name: "x").isLoopback)
    }
}
