import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// A running local invoke server.
///
/// The Runtime Interface Emulator's invoke URL, for running the function on a workstation without
/// Lambda: `POST /2015-03-31/functions/function/invocations` on `127.0.0.1` (port 9000 unless
/// `LOCAL_INVOKE_PORT` says otherwise; `0` picks a free one). Like the emulator, it answers 200 with the
/// handler's response, or 200 with `{"errorMessage","errorType"}` when the handler fails; invocations
/// are handled one at a time, in arrival order, as Lambda does in one container.
public final class LocalInvokeServer: Sendable {
    /// The environment variable that overrides the port.
    public static let portVariable = "LOCAL_INVOKE_PORT"
    /// The emulator's port.
    public static let defaultPort = 9000
    /// The invoke path (the emulator also serves it under the name in `AWS_LAMBDA_FUNCTION_NAME`).
    public static let invokePath = "/2015-03-31/functions/function/invocations"

    /// The port it listens on.
    public let port: Int
    /// Invocations in arrival order; answer each with ``LocalInvocation/answer(_:)``.
    public let invocations: AsyncStream<LocalInvocation>
    private let channel: any Channel

    private init(port: Int, invocations: AsyncStream<LocalInvocation>, channel: any Channel) {
        self.port = port
        self.invocations = invocations
        self.channel = channel
    }

    /// Binds `127.0.0.1:port` and starts accepting invocations for `functionName` (and `function`).
    public static func start(port: Int, functionName: String? = nil) async throws -> LocalInvokeServer {
        let (stream, continuation) = AsyncStream.makeStream(of: LocalInvocation.self)
        var paths: Set<String> = [invokePath]
        if let functionName, !functionName.isEmpty { paths.insert("/2015-03-31/functions/\(functionName)/invocations") }
        let acceptedPaths = paths
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        LocalInvokeHTTPHandler(paths: acceptedPaths, continuation: continuation))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
        let boundPort = channel.localAddress?.port ?? port
        channel.closeFuture.whenComplete { _ in continuation.finish() }
        return LocalInvokeServer(port: boundPort, invocations: stream, channel: channel)
    }

    /// Stops accepting connections and ends ``invocations``.
    public func close() async throws {
        try await channel.close()
    }
}
