import ArgumentParser
import AsyncHTTPClient
import Foundation
import IngestPipeline
import Logging
import Platform
import Transport

/// The `ingest` entry point: parses the arguments (usage errors exit 2, as the SPEC says, not
/// ArgumentParser's 64), sets up logging on standard error, and runs.
@main
enum IngestMain {
    static func main() async {
        // `ingest schema …` and `ingest verify …` are subcommands; anything else is `ingest SOURCE… [options]`.
        let arguments = Array(CommandLine.arguments.dropFirst())
        let environment = ProcessInfo.processInfo.environment
        switch arguments.first {
        case "schema":
            let command = parse(SchemaCommand.self, Array(arguments.dropFirst()))
            await exit(timeout: command.timeout, maxAttempts: command.maxAttempts) { transport in
                await SchemaRun(command: command, environment: environment).run(transport: transport)
            }
        case "verify":
            let command = parse(VerifyCommand.self, Array(arguments.dropFirst()))
            await exit(timeout: command.timeout, maxAttempts: command.maxAttempts) { transport in
                await VerifyRun(command: command, environment: environment).run(transport: transport)
            }
        default:
            let command = parse(IngestCommand.self, arguments)
            MemoryPolicy.apply()
            bootstrapLogging()
            Platform.exit(await IngestRun(command: command, environment: environment).execute())
        }
    }

    /// The parsed command; help exits 0, a usage error exits 2 (the SPEC's code, not ArgumentParser's 64).
    static func parse<Command: ParsableCommand>(_ type: Command.Type, _ arguments: [String]) -> Command {
        do {
            return try Command.parse(arguments)
        } catch {
            let message = Command.fullMessage(for: error)
            if Command.exitCode(for: error) == .success {
                print(message)
                Platform.exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Platform.exit(2)
        }
    }

    /// Runs a subcommand with the process's one transport (the options' timeout and attempts), shuts the transport
    /// down and exits with the status `run` returns.
    @MainActor
    static func exit(timeout: Int, maxAttempts: Int, running run: (HTTPTransport) async -> Int32) async -> Never {
        bootstrapLogging()
        let transport = makeTransport(timeout: timeout, maxAttempts: maxAttempts)
        let status = await run(transport)
        try? await transport.client.shutdown()
        Platform.exit(status)
    }

    /// Logs go to standard error.
    static func bootstrapLogging() {
        LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
    }

    /// The process's one HTTP transport, with the options' timeout and attempts; shut its client down at the end.
    static func makeTransport(timeout: Int, maxAttempts: Int) -> HTTPTransport {
        var logger = Logger(label: "ingest")
        logger.logLevel = .warning
        var policy = RetryPolicy.standard
        policy.maxAttempts = maxAttempts
        return HTTPTransport(
            client: HTTPTransport.makeClient(), retryPolicy: policy, timeout: .seconds(timeout), logger: logger)
    }
}
