import Foundation
import Logging
import PostgresNIO

/// A database of its own for one test, created on the PostgreSQL server that
/// `LOTSE_TEST_POSTGRES_URL` names (`.ci/run` starts a throw-away cluster and sets it) and dropped
/// afterwards. Without the variable the PostgreSQL tests are skipped, and say so.
public struct TemporaryPostgresDatabase: Sendable {
    /// The server's URL (its maintenance database), when tests may use one.
    public static let serverURL = ProcessInfo.processInfo.environment["LOTSE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    public static var available: Bool { serverURL != nil }
    public static let skipNotice = "LOTSE_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped (.ci/run starts a throw-away server)"

    public let name: String
    /// `postgres://user@host:port/<name>?sslmode=disable`
    public let url: String

    /// Creates the database, runs `body` with it, and drops it — also when `body` throws.
    public static func with<T>(_ body: (TemporaryPostgresDatabase) async throws -> T) async throws -> T {
        let database = try await create()
        do {
            let result = try await body(database)
            try await database.drop()
            return result
        } catch {
            try? await database.drop()
            throw error
        }
    }

    /// Creates a database on `server` (the shared one by default).
    public static func create(on server: String? = serverURL) async throws -> TemporaryPostgresDatabase {
        guard let server, var components = URLComponents(string: server) else {
            throw URLError(.badURL, userInfo: [NSLocalizedDescriptionKey: "LOTSE_TEST_POSTGRES_URL is not set"])
        }
        let name = "lotse_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await administer(server) { try await $0.query("CREATE DATABASE \(unescaped: name)", logger: quiet) }
        components.path = "/" + name
        components.query = "sslmode=disable"
        return TemporaryPostgresDatabase(name: name, url: components.string!, server: server)
    }

    let server: String

    public func drop() async throws {
        try await Self.administer(server) {
            try await $0.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: Self.quiet)
        }
    }

    /// Runs statements on a database of the server (the maintenance one, or a test's own).
    public static func administer(_ url: String, _ body: (PostgresConnection) async throws -> Void) async throws {
        let components = URLComponents(string: url)!
        let configuration = PostgresConnection.Configuration(host: components.host ?? "127.0.0.1", port: components.port ?? 5432,
                                                             username: components.user ?? "postgres", password: components.password,
                                                             database: String(components.path.dropFirst()).isEmpty ? nil : String(components.path.dropFirst()),
                                                             tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: quiet)
        do {
            try await body(connection)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    public static let quiet: Logger = {
        var logger = Logger(label: "lotse-tests")
        logger.logLevel = .error
        return logger
    }()

    /// A whole-number result of a statement on this test's database (a count, a version).
    public func number(_ sql: String) async throws -> Int {
        var result = 0
        try await Self.administer(url) { connection in
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Self.quiet).decode(Int.self) {
                result = value
            }
        }
        return result
    }

    /// The bytes of a `bytea` a statement returns (a stored conversation state), nil without a row.
    public func bytes(_ sql: String) async throws -> [UInt8]? {
        var result: [UInt8]?
        try await Self.administer(url) { connection in
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Self.quiet).decode(ByteBuffer.self) {
                result = Array(value.readableBytesView)
            }
        }
        return result
    }

    /// Runs one statement on this test's database.
    public func execute(_ sql: String) async throws {
        try await Self.administer(url) { try await $0.query(PostgresQuery(unsafeSQL: sql), logger: Self.quiet) }
    }
}
