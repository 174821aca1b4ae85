import CSQLite
import Foundation
import LotseCore

/// Conversations in an embedded SQLite database (WAL journal). A save is committed before it
/// returns; with WAL and `synchronous=NORMAL` a committed transaction survives a crash or `kill -9`
/// of the process (only a power loss may drop the last transactions).
///
/// One connection, serialised: SQLite writes are serial anyway, and each operation is a few
/// microseconds. Every `save` goes through the store's `GroupCommit`, which puts the saves of
/// concurrent turns (their delivery ids and statistics) into one transaction, each turn answered
/// after its commit — a property of this store that its callers need not know about. The store caches what it wrote, so it must be the only process writing the
/// conversations: it holds the file's `DatabaseLock` for its lifetime, and a second server on the
/// same file fails at start. SQLite itself locks per transaction, so `lotse report` and
/// `lotse chat --database` can use the file meanwhile.
public final class SQLiteConversationStore: ConversationStore, @unchecked Sendable {
    private let claim: DatabaseLock
    private let database: SQLiteDatabase
    /// The enquiry statistics of the same file, on the same connection.
    public let enquiries: SQLiteStatisticsStore
    public var statistics: any StatisticsStore { enquiries }
    private let selectConversation: Statement
    private let upsertConversation: Statement
    private let deleteConversation: Statement
    private let purgeConversations: Statement
    private let insertDelivery: Statement
    private let purgeDeliveries: Statement
    private let countConversations: Statement
    private let truncateLog: Statement
    private let path: String
    let writer: GroupCommit
    /// Recently used conversations, decoded, with their save time: most turns follow one another
    /// closely, and decoding is the most expensive part of a load. Written through on every commit,
    /// under a lock of its own, so loads need not wait for a batch being committed.
    private var cache: [String: (conversation: Conversation, savedAt: Int64)] = [:]
    private let cacheLock = NSLock()
    private let cacheLimit: Int

    public init(path: String, cacheLimit: Int = 20_000) throws {
        self.cacheLimit = cacheLimit
        claim = try DatabaseLock(databasePath: path)
        database = try SQLiteDatabase(path: path)
        try SQLiteSchema.prepare(database, path: path)
        enquiries = try SQLiteStatisticsStore(database: database, writable: true)
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
        truncateLog = try database.prepare("PRAGMA wal_checkpoint(TRUNCATE)")
        self.path = path
        writer = try GroupCommit(database: database)
    }

    deinit { writer.stop() }

    private static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    public func load(sender: String, notBefore: Date) throws -> Conversation? {
        let cutoff = Self.milliseconds(notBefore)
        if let cached = cacheLock.withLock({ cache[sender] }) { return cached.savedAt >= cutoff ? cached.conversation : nil }
        let data: Data? = try database.serialized {
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
        try database.serialized {
            try upsertConversation.run([sender, data, savedAt])
            remember(conversation, sender: sender, savedAt: savedAt)
        }
    }

    /// Saves the turn in the next group commit: its delivery id, the conversation and the count of
    /// its referral in one transaction, shared with the turns saved at the same time.
    public func save(_ turn: StoredTurn) async throws -> SaveOutcome {
        let data = ConversationCodec.encode(turn.conversation)
        let savedAt = Self.milliseconds(turn.time)
        let (upsert, insertDelivery, enquiries, database) = (upsertConversation, self.insertDelivery, self.enquiries, self.database)
        return try await writer.perform({ () throws -> SaveOutcome in
            if let delivery = turn.delivery {
                try insertDelivery.run([delivery, savedAt])
                guard database.changes > 0 else { return .duplicateDelivery }
            }
            try upsert.run([turn.sender, data, savedAt])
            guard let enquiry = turn.enquiry else { return .saved(counted: true) }
            // A count that fails is undone alone (SQLite rolls back the statement) and does not cost the answer.
            do { try enquiries.add(enquiry, on: Day(turn.time)) } catch { return .saved(counted: false) }
            return .saved(counted: true)
        }, committed: { [self] outcome in
            if outcome != .duplicateDelivery { remember(turn.conversation, sender: turn.sender, savedAt: savedAt) }
        })
    }

    /// Writes a saved conversation through to the cache (call with the connection held).
    private func remember(_ conversation: Conversation, sender: String, savedAt: Int64) {
        cacheLock.withLock {
            if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[sender] = (conversation, savedAt)
        }
    }

    /// Erases the conversation from the table and then from the write-ahead log: `secure_delete`
    /// zeroes the row in the page, but the log still holds the page images of earlier saves (with
    /// the sender id) until a checkpoint copies them over and empties it. So an erasure checkpoints
    /// with TRUNCATE before it returns: afterwards no file of the database holds a byte of the
    /// sender id or its state, also after a `kill -9`. The checkpoint runs even when no row was
    /// found, so a repeated erasure finishes one that could not empty the log.
    public func delete(sender: String) throws -> Bool {
        try database.serialized {
            cacheLock.withLock { cache[sender] = nil }
            try deleteConversation.run([sender])
            let erased = database.changes > 0
            try emptyLog()
            return erased
        }
    }

    /// Copies the log into the file and truncates it to zero bytes (call with the connection held).
    /// A reader inside a transaction (`lotse report`) keeps the log alive; SQLite waits for it up
    /// to the busy timeout, and a log still in use then is an error, not a silent success.
    private func emptyLog() throws {
        var busy: Int64 = 0
        try truncateLog.query { busy = $0.int(0) }
        guard busy == 0 else { throw DatabaseError.logInUse(path: path) }
    }

    /// How long a conversation stays decoded in the cache after its last save. Most turns of a
    /// person follow within a minute; after that a load reads and decodes the row again (tens of
    /// microseconds). Without the window the cache kept up to `cacheLimit` conversations for a
    /// day, and the server's memory never went down after a busy hour.
    static let cacheWindow: Double = 60

    public func purge(idleBefore cutoff: Date) throws -> Int {
        try database.serialized {
            let limit = Self.milliseconds(cutoff)
            let cached = max(limit, Self.milliseconds(Date().addingTimeInterval(-Self.cacheWindow)))
            cacheLock.withLock { cache = cache.filter { $0.value.savedAt >= cached } }
            try purgeConversations.run([limit])
            let removed = database.changes
            try purgeDeliveries.run([Self.milliseconds(cutoff)])
            try database.execute("PRAGMA wal_checkpoint(PASSIVE)")
            return removed
        }
    }

    /// Copies the write-ahead log into the database file and empties it: at a clean stop, so that
    /// the log keeps no old page images (of erased or expired conversations) on disk.
    public func checkpoint() throws {
        try database.serialized { try emptyLog() }
    }

    public func isWritable() -> Bool {
        database.serialized { (try? database.execute("BEGIN IMMEDIATE; ROLLBACK;")) != nil }
    }

    public func count() throws -> Int {
        try database.serialized {
            var result = 0
            try countConversations.query { result = Int($0.int(0)) }
            return result
        }
    }
}
