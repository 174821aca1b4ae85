import ArgumentParser
import Foundation
import Logging
import LotseCore
import LotsePostgres
import LotseSQLite

/// What `--database` names: a SQLite file (a path, or a `sqlite:` URL) or a PostgreSQL database
/// (`postgres://…`). The commands open their store through this, so the server is handed a store
/// and never builds one itself.
enum DatabaseLocation {
    case sqlite(path: String)
    case postgres(PostgresConfiguration)

    init(_ value: String, postgres options: PostgresOptions) throws {
        if PostgresConfiguration.isPostgresURL(value) {
            self = .postgres(try PostgresConfiguration(url: value, poolSize: options.databasePoolSize,
                                                       timeoutSeconds: options.databaseTimeout, sslMode: options.sslMode))
        } else if value.hasPrefix("sqlite://") {
            self = .sqlite(path: String(value.dropFirst("sqlite://".count)))
        } else if value.hasPrefix("sqlite:") {
            self = .sqlite(path: String(value.dropFirst("sqlite:".count)))
        } else {
            self = .sqlite(path: value)
        }
    }

    /// A store for the server and what to do when it stops: SQLite copies its log into the file (so
    /// no page images of erased conversations stay in it), PostgreSQL closes its connections.
    func openConversationStore(logger: Logger) async throws -> (store: any ConversationStore, close: @Sendable () async -> Void) {
        switch self {
        case .sqlite(let path):
            let store = try SQLiteConversationStore(path: path)
            return (store, {
                do { try store.checkpoint() } catch { logger.error("final checkpoint failed", metadata: ["error": "\(error)"]) }
            })
        case .postgres(let configuration):
            let store = try await PostgresConversationStore(configuration, logger: logger)
            return (store, { await store.close() })
        }
    }

    /// The enquiry counts of a period, read without writing (`lotse report`).
    func readEnquiries(from first: Day, through last: Day) async throws -> [EnquiryCount] {
        switch self {
        case .sqlite(let path):
            return try SQLiteStatisticsStore(path: path, readOnly: true).enquiries(from: first, through: last)
        case .postgres(let configuration):
            let store = try await PostgresStatisticsStore(readingFrom: configuration, logger: Logger(label: "lotse"))
            do {
                let counts = try await store.enquiries(from: first, through: last)
                await store.close()
                return counts
            } catch {
                await store.close()
                throw error
            }
        }
    }
}

/// How `lotse serve` and `lotse report` use PostgreSQL (ignored for SQLite).
struct PostgresOptions: ParsableArguments {
    @Option(help: "PostgreSQL: connections per server at most (LOTSE_DATABASE_POOL_SIZE).")
    var databasePoolSize = Int(env("LOTSE_DATABASE_POOL_SIZE") ?? "") ?? PostgresConfiguration.defaultPoolSize
    @Option(help: "PostgreSQL: seconds to connect and for one operation; a turn not done by then gets 503 (LOTSE_DATABASE_TIMEOUT).")
    var databaseTimeout = Double(env("LOTSE_DATABASE_TIMEOUT") ?? "") ?? PostgresConfiguration.defaultTimeoutSeconds
    @Option(help: "PostgreSQL: disable, prefer, require, verify-ca or verify-full; overrides the URL's sslmode (LOTSE_DATABASE_SSLMODE).")
    var databaseSslmode: String?

    /// The flag, else its environment variable.
    private var givenSSLMode: String? { databaseSslmode ?? env("LOTSE_DATABASE_SSLMODE") }

    var sslMode: PostgresConfiguration.SSLMode? { givenSSLMode.flatMap(PostgresConfiguration.SSLMode.init(rawValue:)) }

    func validate() throws {
        guard databasePoolSize >= 1 else { throw ValidationError("--database-pool-size must be at least 1") }
        guard databaseTimeout > 0 else { throw ValidationError("--database-timeout must be positive") }
        if let givenSSLMode, PostgresConfiguration.SSLMode(rawValue: givenSSLMode) == nil {
            let modes = PostgresConfiguration.SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--database-sslmode must be one of \(modes)")
        }
    }
}
