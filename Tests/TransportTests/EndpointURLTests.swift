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
        ("http://127.255.0.9:1", "http://127.255.0.9:1"),
        ("http://LOCALHOST", "http://LOCALHOST"),
        ("http://[0:0:0:0:0:0:0:1]:8", "http://[0:0:0:0:0:0:0:1]:8"),
        ("http://[::ffff:127.0.0.1]", "http://[::ffff:127.0.0.1]"),
        ("https://[2001:db8::7]:443", "https://[2001:db8::7]:443"),
        ("https://127.example.com", "https://127.example.com"),
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
        // Issue 9.1: names that only look like loopback, and malformed hosts.
        ("http://127.example.com", "plain http"),
        ("http://127.0.0.1.nip.io", "plain http"),
        ("http://localhost.example.com", "plain http"),
        ("http://127.0.0.1:P:99", "invalid port"),
        ("http://127.0.0.1:+80", "invalid port"),
        ("http://127.0.0.256", "plain http"),
        ("http://127.1", "plain http"),
        ("http://[::2]", "plain http"),
        ("http://[127.0.0.1]", "malformed host"),
        ("http://[::1]x", "malformed host"),
        ("https://app arthur.ai", "malformed host"),
        ("https://-bad.example.com", "malformed host"),
        ("https://a..b", "malformed host"),
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
        #expect(try !EndpointURL("https://127.0.0.1.nip.io", name: "x").isLoopback)
        #expect(try !EndpointURL("https://127.example.com", name: "x").isLoopback)
        #expect(try EndpointURL("http://[::1]", name: "x").isLoopback)
    }
}
