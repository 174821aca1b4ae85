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

    @Option(help: "Address to listen on (LOTSE_HOST; default \(defaults.host)).") var host: String?
    @Option(help: "Port (LOTSE_PORT; default \(defaults.port)).") var port: Int?
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var postgres: PostgresOptions
    @OptionGroup var retention: RetentionOptions
    @Option(help: "Bearer token for DELETE /conversations/{sender} (LOTSE_ADMIN_TOKEN).") var adminToken: String?
    @Option(help: "Bearer token required on the REST webhook (LOTSE_REST_TOKEN).") var restToken: String?
    @Option(help: "Telegram secret_token expected in X-Telegram-Bot-Api-Secret-Token (LOTSE_TELEGRAM_SECRET).")
    var telegramSecret: String?
    @Option(help: "Largest request body in bytes (LOTSE_MAX_BODY_BYTES; default \(defaults.maxBodyBytes)).") var maxBodyBytes: Int?
    @Option(help: "Longest message text in characters (LOTSE_MAX_MESSAGE_LENGTH; default \(defaults.maxMessageLength)).")
    var maxMessageLength: Int?
    @Option(help: "Seconds after which an idle conversation expires (LOTSE_EXPIRY; default \(Int(defaults.expirySeconds))).")
    var expiry: Double?
    @Option(help: "Requests per minute per sender (LOTSE_RATE_PER_MINUTE; default \(defaults.ratePerMinute)).") var ratePerMinute: Int?
    @Option(help: "/model/parse requests per minute per client address (LOTSE_PARSE_RATE_PER_MINUTE; default \(defaults.parseRatePerMinute)).")
    var parseRatePerMinute: Int?
    @Option(help: "Seconds before an idle connection is closed (LOTSE_IDLE_TIMEOUT; default \(Int(defaults.idleTimeoutSeconds))).")
    var idleTimeout: Double?
    @Option(help: "Seconds a request's body may take after its head; 408 after (LOTSE_REQUEST_TIMEOUT; default \(Int(defaults.requestTimeoutSeconds))).")
    var requestTimeout: Double?
    @Option(help: "Seconds between purges of expired conversations (LOTSE_PURGE_INTERVAL; default \(Int(defaults.purgeIntervalSeconds))).")
    var purgeInterval: Double?
    @Flag(help: "Add POST /bench/echo, the baseline of the load test (not for production).") var enableEchoRoute = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error (LOG_LEVEL; default notice).") var logLevel: Logger.Level?

    /// The defaults, written once in `ServerConfiguration`.
    private static let defaults = ServerConfiguration()

    func validate() throws {
        let configuration = try serverConfiguration()
        guard (1...65535).contains(configuration.port) else { throw ValidationError("--port (LOTSE_PORT) must be 1–65535") }
        guard configuration.maxBodyBytes >= 256 else { throw ValidationError("--max-body-bytes (LOTSE_MAX_BODY_BYTES) must be at least 256") }
        guard configuration.maxMessageLength >= 1 else { throw ValidationError("--max-message-length (LOTSE_MAX_MESSAGE_LENGTH) must be positive") }
        guard configuration.expirySeconds > 0, configuration.idleTimeoutSeconds > 0, configuration.requestTimeoutSeconds > 0,
              configuration.purgeIntervalSeconds > 0, configuration.ratePerMinute > 0, configuration.parseRatePerMinute > 0 else {
            throw ValidationError("--expiry, --idle-timeout, --request-timeout, --purge-interval, --rate-per-minute and --parse-rate-per-minute must be positive")
        }
        _ = try resolvedLogLevel()
    }

    /// Each setting from its flag, else its environment variable, else the default; a flag wins
    /// over its environment variable.
    func serverConfiguration() throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        func set<Value: ExpressibleByArgument>(_ key: WritableKeyPath<ServerConfiguration, Value>, _ flag: Value?, _ variable: String) throws {
            if let value = try EnvironmentSetting.value(flag, variable) { configuration[keyPath: key] = value }
        }
        func set<Value: ExpressibleByArgument>(_ key: WritableKeyPath<ServerConfiguration, Value?>, _ flag: Value?, _ variable: String) throws {
            if let value = try EnvironmentSetting.value(flag, variable) { configuration[keyPath: key] = value }
        }
        try set(\.host, host, "LOTSE_HOST")
        try set(\.port, port, "LOTSE_PORT")
        configuration.databasePath = database.path ?? configuration.databasePath
        configuration.statisticsRetentionDays = try retention.days()
        try set(\.adminToken, adminToken, "LOTSE_ADMIN_TOKEN")
        try set(\.restToken, restToken, "LOTSE_REST_TOKEN")
        try set(\.telegramSecret, telegramSecret, "LOTSE_TELEGRAM_SECRET")
        try set(\.maxBodyBytes, maxBodyBytes, "LOTSE_MAX_BODY_BYTES")
        try set(\.maxMessageLength, maxMessageLength, "LOTSE_MAX_MESSAGE_LENGTH")
        try set(\.expirySeconds, expiry, "LOTSE_EXPIRY")
        try set(\.ratePerMinute, ratePerMinute, "LOTSE_RATE_PER_MINUTE")
        try set(\.parseRatePerMinute, parseRatePerMinute, "LOTSE_PARSE_RATE_PER_MINUTE")
        try set(\.idleTimeoutSeconds, idleTimeout, "LOTSE_IDLE_TIMEOUT")
        try set(\.requestTimeoutSeconds, requestTimeout, "LOTSE_REQUEST_TIMEOUT")
        try set(\.purgeIntervalSeconds, purgeInterval, "LOTSE_PURGE_INTERVAL")
        configuration.enableEchoRoute = enableEchoRoute
        return configuration
    }

    private func resolvedLogLevel() throws -> Logger.Level {
        try EnvironmentSetting.value(logLevel, "LOG_LEVEL") ?? .notice
    }

    func run() async throws {
        let configuration = try serverConfiguration()
        var logger = Logger(label: "lotse")
        logger.logLevel = try resolvedLogLevel()
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

extension Logger.Level: @retroactive ExpressibleByArgument {}
