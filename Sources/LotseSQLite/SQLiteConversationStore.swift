import CSQLite
import Foundation
import LotseCore

/// Conversations in an embedded SQLite database (WAL journal). A save is committed before it
/// returns; with WAL and `synchronous=NORMAL` a committed transaction survives a crash or `kill -9`
/// of the process (only a power loss may drop the last transactions).
///
/// One connection, serialised by a lock: SQLite writes are serial anyway, and each operation is a
/// few microseconds. The connection holds the database exclusively (no file lock per transaction):
/// a second process cannot open the same file while the server runs, which also guards against
/// two servers on one database.
public final class SQLiteConversationStore: ConversationStore, @unchecked Sendable {
    private let lock = NSLock()
    private let database: SQLiteDatabase
    private let selectConversation: Statement
    private let upsertConversation: Statement
    private let deleteConversation: Statement
    private let purgeConversations: Statement
    private let insertDelivery: Statement
    private let purgeDeliveries: Statement
    private let countConversations: Statement
    /// Recently used conversations, decoded, with their save time: most turns follow one another
    /// closely, and decoding is the most expensive part of a load. Written through on every save.
    private var cache: [String: (conversation: Conversation, savedAt: Int64)] = [:]
    private let cacheLimit: Int

    static let schemaVersion = 1

    public init(path: String, cacheLimit: Int = 20_000) throws {
        self.cacheLimit = cacheLimit
        database = try SQLiteDatabase(path: path)
        try database.execute("""
            PRAGMA locking_mode=EXCLUSIVE;
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            PRAGMA busy_timeout=5000;
            PRAGMA wal_autocheckpoint=10000;
            CREATE TABLE IF NOT EXISTS conversations (
                sender TEXT PRIMARY KEY NOT NULL,
                state BLOB NOT NULL,
                updated_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS conversations_updated_at ON conversations(updated_at);
            CREATE TABLE IF NOT EXISTS deliveries (
                id INTEGER PRIMARY KEY NOT NULL,
                seen_at INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS deliveries_seen_at ON deliveries(seen_at);
            PRAGMA user_version=\(Self.schemaVersion);
            """)
        selectConversation = try database.prepare("SELECT state, updated_at FROM conversations WHERE sender = ?")
        upsertConversation = try database.prepare("""
            INSERT INTO conversations (sender, state, updated_at) VALUES (?, ?, ?)
            ON CONFLICT(sender) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
            """)
        deleteConversation = try database.prepare("DELETE FROM conversations WHERE sender = ?")
        purgeConversations = try database.prepare("DELETE FROM conversations WHERE updated_at < ?")
        insertDelivery = try database.prepare("INSERT OR IGNORE INTO deliveries (id, seen_at) VALUES (?, ?)")
        purgeDeliveries = try database.prepare("DELETE FROM deliveries WHERE seen_at < ?")
        countConversations = try database.prepare("SELECT COUNT(*) FROM conversations")
    }

    private static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    public func load(sender: String, notBefore: Date) throws -> Conversation? {
        let cutoff = Self.milliseconds(notBefore)
        if let cached = lock.withLock({ cache[sender] }) { return cached.savedAt >= cutoff ? cached.conversation : nil }
        let data: Data? = try lock.withLock {
            var found: Data? = nil
            try selectConversation.query([sender]) { row in
                if row.int(1) >= Self.milliseconds(notBefore) { found = row.blob(0) }
            }
            return found
        }
        guard let data else { return nil }
        // A state that no longer decodes (after an upgrade) starts a fresh conversation.
        return ConversationCodec.decode(data)
    }

    public func save(_ conversation: Conversation, sender: String, at time: Date) throws {
        let data = ConversationCodec.encode(conversation)
        let savedAt = Self.milliseconds(time)
        try lock.withLock {
            try upsertConversation.run([sender, data, savedAt])
            if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[sender] = (conversation, savedAt)
        }
    }

    public func delete(sender: String) throws -> Bool {
        try lock.withLock {
            cache[sender] = nil
            try deleteConversation.run([sender])
            return database.changes > 0
        }
    }

    public func purge(idleBefore cutoff: Date) throws -> Int {
        try lock.withLock {
            let limit = Self.milliseconds(cutoff)
            cache = cache.filter { $0.value.savedAt >= limit }
            try purgeConversations.run([limit])
            let removed = database.changes
            try purgeDeliveries.run([Self.milliseconds(cutoff)])
            try database.execute("PRAGMA wal_checkpoint(PASSIVE)")
            return removed
        }
    }

    public func firstDelivery(_ id: Int64, at time: Date) throws -> Bool {
        try lock.withLock {
            try insertDelivery.run([id, Self.milliseconds(time)])
            return database.changes > 0
        }
    }

    public func isWritable() -> Bool {
        lock.withLock { (try? database.execute("BEGIN IMMEDIATE; ROLLBACK;")) != nil }
    }

    public func count() throws -> Int {
        try lock.withLock {
            var result = 0
            try countConversations.query { result = Int($0.int(0)) }
            return result
        }
    }
}
