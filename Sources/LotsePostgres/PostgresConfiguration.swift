import Foundation

/// Where and how to reach PostgreSQL: parsed from a `postgres://user:password@host:port/database`
/// URL (libpq's form, so an operator's managed-database URL works as given), with the pool size,
/// the timeouts and the TLS mode that `lotse serve` takes as options.
public struct PostgresConfiguration: Sendable, Equatable {
    /// libpq's `sslmode` values that PostgresNIO can honour.
    public enum SSLMode: String, Sendable, CaseIterable {
        /// Never TLS (a database on loopback or in a private network).
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// TLS or no connection, without checking the certificate (libpq's meaning of `require`).
        case require
        /// TLS with the certificate checked against the system's trust roots, not the host name.
        case verifyCA = "verify-ca"
        /// TLS with the certificate and the host name checked.
        case verifyFull = "verify-full"
    }

    public static let defaultPort = 5432
    /// Connections one server opens at most: a turn holds one for four short statements.
    public static let defaultPoolSize = 10
    /// Seconds to connect, and for one store operation to finish (503 after it).
    public static let defaultTimeoutSeconds = 5.0

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    public var poolSize: Int
    public var timeoutSeconds: Double

    /// Whether a `--database` value names PostgreSQL rather than a SQLite file.
    public static func isPostgresURL(_ value: String) -> Bool {
        value.hasPrefix("postgres://") || value.hasPrefix("postgresql://")
    }

    /// Parses `postgres://user[:password]@host[:port][/database][?sslmode=…]`. The user is required
    /// (a server has no login of its own to default to); the database defaults to the user's name.
    public init(url: String, poolSize: Int = defaultPoolSize, timeoutSeconds: Double = defaultTimeoutSeconds,
                sslMode override: SSLMode? = nil) throws(PostgresStoreError) {
        guard Self.isPostgresURL(url), let components = URLComponents(string: url) else {
            throw .invalidURL(reason: "expected postgres://user@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else { throw .invalidURL(reason: "no host") }
        guard let user = components.user, !user.isEmpty else { throw .invalidURL(reason: "no user (postgres://USER@host/database)") }
        guard poolSize >= 1 else { throw .invalidURL(reason: "the pool size must be at least 1") }
        guard timeoutSeconds > 0 else { throw .invalidURL(reason: "the timeout must be positive") }
        self.host = host
        port = components.port ?? Self.defaultPort
        self.user = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let path = String(components.path.drop { $0 == "/" })
        database = path.isEmpty ? self.user : (path.removingPercentEncoding ?? path)
        let given = components.queryItems?.first { $0.name == "sslmode" }?.value
        if let given, SSLMode(rawValue: given) == nil {
            throw .invalidURL(reason: "sslmode must be one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        sslMode = override ?? given.flatMap(SSLMode.init(rawValue:)) ?? .prefer
        self.poolSize = poolSize
        self.timeoutSeconds = timeoutSeconds
    }

    /// The URL without its password, for messages and logs.
    public var redacted: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    var timeout: Duration { .milliseconds(Int64((timeoutSeconds * 1000).rounded())) }
}
