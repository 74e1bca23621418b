import AsyncHTTPClient
import Logging
import Platform
import ServiceLifecycle
import Synchronization
import Transport
import UnixSignals

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The runtime loop.
///
/// The custom runtime's entry point. ``LambdaRuntime/run(environment:makeHandler:)`` sets up JSON logs
/// and the one HTTP client, makes the handler (its errors go to `/runtime/init/error` and the process exits
/// 1), then loops: `/next` → handler → `/response` or `/error`. Without `AWS_LAMBDA_RUNTIME_API` it serves
/// the Runtime Interface Emulator's invoke URL instead (see ``LocalInvokeServer``).
///
/// A front door wires its handler in a few lines:
///
/// ```swift
/// @main enum Main {
///     static func main() async {
///         await LambdaRuntime.run { setup in try MyHandler(environment: setup.environment, client: setup.httpClient) }
///     }
/// }
/// ```
public enum LambdaRuntime {
    /// The environment variable that says where the Runtime API is.
    public static let runtimeAPIVariable = "AWS_LAMBDA_RUNTIME_API"

    /// Runs the function until the Runtime API goes away, then exits: 0 never (Lambda stops the process),
    /// 1 when the handler could not be made or the Runtime API failed. Bootstraps swift-log with
    /// ``JSONLogHandler`` at `AWS_LAMBDA_LOG_LEVEL` (default `INFO`), so call it once, from `main`.
    ///
    /// The runtime runs as the one service of a `ServiceGroup` that SIGTERM shuts down gracefully (Lambda sends it
    /// about 500 ms before SIGKILL): a handler hears of it through `withGracefulShutdownHandler`, and the loop ends
    /// once the invocation in hand is answered (an idle wait for `/next` ends at once). Nothing is cancelled: what
    /// is not done by then is ended by the SIGKILL that follows.
    public static func run<Handler: LambdaHandler>(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        makeHandler: @escaping @Sendable (LambdaInitContext) async throws -> Handler
    ) async -> Never {
        let level = environment["AWS_LAMBDA_LOG_LEVEL"].flatMap(JSONLogHandler.level(lambdaName:)) ?? .info
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        let logger = Logger(label: "lambda-runtime")
        let client = HTTPTransport.makeClient()
        let status = Atomic<Int32>(0)
        let runtime = ClosureService {
            status.store(
                await serve(environment: environment, client: client, logger: logger, makeHandler: makeHandler),
                ordering: .relaxed)
        }
        let group = ServiceGroup(services: [runtime], gracefulShutdownSignals: [.sigterm], logger: logger)
        try? await group.run()
        try? await client.shutdown()
        Platform.exit(status.load(ordering: .relaxed))
    }

    /// Runs the function with `client` and `logger` and returns the exit status (1 on any fatal error).
    /// ``run(environment:makeHandler:)`` is this plus logging setup and `exit`.
    public static func serve<Handler: LambdaHandler>(
        environment: [String: String], client: HTTPClient, logger: Logger,
        makeHandler: @Sendable (LambdaInitContext) async throws -> Handler
    ) async -> Int32 {
        let setup = LambdaInitContext(environment: environment, logger: logger, httpClient: client)
        guard let address = environment[runtimeAPIVariable], !address.isEmpty else {
            return await serveLocally(environment: environment, logger: logger) { try await makeHandler(setup) }
        }
        let runtime: LambdaRuntimeClient
        do {
            runtime = try LambdaRuntimeClient(address: address, client: client)
        } catch {
            logger.critical("\(error)")
            return 1
        }
        let handler: Handler
        do {
            handler = try await makeHandler(setup)
        } catch {
            logger.critical("the function could not start: \(error)")
            do {
                try await runtime.reportInitError(LambdaErrorReport(error))
            } catch {
                logger.critical("\(error)")
            }
            return 1
        }
        return await loop(runtime: runtime, handler: handler, logger: logger)
    }

