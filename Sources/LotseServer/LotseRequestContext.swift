import Hummingbird
import NIOCore

/// Hummingbird's basic request context plus the client's address, for limits of routes that
/// have no sender to count by (`/model/parse`).
struct LotseRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address as a rate-limit key (its port changes with every connection).
    var clientKey: String { remoteAddress?.ipAddress ?? "unknown" }
}
