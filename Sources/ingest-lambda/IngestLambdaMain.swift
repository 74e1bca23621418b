import CoreMetrics
import IngestPipeline
import LambdaRuntime

/// The `ingest-lambda` entry point (shipped as `bootstrap`): reads its configuration — a mistake is
/// reported to `/runtime/init/error` — and hands each invocation to ``IngestHandler``. No network
/// work happens before the first `/next`.
@main
enum IngestLambdaMain {
    static func main() async {
        MemoryPolicy.apply()
        await LambdaRuntime.run { setup in
            let configuration = try LambdaConfiguration(environment: setup.environment)
            let metrics = EmbeddedMetricFormat(
                namespace: configuration.metricsNamespace, units: ["Bytes": "Bytes", "CaptureLagSeconds": "Seconds"])
            MetricsSystem.bootstrap(metrics)
            return try IngestHandler(
                configuration: configuration, metrics: metrics, client: setup.httpClient, logger: setup.logger)
        }
    }
}