    /// `/next` → handler → `/response` or `/error`, until the Runtime API cannot be reached (1) or a graceful
    /// shutdown (0).
    static func loop(runtime: LambdaRuntimeClient, handler: some LambdaHandler, logger: Logger) async -> Int32 {
        while !Task.isShuttingDownGracefully {
            let invocation: LambdaInvocation
            do {
                invocation = try await cancelWhenGracefulShutdown { try await runtime.next() }
            } catch {
                if Task.isShuttingDownGracefully { return 0 }
                logger.critical("\(error)")
                return 1
            }
            let context = LambdaContext(invocation: invocation, logger: logger)
            setTraceID(invocation.traceID)
            let outcome: Result<[UInt8], any Error>
            do {
                outcome = .success(try await handler.handle(invocation.payload, context: context))
            } catch {
                outcome = .failure(error)
            }
            do {
                switch outcome {
                case .success(let response):
                    try await runtime.respond(requestID: invocation.requestID, body: response)
                case .failure(let error):
                    let report = LambdaErrorReport(error)
                    context.logger.error("invocation failed: \(report.errorType): \(report.errorMessage)")
                    try await runtime.reportError(requestID: invocation.requestID, report)
                }
            } catch {
                // Lambda refused one answer (too large, already answered): the next invocation may go on.
                // Without an answer from the Runtime API at all, the container is done.
                context.logger.error("\(error)")
                if (error as? LambdaRuntimeError)?.status == nil { return 1 }
            }
        }
        return 0
    }

    /// Serves ``LocalInvokeServer`` until it closes or a graceful shutdown; the handler is made first, and if it cannot be, the
    /// error is logged and the status is 1.
    static func serveLocally<Handler: LambdaHandler>(
        environment: [String: String], logger: Logger, makeHandler: () async throws -> Handler
    ) async -> Int32 {
        let handler: Handler
        do {
            handler = try await makeHandler()
        } catch {
            let report = LambdaErrorReport(error)
            logger.critical("the function could not start: \(report.errorType): \(report.errorMessage)")
            return 1
        }
        let portText = environment[LocalInvokeServer.portVariable] ?? String(LocalInvokeServer.defaultPort)
        guard let port = Int(portText), (0...65535).contains(port) else {
            logger.critical("\(LocalInvokeServer.portVariable) \"\(portText)\" is not a port number")
            return 1
        }
        let server: LocalInvokeServer
        do {
            server = try await LocalInvokeServer.start(
                port: port, functionName: environment["AWS_LAMBDA_FUNCTION_NAME"])
        } catch {
            logger.critical("cannot listen on 127.0.0.1:\(port): \(HTTPTransport.describe(error))")
            return 1
        }
        logger.info(
            "\(runtimeAPIVariable) is not set: serving the local invoke URL http://127.0.0.1:\(server.port)\(LocalInvokeServer.invokePath)",
            metadata: ["port": "\(server.port)"])
        let timeout = environment["AWS_LAMBDA_FUNCTION_TIMEOUT"].flatMap { Int64($0) } ?? 300
        let functionName = environment["AWS_LAMBDA_FUNCTION_NAME"] ?? "test_function"
        for await request in server.invocations.cancelOnGracefulShutdown() {
            let invocation = LambdaInvocation(
                requestID: UUID().uuidString.lowercased(),
                deadlineEpochMilliseconds: LambdaContext.nowEpochMilliseconds() + timeout * 1000,
                traceID: request.traceID,
                invokedFunctionARN: "arn:aws:lambda:us-east-1:012345678912:function:\(functionName)",
                payload: request.payload)
            let context = LambdaContext(invocation: invocation, logger: logger)
            setTraceID(invocation.traceID)
            do {
                request.answer(try await handler.handle(invocation.payload, context: context))
            } catch {
                let report = LambdaErrorReport(error)
                context.logger.error("invocation failed: \(report.errorType): \(report.errorMessage)")
                request.answer(report.json)
            }
        }
        try? await server.close()
        return 0
    }

    /// Sets `_X_AMZN_TRACE_ID` for the invocation (the X-Ray SDKs read it there), or clears it.
    static func setTraceID(_ traceID: String?) {
        Platform.setEnvironmentVariable("_X_AMZN_TRACE_ID", to: traceID)
    }
}
