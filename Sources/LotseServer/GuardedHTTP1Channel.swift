import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 channel with a `ConnectionGuard` between SwiftNIO's HTTP/1 codec and
/// Hummingbird's conversion to HTTP types, where the HTTP version, the raw parse errors and the
/// socket are still in reach. Everything else is Hummingbird's own.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel
    let limits: ConnectionGuard.Limits
    let metrics: Metrics

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        inner.setup(channel: channel, logger: logger).flatMapThrowing { [limits, metrics] value in
            let operations = channel.pipeline.syncOperations
            let codec = try operations.handler(type: HTTP1ToHTTPServerCodec.self)
            try operations.addHandler(ConnectionGuard(limits: limits, metrics: metrics), position: .before(codec))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }

    /// The server builder for `Application`.
    static func builder(configuration: HTTP1Channel.Configuration, limits: ConnectionGuard.Limits, metrics: Metrics) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            GuardedHTTP1Channel(inner: HTTP1Channel(responder: responder, configuration: configuration), limits: limits, metrics: metrics)
        }
    }
}
