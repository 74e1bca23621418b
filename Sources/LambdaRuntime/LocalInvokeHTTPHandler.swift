import NIOCore
import NIOHTTP1

/// One connection of the local invoke server.
///
/// The HTTP side of ``LocalInvokeServer``: collects a request, hands invoke requests to the runtime as a
/// ``LocalInvocation`` and writes its answer back; other paths get 404, bodies over Lambda's 6 MB
/// synchronous limit get 413.
final class LocalInvokeHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Lambda's limit for a synchronous invocation payload.
    static let maximumPayloadBytes = 6 * 1024 * 1024

    private let paths: Set<String>
    private let continuation: AsyncStream<LocalInvocation>.Continuation
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false

    init(paths: Set<String>, continuation: AsyncStream<LocalInvocation>.Continuation) {
        self.paths = paths
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
            tooLarge = false
        case .body(let chunk):
            if body.count + chunk.readableBytes > Self.maximumPayloadBytes {
                tooLarge = true
            } else if !tooLarge {
                body.append(contentsOf: chunk.readableBytesView)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        guard paths.contains(path) else {
            write(status: .notFound, body: Array("404 page not found\n".utf8), keepAlive: head.isKeepAlive, context)
            return
        }
        guard !tooLarge else {
            let report = LambdaErrorReport(
                errorMessage: "the request body is larger than \(Self.maximumPayloadBytes) bytes",
                errorType: "RequestEntityTooLarge")
            write(status: .payloadTooLarge, body: report.json, keepAlive: head.isKeepAlive, context)
            return
        }
        let promise = context.eventLoop.makePromise(of: [UInt8].self)
        let keepAlive = head.isKeepAlive
        promise.futureResult.assumeIsolated().whenSuccess { [self] answer in
            write(status: .ok, body: answer, keepAlive: keepAlive, context)
        }
        let traceID = head.headers.first(name: "X-Amzn-Trace-Id")
        if case .terminated = continuation.yield(LocalInvocation(payload: body, traceID: traceID, promise: promise)) {
            let report = LambdaErrorReport(errorMessage: "the runtime is shutting down", errorType: "Runtime.Stopped")
            promise.succeed(report.json)
        }
        body = []
    }

    private func write(
        status: HTTPResponseStatus, body: [UInt8], keepAlive: Bool, _ context: ChannelHandlerContext
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: status == .ok ? "application/json" : "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
