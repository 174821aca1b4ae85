import Foundation

/// Everything `lotse serve` can be told; each has a flag and an environment variable.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 5005
    /// The database the command opens for the server: a SQLite path (or `sqlite:` URL) or a
    /// `postgres://` URL. The server itself is handed the opened store.
    public var databasePath = "lotse.sqlite"
    /// Bearer token for `DELETE /conversations/{sender}`; without it erasure over HTTP is disabled.
    public var adminToken: String?
    /// Optional bearer token partners must send to the REST webhook.
    public var restToken: String?
    /// Telegram's `secret_token`; when set, requests without the matching header get 401.
    public var telegramSecret: String?
    /// Largest request body accepted (413 above).
    public var maxBodyBytes = 64 * 1024
    /// Longest message text parsed; longer texts get a localised request to write less.
    public var maxMessageLength = 1000
    /// Idle conversations expire after this many seconds and are purged.
    public var expirySeconds: Double = 24 * 3600
    /// Requests per minute one sender may make (429 with Retry-After above).
    public var ratePerMinute = 60
    /// `/model/parse` requests per minute one client address may make (429 with Retry-After above).
    public var parseRatePerMinute = 600
    /// Seconds a connection may stay idle (slow clients are cut off).
    public var idleTimeoutSeconds: Double = 30
    /// Seconds a request's body may take to arrive after its head (408 and closed after).
    public var requestTimeoutSeconds: Double = 30
    /// Seconds between purges of expired conversations (and of statistics past their retention).
    public var purgeIntervalSeconds: Double = 60
    /// Days the anonymous enquiry statistics are kept; older days are deleted at start and with
    /// every purge. Two years cover a comparison of one year with the year before.
    public var statisticsRetentionDays = 730
    /// Adds `POST /bench/echo` for the load test's baseline; off in production.
    public var enableEchoRoute = false

    public init() {}
}
