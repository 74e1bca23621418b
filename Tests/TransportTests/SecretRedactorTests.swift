import Testing

@testable import Transport

@Suite struct SecretRedactorTests {
    @Test func blanksEverySecretEverywhere() {
        let secrets = SecretRedactor()
        secrets.add("tok-123")
        secrets.add("tok-123-long")
        secrets.add("")
        #expect(
            secrets.redact("a tok-123-long b tok-123 c tok-123")
                == "a <redacted> b <redacted> c <redacted>")
        #expect(secrets.redact("nothing here") == "nothing here")
    }
}
