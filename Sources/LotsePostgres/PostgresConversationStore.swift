import Foundation
import Logging
import LotseCore
import PostgresNIO

/// Conversations, Telegram delivery ids and the enquiry statistics in PostgreSQL, for a deployment
/// of several `lotse serve` processes on one database.
///
/// **No lost update across processes: a row lock.** A turn is one transaction: `SELECT … FOR
/// UPDATE` on the sender's row (inserted first when the sender is new), the engine's answer, the
/// upsert, the referral's count, `COMMIT` — and only then the HTTP answer. A second turn of the
/// same sender, on any server, waits at its `SELECT … FOR UPDATE` until the first commits and then
/// reads its state, so every acknowledged turn is applied once, in the order the database granted
/// the lock (within one server, in arrival order). Chosen over a version column with retry because
/// turns of one sender collide often (a person's messages arriving at two instances behind a
/// balancer): the lock makes the second wait a few milliseconds, where optimistic retry would run
/// the engine again and retry without bound under contention.
///
/// **Delivery dedup across processes.** A turn with a delivery id (Telegram's `update_id`) inserts
/// it first in the same transaction; a concurrent duplicate on another server waits on the unique
/// key and, once the first commits, finds it there and is answered as a duplicate. A turn that
/// fails rolls back its id with it: a delivery counts as delivered only when answered 200.
///
/// Erasure deletes the row; see the README for what VACUUM and WAL retention mean for it.
public final class PostgresConversationStore: ConversationStore, Sendable {
    private let database: PostgresDatabase
    private let enquiries: PostgresStatisticsStore

    public var statistics: any StatisticsStore { enquiries }

    /// Connects and migrates the schema (refusing a newer one).
    public convenience init(_ configuration: PostgresConfiguration, logger: Logger) async throws {
        try await self.init(configuration, logger: logger, schemaVersion: PostgresSchema.latest)
    }

    /// Stops after migrating up to `version` (the upgrade test writes a database of an older schema).
    init(_ configuration: PostgresConfiguration, logger: Logger, schemaVersion version: Int) async throws {
        database = try PostgresDatabase(configuration, logger: logger)
        enquiries = PostgresStatisticsStore(database: database)
        do { try await PostgresSchema.migrate(database, upTo: version) } catch {
            // Not waited for: with the server unreachable the pool ends only at its circuit breaker.
            database.abandon()
            throw error
        }
    }

    /// Closes the connections.
    public func close() async { await database.close() }

    public func load(sender: String, notBefore: Date) async throws -> Conversation? {
        let cutoff = PostgresDatabase.milliseconds(notBefore)
        let logger = database.logger
        return try await database.perform("load") { client in
            let rows = try await client.query("SELECT state FROM conversations WHERE sender = \(sender) AND updated_at >= \(cutoff)",
                                              logger: logger)
            for try await state in rows.decode(Data.self) { return ConversationCodec.decode(state) }
            return nil
        }
    }

    public func save(_ turn: StoredTurn) async throws -> SaveOutcome {
        let logger = database.logger
        return try await database.perform("save") { client in
            try await client.withTransaction(logger: logger) { connection in
                try await Self.write(turn, on: connection, logger: logger)
            }
        }
    }

    public func turn<Answer: Sendable>(sender: String, notBefore: Date, at time: Date, delivery: Int64?,
                                       _ respond: @escaping @Sendable (Conversation?) throws -> TurnStep<Answer>) async throws -> TurnOutcome<Answer> {
        let logger = database.logger
        let cutoff = PostgresDatabase.milliseconds(notBefore)
        return try await database.perform("turn") { client in
            try await client.withTransaction(logger: logger) { connection -> TurnOutcome<Answer> in
                if let delivery, try await !Self.claim(delivery, at: time, on: connection, logger: logger) { return .duplicateDelivery }
                let stored = try await Self.lock(sender, on: connection, logger: logger)
                let step = try respond(stored.flatMap { $0.savedAt >= cutoff ? ConversationCodec.decode($0.state) : nil })
                // Past the deadline the caller was answered 503 and the partner sends the message
                // again: this turn rolls back rather than claim its delivery for an answer nobody got.
                try Task.checkCancellation()
                let turn = StoredTurn(conversation: step.conversation, sender: sender, time: time, enquiry: step.enquiry)
                _ = try await Self.write(turn, on: connection, logger: logger)
                return .answered(step.answer, counted: true)
            }
        }
    }

