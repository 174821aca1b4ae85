import Foundation

/// A store in memory, for tests and for front ends that keep nothing on disk. Its statistics are
/// in memory too.
public final class InMemoryConversationStore: ConversationStore, @unchecked Sendable {
    private let lock = NSLock()
    private var conversations: [String: (conversation: Conversation, savedAt: Date)] = [:]
    private var deliveries: [Int64: Date] = [:]
    private let enquiries = InMemoryStatisticsStore()

    public init() {}

    public var statistics: any StatisticsStore { enquiries }

    public func load(sender: String, notBefore: Date) throws -> Conversation? {
        lock.withLock { conversations[sender].flatMap { $0.savedAt >= notBefore ? $0.conversation : nil } }
    }

    public func save(_ turn: StoredTurn) throws -> SaveOutcome {
        let fresh = lock.withLock { () -> Bool in
            if let delivery = turn.delivery {
                guard deliveries[delivery] == nil else { return false }
                deliveries[delivery] = turn.time
            }
            conversations[turn.sender] = (turn.conversation, turn.time)
            return true
        }
        guard fresh else { return .duplicateDelivery }
        if let enquiry = turn.enquiry { enquiries.record(enquiry, on: Day(turn.time)) }
        return .saved(counted: true)
    }

    public func delete(sender: String) throws -> Bool {
        lock.withLock { conversations.removeValue(forKey: sender) != nil }
    }

    public func purge(idleBefore cutoff: Date) throws -> Int {
        lock.withLock {
            let old = conversations.filter { $0.value.savedAt < cutoff }.map(\.key)
            old.forEach { conversations.removeValue(forKey: $0) }
            deliveries = deliveries.filter { $0.value >= cutoff }
            return old.count
        }
    }

    public func isWritable() -> Bool { true }

    public func count() throws -> Int { lock.withLock { conversations.count } }
}
