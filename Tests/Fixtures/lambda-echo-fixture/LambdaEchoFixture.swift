import LambdaRuntime

/// A test fixture, never shipped: a Lambda function on the project's own runtime that answers each
/// invocation with the objects the event names, so `LambdaRuntimeTests` can drive the real runtime as a
/// real process before the ingest Lambda exists. With `ECHO_FIXTURE_FAIL_INIT` set, making the handler
/// fails with that message (to test init error reporting).
@main
enum LambdaEchoFixture {
    static func main() async {
        await LambdaRuntime.run { setup in
            if let message = setup.environment["ECHO_FIXTURE_FAIL_INIT"] {
                throw FixtureInitError(message: message)
            }
            return EchoHandler()
        }
    }
}
