import Foundation
import IngestTesting

/// The fixture under test.
///
/// Starting the `lambda-echo-fixture` executable, the real runtime with a handler that echoes the objects
/// an event names.
enum EchoFixture {
    /// Starts the fixture with exactly `environment` (plus PATH/HOME/TMPDIR).
    static func start(_ environment: [String: String]) throws -> BackgroundProcess {
        try BackgroundProcess(TestPaths.product("lambda-echo-fixture"), environment: environment)
    }

    /// A sample payload of the package (`samples/…`) or of `Tests/LambdaEventsTests/Events/…`, as text.
    static func sample(_ relativePath: String) throws -> String {
        try String(contentsOf: TestPaths.file(relativePath), encoding: .utf8)
    }

    /// `text` parsed as a JSON object.
    static func object(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw UnexpectedOutput(text: text)
        }
        return object
    }
}
