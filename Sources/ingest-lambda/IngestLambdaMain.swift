/// The `ingest-lambda` entry point (shipped as `bootstrap`): reads its configuration — a mistake is
/// reported to `/runtime/init/error` — and hands each invocation to ``IngestHandler``. No network
/// work happens before the first `/next`.

import IngestPipeline
import LambdaRuntime

@main
enum IngestLambdaMain {
    static func main() async {
        MemoryPolicy.apply()
        await LambdaRuntime.run { setup in
            try IngestHandler(
                configuration: try LambdaConfiguration(environment: setup.environment), client: setup.httpClient,
                logger: setup.logger)
        }
    }
}