    /// Takes the row lock on `sender`'s conversation and returns it; a new sender's row is inserted
    /// empty first (in this transaction: rolled back with it), because only a row can be locked.
    private static func lock(_ sender: String, on connection: PostgresConnection, logger: Logger) async throws
        -> (state: Data, savedAt: Int64)? {
        let select: PostgresQuery = "SELECT state, updated_at FROM conversations WHERE sender = \(sender) FOR UPDATE"
        for try await (state, savedAt) in try await connection.query(select, logger: logger).decode((Data, Int64).self) {
            return (state, savedAt)
        }
        try await connection.run("""
            INSERT INTO conversations (sender, state, updated_at) VALUES (\(sender), \(Data()), 0) ON CONFLICT (sender) DO NOTHING
            """, logger: logger)
        for try await (state, savedAt) in try await connection.query(select, logger: logger).decode((Data, Int64).self) {
            return (state, savedAt)
        }
        return nil
    }

    /// Inserts a delivery id; false when it was there (a duplicate), after waiting for a concurrent
    /// insert of the same id to commit or roll back.
    private static func claim(_ delivery: Int64, at time: Date, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let inserted = try await connection.count("""
            WITH claimed AS (
                INSERT INTO deliveries (id, seen_at) VALUES (\(delivery), \(PostgresDatabase.milliseconds(time)))
                ON CONFLICT (id) DO NOTHING RETURNING 1
            ) SELECT COUNT(*) FROM claimed
            """, logger: logger)
        return inserted > 0
    }

    /// The writes of a turn, in the caller's transaction.
    private static func write(_ turn: StoredTurn, on connection: PostgresConnection, logger: Logger) async throws -> SaveOutcome {
        if let delivery = turn.delivery, try await !claim(delivery, at: turn.time, on: connection, logger: logger) { return .duplicateDelivery }
        let state = ConversationCodec.encode(turn.conversation)
        try await connection.run("""
            INSERT INTO conversations (sender, state, updated_at) VALUES (\(turn.sender), \(state), \(PostgresDatabase.milliseconds(turn.time)))
            ON CONFLICT (sender) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
            """, logger: logger)
        if let enquiry = turn.enquiry { try await PostgresStatisticsStore.add(enquiry, on: Day(turn.time), on: connection, logger: logger) }
        return .saved(counted: true)
    }

    public func delete(sender: String) async throws -> Bool {
        let logger = database.logger
        return try await database.perform("erase") { client in
            try await client.count("WITH gone AS (DELETE FROM conversations WHERE sender = \(sender) RETURNING 1) SELECT COUNT(*) FROM gone",
                                   logger: logger) > 0
        }
    }

    public func purge(idleBefore cutoff: Date) async throws -> Int {
        let logger = database.logger
        let limit = PostgresDatabase.milliseconds(cutoff)
        return try await database.perform("purge") { client in
            let removed = try await client.count(
                "WITH gone AS (DELETE FROM conversations WHERE updated_at < \(limit) RETURNING 1) SELECT COUNT(*) FROM gone", logger: logger)
            try await client.run("DELETE FROM deliveries WHERE seen_at < \(limit)", logger: logger)
            return removed
        }
    }

    /// Writable: reachable within the timeout and not a read-only standby.
    public func isWritable() async -> Bool {
        let logger = database.logger
        return (try? await database.perform("health") { client in
            for try await writable in try await client.query("SELECT NOT pg_is_in_recovery()", logger: logger).decode(Bool.self) {
                return writable
            }
            return false
        }) ?? false
    }

    public func count() async throws -> Int {
        let logger = database.logger
        return try await database.perform("count") { client in
            try await client.count("SELECT COUNT(*) FROM conversations", logger: logger)
        }
    }
}
