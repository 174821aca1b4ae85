import Foundation
import Logging
import LotseCore
import LotsePostgres
import LotseSQLite
import LotseTestSupport
import Testing

/// The stores the contract suite runs against, each in a fresh database that a test can open
/// again (to see what survived) and that is removed afterwards.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory, sqlite, postgres

    var testDescription: String { rawValue }

    /// Seconds a PostgreSQL operation may take in these tests: the whole suite runs in parallel on
    /// two cores, where the production default (5 s) was exceeded by a migration's commits.
    static let patientTimeout = 30.0

    /// PostgreSQL only where a server is given (`.ci/run`); `PostgresStoreTests` says when it is skipped.
    static var tested: [StoreKind] { TemporaryPostgresDatabase.available ? allCases : [.memory, .sqlite] }

    /// Runs `body` with a fixture of this kind and removes its database, also when `body` throws.
    func withFixture(_ body: (StoreFixture) async throws -> Void) async throws {
        switch self {
        case .memory:
            let store = InMemoryConversationStore()
            try await body(StoreFixture(open: { store }, close: { _ in }))
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-contract-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            try await body(StoreFixture(open: { try SQLiteConversationStore(path: path) }, close: { _ in }))
        case .postgres:
            try await TemporaryPostgresDatabase.with { database in
                try await body(StoreFixture(open: { try await PostgresConversationStore(PostgresConfiguration(url: database.url, timeoutSeconds: StoreKind.patientTimeout),
                                                                                        logger: TemporaryPostgresDatabase.quiet) },
                                            close: { await ($0 as? PostgresConversationStore)?.close() }))
            }
        }
    }
}

/// Opens the fixture's database; `close` lets go of a store before the database is opened again.
struct StoreFixture {
    let open: () async throws -> any ConversationStore
    let close: (any ConversationStore) async -> Void

    /// Opens the store, runs `body`, closes it — also when `body` throws.
    func using<T>(_ body: (any ConversationStore) async throws -> T) async throws -> T {
        let store = try await open()
        do {
            let result = try await body(store)
            await close(store)
            return result
        } catch {
            await close(store)
            throw error
        }
    }
}
