/// The `ingest` entry point: parses the arguments (usage errors exit 2, as the SPEC says, not
/// ArgumentParser's 64), sets up logging on standard error, and runs.

import ArgumentParser
import Foundation
import IngestPipeline
import Logging

@main
enum IngestMain {
    static func main() async {
        let command: IngestCommand
        do {
            command = try IngestCommand.parse()
        } catch {
            let message = IngestCommand.fullMessage(for: error)
            if IngestCommand.exitCode(for: error) == .success {
                print(message)
                exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            exit(2)
        }
        MemoryPolicy.apply()
        LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
        exit(await IngestRun(command: command, environment: ProcessInfo.processInfo.environment).execute())
    }
}
