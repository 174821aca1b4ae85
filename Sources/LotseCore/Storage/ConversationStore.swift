import Foundation

/// Where conversations live between turns. Small on purpose, so that another backend (PostgreSQL,
/// Redis) can be added without touching the dialogue or the server.
///
/// A store keeps only the conversation state (profile, pending question, language) — never the
/// text of messages.
public protocol ConversationStore: Sendable {
    /// The conversation of `sender`, if one was saved after `notBefore` (older ones have expired).
    func load(sender: String, notBefore: Date) throws -> Conversation?
    /// Saves the conversation durably: once this returns, a crash of the process does not lose it.
    func save(_ conversation: Conversation, sender: String, at time: Date) throws
    /// Saves the conversation of a turn and counts the turn's referral (if any) in `statistics`,
    /// both durable once this returns. The server's way to save: a store that can put the saves of
    /// concurrent turns into one commit does so here (SQLite), which is what bounds a server that
    /// persists every turn. Returns false when the enquiry could not be counted — that failure does
    /// not cost the person the answer.
    func save(_ conversation: Conversation, sender: String, at time: Date, counting enquiry: Enquiry?,
              in statistics: any StatisticsStore) async throws -> Bool
    /// Erases everything stored about `sender`; false when there was nothing.
    func delete(sender: String) throws -> Bool
    /// Deletes conversations idle since before `cutoff`; returns how many.
    func purge(idleBefore cutoff: Date) throws -> Int
    /// Records a delivery id (Telegram `update_id`) and tells whether it is new, so a retried
    /// delivery is not answered twice.
    func firstDelivery(_ id: Int64, at time: Date) throws -> Bool
    /// Whether the store can write right now (for readiness checks).
    func isWritable() -> Bool
    /// How many conversations are stored.
    func count() throws -> Int
}

extension ConversationStore {
    /// One save, then one count, each on its own.
    public func save(_ conversation: Conversation, sender: String, at time: Date, counting enquiry: Enquiry?,
                     in statistics: any StatisticsStore) async throws -> Bool {
        try save(conversation, sender: sender, at: time)
        guard let enquiry else { return true }
        do { try statistics.record(enquiry, on: Day(time)) } catch { return false }
        return true
    }
}

/// A store in memory, for tests and for front ends that keep nothing on disk.
public final class InMemoryConversationStore: ConversationStore, @unchecked Sendable {
    private let lock = NSLock()
    private var conversations: [String: (Conversation, Date)] = [:]
    private var deliveries: Set<Int64> = []

    public init() {}

    public func load(sender: String, notBefore: Date) throws -> Conversation? {
        lock.withLock { conversations[sender].flatMap { $0.1 >= notBefore ? $0.0 : nil } }
    }

    public func save(_ conversation: Conversation, sender: String, at time: Date) throws {
        lock.withLock { conversations[sender] = (conversation, time) }
    }

    public func delete(sender: String) throws -> Bool {
        lock.withLock { conversations.removeValue(forKey: sender) != nil }
    }

    public func purge(idleBefore cutoff: Date) throws -> Int {
        lock.withLock {
            let old = conversations.filter { $0.value.1 < cutoff }.map(\.key)
            old.forEach { conversations.removeValue(forKey: $0) }
            return old.count
        }
    }

    public func firstDelivery(_ id: Int64, at time: Date) throws -> Bool {
        lock.withLock { deliveries.insert(id).inserted }
    }

    public func isWritable() -> Bool { true }

    public func count() throws -> Int { lock.withLock { conversations.count } }
}
