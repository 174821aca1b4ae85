import Foundation

/// Where conversations live between turns, with the anonymous statistics of the same database.
/// Small and async on purpose (like Hummingbird's `PersistDriver`): the server is handed one and
/// never asks which kind it is; `InMemoryConversationStore` lives beside it, and one contract
/// suite (`Tests/LotseStoreTests`) runs against every store — memory, SQLite and PostgreSQL.
///
/// A store keeps only the conversation state (profile, pending question, language), as the opaque
/// bytes of `ConversationCodec` — never the text of messages.
public protocol ConversationStore: Sendable {
    /// The enquiry statistics kept in the same database; a turn's referral is counted through `save`.
    var statistics: any StatisticsStore { get }
    /// The conversation of `sender`, if one was saved after `notBefore` (older ones have expired).
    func load(sender: String, notBefore: Date) async throws -> Conversation?
    /// Saves a turn durably — the conversation, its referral's count and its delivery id —, all or
    /// nothing: once this returns, a crash of the process does not lose it. A delivery id that was
    /// saved before makes the whole turn a duplicate, and nothing is written.
    func save(_ turn: StoredTurn) async throws -> SaveOutcome
    /// One turn of `sender`: load, `respond`, save, such that no other turn of the same sender
    /// comes between the load and the save — across every process using the database. The default
    /// is load then save, right for stores that only one process writes when the caller runs the
    /// turns of one sender one after another (the server does); PostgreSQL holds a row lock.
    /// `respond` may run more than once and must have no effects of its own; it may also run after
    /// the call has given up at a store's deadline, hence escaping.
    func turn<Answer: Sendable>(sender: String, notBefore: Date, at time: Date, delivery: Int64?,
                                _ respond: @escaping @Sendable (Conversation?) throws -> TurnStep<Answer>) async throws -> TurnOutcome<Answer>
    /// Erases everything stored about `sender`; false when there was nothing.
    func delete(sender: String) async throws -> Bool
    /// Deletes conversations idle since before `cutoff`, and delivery ids seen before it; returns
    /// how many conversations went.
    func purge(idleBefore cutoff: Date) async throws -> Int
    /// Whether the store can write right now (for readiness checks).
    func isWritable() async -> Bool
    /// How many conversations are stored.
    func count() async throws -> Int
}

extension ConversationStore {
    public func turn<Answer: Sendable>(sender: String, notBefore: Date, at time: Date, delivery: Int64?,
                                       _ respond: @escaping @Sendable (Conversation?) throws -> TurnStep<Answer>) async throws -> TurnOutcome<Answer> {
        let step = try respond(try await load(sender: sender, notBefore: notBefore))
        let turn = StoredTurn(conversation: step.conversation, sender: sender, time: time, enquiry: step.enquiry, delivery: delivery)
        switch try await save(turn) {
        case .saved(let counted): return .answered(step.answer, counted: counted)
        case .duplicateDelivery: return .duplicateDelivery
        }
    }

    /// Saves a conversation alone (no referral, no delivery).
    public func save(_ conversation: Conversation, sender: String, at time: Date) async throws {
        _ = try await save(StoredTurn(conversation: conversation, sender: sender, time: time))
    }
}
