import NIOCore
import NIOHTTP1

/// What a connection may cost the server, and how it ends, below the router: Hummingbird parses
/// HTTP and runs the routes, this handler (between SwiftNIO's HTTP/1 codec and Hummingbird's)
/// bounds and closes.
///
/// - A request's body must arrive within `requestTimeout` of its head (a body of one byte every
///   ten seconds is answered 408 and closed; the head itself is bounded by the idle timeout).
/// - `Expect: 100-continue` is answered 100, or 413 at once when the announced body is too large.
/// - An answer given before the request's body was read (413, 401, a malformed chunk) closes the
///   connection the way nginx's lingering close does: the rest of the body is read and discarded
///   for up to `lingerTimeout`, so a client that writes its whole body before it reads (Python's
///   urllib) gets the answer instead of a write blocked on a full socket buffer.
/// - A malformed request head is answered 400 with the JSON error body the routes use.
/// - HTTP/1.0 without keep-alive, or `Connection: close` in any spelling, closes after the answer.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    struct Limits: Sendable {
        var requestTimeout: TimeAmount
        var maxBodyBytes: Int
        /// nginx's `lingering_timeout` default.
        var lingerTimeout: TimeAmount = .seconds(5)
    }

    /// Where the connection is, between a request and its answer.
    enum State {
        /// Waiting for the next request head (the idle timeout runs).
        case idle
        /// The head was passed on; its body is still arriving (the request deadline runs).
        case receiving(keepAlive: Bool)
        /// The request is complete and is being answered.
        case answering(keepAlive: Bool)
        /// The answer began before the request's body ended; the connection closes after it.
        case answeringEarly(requestEnded: Bool)
        /// The early answer is sent; the rest of the body is discarded until it ends or the
        /// linger timeout, then the connection closes.
        case lingering
        /// Closing; everything that still arrives is dropped.
        case closing
    }

    private let limits: Limits
    private let metrics: Metrics
    private var state = State.idle
    private var deadline: Scheduled<Void>?

    init(limits: Limits, metrics: Metrics) {
        self.limits = limits
        self.metrics = metrics
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (unwrapInboundIn(data), state) {
        case (.head(var head), .idle):
            let keepAlive = head.isKeepAlive
            // Hummingbird closes after the answer only on exactly `Connection: close`.
            if !keepAlive { head.headers.replaceOrAdd(name: "connection", value: "close") }
            if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > limits.maxBodyBytes {
                    answerAndClose(context, .payloadTooLarge, "request body too large (more than \(limits.maxBodyBytes) bytes)")
                    return
                }
                head.headers.remove(name: "expect")
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            }
            state = .receiving(keepAlive: keepAlive)
            arm(context, after: limits.requestTimeout) { [self] in
                guard case .receiving = state else { return }
                answerAndLinger(context, .requestTimeout, "the request was not received within \(limits.requestTimeout.nanoseconds / 1_000_000_000) s")
            }
            context.fireChannelRead(wrapInboundOut(.head(head)))
        case (.end, .receiving(let keepAlive)):
            disarm()
            state = .answering(keepAlive: keepAlive)
            context.fireChannelRead(data)
        case (.end, .answeringEarly):
            state = .answeringEarly(requestEnded: true)
        case (.end, .lingering):
            close(context)
        case (_, .answeringEarly), (_, .lingering), (_, .closing):
            break  // the rest of a body already answered
        default:
            context.fireChannelRead(data)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // While lingering nobody above asks for more bytes; this handler does, to discard them.
        if case .lingering = state { context.read() }
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else { return context.fireErrorCaught(error) }
        switch state {
        case .idle:
            // A malformed head: no route saw it, so the answer is written here.
            answerAndClose(context, .badRequest, "malformed HTTP request: \(error)")
        case .receiving:
            // A malformed body (a bad chunk size): the route reading it answers 400.
            context.fireErrorCaught(error)
        case .answering, .answeringEarly, .lingering, .closing:
            close(context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        state = .closing
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { disarm() }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch (unwrapOutboundIn(data), state) {
        case (.head(var head), .receiving):
            guard head.status.code >= 200 else { return context.write(data, promise: promise) }
            disarm()
            state = .answeringEarly(requestEnded: false)
            head.headers.replaceOrAdd(name: "connection", value: "close")
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case (.head(var head), .answering(keepAlive: false)):
            head.headers.replaceOrAdd(name: "connection", value: "close")
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case (.end, .answering(let keepAlive)):
            state = keepAlive ? .idle : .closing
            if keepAlive { context.write(data, promise: promise) } else { writeThenClose(context, data, promise: promise) }
        case (.end, .answeringEarly(let requestEnded)):
            if requestEnded {
                state = .closing
                writeThenClose(context, data, promise: promise)
            } else {
                context.write(data, promise: promise)
                state = .lingering
                context.flush()
                context.read()
                arm(context, after: limits.lingerTimeout) { [self] in close(context) }
            }
        default:
            context.write(data, promise: promise)
        }
    }

    // MARK: Helpers

    /// Answers with the JSON error body and closes (the request never reaches a route).
    private func answerAndClose(_ context: ChannelHandlerContext, _ status: HTTPResponseStatus, _ message: String) {
        disarm()
        state = .closing
        writeError(context, status, message)
        writeThenClose(context, wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Answers a request whose body is still arriving and closes like nginx's lingering close: the
    /// answer, then the end of our side of the connection (the client reads a clean end, not a
    /// reset), then the rest of the body read and discarded until the client closes or for up to
    /// `lingerTimeout`.
    private func answerAndLinger(_ context: ChannelHandlerContext, _ status: HTTPResponseStatus, _ message: String) {
        disarm()
        state = .lingering
        writeError(context, status, message)
        writeThenClose(context, wrapOutboundOut(.end(nil)), promise: nil, mode: .output)
        context.read()
        arm(context, after: limits.lingerTimeout) { [self] in close(context) }
    }

    /// The head and JSON body of an error answered here, counted like a route's.
    private func writeError(_ context: ChannelHandlerContext, _ status: HTTPResponseStatus, _ message: String) {
        metrics.increment("lotse_http_requests_total", [("route", "connection"), ("status", String(status.code))])
        let body = context.channel.allocator.buffer(string: JSONResponse.errorBody(status: Int(status.code), message))
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json; charset=utf-8")
        headers.add(name: "content-length", value: String(body.readableBytes))
        headers.add(name: "connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
    }

    /// Writes the last part of an answer and closes the connection (or only our side of it, `.output`)
    /// once it is on the wire.
    private func writeThenClose(_ context: ChannelHandlerContext, _ data: NIOAny, promise: EventLoopPromise<Void>?,
                                mode: CloseMode = .all) {
        let written = context.eventLoop.makePromise(of: Void.self)
        if let promise { written.futureResult.cascade(to: promise) }
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(mode: mode, promise: nil) }
        context.writeAndFlush(data, promise: written)
    }

    private func close(_ context: ChannelHandlerContext) {
        disarm()
        state = .closing
        context.close(promise: nil)
    }

    private func arm(_ context: ChannelHandlerContext, after delay: TimeAmount, _ fire: @escaping () -> Void) {
        disarm()
        deadline = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: delay) { [self] in
            deadline = nil
            fire()
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}
