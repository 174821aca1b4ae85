import Dispatch
import Foundation
import Hummingbird
import Logging
import LotseCore

/// The webhook service: builds the router around the store it is handed, and runs until SIGTERM
/// or SIGINT, finishing the requests in flight. SIGHUP reloads the knowledge base. Which database
/// the store uses (SQLite, PostgreSQL, memory) is the caller's choice; opening and closing it too.
public struct LotseServer: Sendable {
    public let configuration: ServerConfiguration
    let loader: KnowledgeLoader
    let store: any ConversationStore

    public init(configuration: ServerConfiguration, loader: KnowledgeLoader, store: any ConversationStore) {
        self.configuration = configuration
        self.loader = loader
        self.store = store
    }

    public func run(logger: Logger) async throws {
        let knowledge = try KnowledgeHolder(loader: loader, maxMessageLength: configuration.maxMessageLength)
        let metrics = Metrics()
        let service = ConversationService(store: store, knowledge: knowledge, metrics: metrics, expiry: configuration.expirySeconds)
        let router = makeRouter(service: service, metrics: metrics)

        let reload = installReloadHandler(knowledge: knowledge, metrics: metrics, logger: logger)
        let purge = Task { await purgeExpired(store: store, logger: logger) }
        defer {
            reload.cancel()
            purge.cancel()
        }

        let app = Application(
            router: router,
            server: GuardedHTTP1Channel.builder(
                configuration: .init(idleTimeout: .milliseconds(Int64(configuration.idleTimeoutSeconds * 1000))),
                limits: .init(requestTimeout: .milliseconds(Int64(configuration.requestTimeoutSeconds * 1000)),
                              maxBodyBytes: configuration.maxBodyBytes),
                metrics: metrics),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "lotse"),
            onServerRunning: { channel in
                logger.notice("lotse serving", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")",
                                                         "offers": "\(knowledge.engine.knowledge.offers.count)"])
            },
            logger: logger
        )
        try await app.runService()
        purge.cancel()
        await purge.value
        logger.notice("lotse stopped")
    }

    func makeRouter(service: ConversationService, metrics: Metrics) -> Router<LotseRequestContext> {
        let router = Router(context: LotseRequestContext.self)
        router.add(middleware: ObservingMiddleware(metrics: metrics))
        let limiter = RateLimiter(perMinute: configuration.ratePerMinute)
        RestWebhook(service: service, limiter: limiter, configuration: configuration, metrics: metrics).register(on: router)
        TelegramWebhook(service: service, limiter: limiter, configuration: configuration, metrics: metrics).register(on: router)
        ParseRoute(knowledge: service.knowledge, configuration: configuration,
                   limiter: RateLimiter(perMinute: configuration.parseRatePerMinute), metrics: metrics).register(on: router)
        OperationsRoutes(service: service, limiter: limiter, metrics: metrics, configuration: configuration).register(on: router)
        return router
    }

    /// SIGHUP: load the files again; a broken file keeps the old knowledge serving and is logged with file:line.
    private func installReloadHandler(knowledge: KnowledgeHolder, metrics: Metrics, logger: Logger) -> any DispatchSourceSignal {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler {
            let problems = knowledge.reload()
            if problems.isEmpty {
                metrics.increment("lotse_knowledge_reloads_total", [("outcome", "ok")])
                logger.notice("knowledge base reloaded", metadata: ["offers": "\(knowledge.engine.knowledge.offers.count)"])
            } else {
                metrics.increment("lotse_knowledge_reloads_total", [("outcome", "rejected")])
                for problem in problems {
                    logger.error("knowledge reload rejected, old knowledge still serving", metadata: ["problem": "\(problem)"])
                }
            }
        }
        source.resume()
        return source
    }

    /// Expired conversations, and statistics of days past the retention, from the start on.
    private func purgeExpired(store: any ConversationStore, logger: Logger) async {
        while !Task.isCancelled {
            do {
                let removed = try await store.purge(idleBefore: Date().addingTimeInterval(-configuration.expirySeconds))
                if removed > 0 { logger.info("purged expired conversations", metadata: ["count": "\(removed)"]) }
                let days = try await store.statistics.deleteEnquiries(before: Day(Date()).adding(days: -configuration.statisticsRetentionDays))
                if days > 0 { logger.info("deleted statistics past their retention", metadata: ["rows": "\(days)"]) }
            } catch {
                logger.error("purge failed", metadata: ["error": "\(error)"])
            }
            MemoryRelease.giveBack()
            try? await Task.sleep(for: .seconds(configuration.purgeIntervalSeconds))
        }
    }
}
