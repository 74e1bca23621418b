/// The fixture was told to fail its init.
struct FixtureInitError: Error, CustomStringConvertible {
    var message: String
    var description: String { "fixture init failed on purpose: \(message)" }
}
