import ArgumentParser
import LotseCore
import Foundation
import Logging
import LotseServer

/// `lotse serve`: the webhook service for messaging partners. Every flag has an environment
/// variable (LOTSE_HOST, LOTSE_PORT, …) so containers can be configured without arguments.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the webhook service (Rasa REST, Telegram, /model/parse) on SQLite or PostgreSQL.")

    @OptionGroup var knowledge: KnowledgeOptions

    @Option(help: "Address to listen on (LOTSE_HOST).") var host = env("LOTSE_HOST") ?? "127.0.0.1"
    @Option(help: "Port (LOTSE_PORT).") var port = Int(env("LOTSE_PORT") ?? "") ?? 5005
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var postgres: PostgresOptions
    @OptionGroup var retention: RetentionOptions
    @Option(help: "Bearer token for DELETE /conversations/{sender} (LOTSE_ADMIN_TOKEN).") var adminToken: String?
    @Option(help: "Bearer token required on the REST webhook (LOTSE_REST_TOKEN).") var restToken: String?
    @Option(help: "Telegram secret_token expected in X-Telegram-Bot-Api-Secret-Token (LOTSE_TELEGRAM_SECRET).")
    var telegramSecret: String?
    @Option(help: "Largest request body in bytes (LOTSE_MAX_BODY_BYTES).") var maxBodyBytes = Int(env("LOTSE_MAX_BODY_BYTES") ?? "") ?? 64 * 1024
    @Option(help: "Longest message text in characters (LOTSE_MAX_MESSAGE_LENGTH).")
    var maxMessageLength = Int(env("LOTSE_MAX_MESSAGE_LENGTH") ?? "") ?? 1000
    @Option(help: "Seconds after which an idle conversation expires (LOTSE_EXPIRY).") var expiry = Double(env("LOTSE_EXPIRY") ?? "") ?? 86_400
    @Option(help: "Requests per minute per sender (LOTSE_RATE_PER_MINUTE).") var ratePerMinute = Int(env("LOTSE_RATE_PER_MINUTE") ?? "") ?? 60
    @Option(help: "Seconds before an idle or slow connection is closed (LOTSE_IDLE_TIMEOUT).")
    var idleTimeout = Double(env("LOTSE_IDLE_TIMEOUT") ?? "") ?? 30
    @Option(help: "Seconds between purges of expired conversations (LOTSE_PURGE_INTERVAL).")
    var purgeInterval = Double(env("LOTSE_PURGE_INTERVAL") ?? "") ?? 60
    @Flag(help: "Add POST /bench/echo, the baseline of the load test (not for production).") var enableEchoRoute = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error (LOG_LEVEL).") var logLevel = env("LOG_LEVEL") ?? "notice"

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1–65535") }
        guard maxBodyBytes >= 256 else { throw ValidationError("--max-body-bytes must be at least 256") }
        guard maxMessageLength >= 1 else { throw ValidationError("--max-message-length must be positive") }
        guard expiry > 0, idleTimeout > 0, purgeInterval > 0, ratePerMinute > 0 else {
            throw ValidationError("--expiry, --idle-timeout, --purge-interval and --rate-per-minute must be positive")
        }
    }

    func run() async throws {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.databasePath = database.path ?? "lotse.sqlite"
        configuration.statisticsRetentionDays = retention.statisticsRetentionDays
        // A flag wins over its environment variable.
        configuration.adminToken = adminToken ?? env("LOTSE_ADMIN_TOKEN")
        configuration.restToken = restToken ?? env("LOTSE_REST_TOKEN")
        configuration.telegramSecret = telegramSecret ?? env("LOTSE_TELEGRAM_SECRET")
        configuration.maxBodyBytes = maxBodyBytes
        configuration.maxMessageLength = maxMessageLength
        configuration.expirySeconds = expiry
        configuration.ratePerMinute = ratePerMinute
        configuration.idleTimeoutSeconds = idleTimeout
        configuration.purgeIntervalSeconds = purgeInterval
        configuration.enableEchoRoute = enableEchoRoute
        var logger = Logger(label: "lotse")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .notice
        do {
            let loader = try knowledge.loader()
            let location = try DatabaseLocation(configuration.databasePath, postgres: postgres)
            let (store, close) = try await location.openConversationStore(logger: logger)
            do {
                try await LotseServer(configuration: configuration, loader: loader, store: store).run(logger: logger)
            } catch {
                await close()
                throw error
            }
            await close()
        } catch let error as LotseCore.KnowledgeLoadError {
            for problem in error.problems where problem.severity == .error { printError(problem.description) }
            throw ExitCode(2)
        }
    }
}

/// An environment variable, when set and not empty.
func env(_ name: String) -> String? {
    ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
}
