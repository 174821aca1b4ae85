import Foundation
import LotseCore

/// One turn for one sender: load the conversation, let the engine answer, save, return the
/// answer. Turns of one sender run in order inside this process (`SerialByKey`), and the store
/// keeps them apart across processes (`ConversationStore.turn`); the answer is returned only after
/// the save.
final class ConversationService: Sendable {
    let store: any ConversationStore
    let knowledge: KnowledgeHolder
    let metrics: Metrics
    let expiry: Double
    private let serial = SerialByKey()

    /// What a turn answers.
    struct Answer: Sendable {
        var messages: [BotMessage]
        var language: String
        var intent: Intent?
        var enquiry: Enquiry?
    }

    init(store: any ConversationStore, knowledge: KnowledgeHolder, metrics: Metrics, expiry: Double) {
        self.store = store
        self.knowledge = knowledge
        self.metrics = metrics
        self.expiry = expiry
    }

    var statistics: any StatisticsStore { store.statistics }

    /// `text` may be a button index `#n` (Telegram's short callback data) for the n-th button shown
    /// last. With a `delivery` id, nil when that delivery was answered before (by any server).
    func turn(sender: String, text: String, languageHint: String?, delivery: Int64? = nil) async throws -> Answer? {
        try await serial.run(sender) { [self] () async throws -> Answer? in
            let engine = knowledge.engine
            let now = Date()
            let outcome = try await unavailableAs503 {
                try await store.turn(sender: sender, notBefore: now.addingTimeInterval(-expiry), at: now, delivery: delivery) { stored in
                    var conversation = stored ?? Conversation(language: engine.knowledge.defaultLanguage)
                    var input = text
                    if input.hasPrefix("#"), let index = Int(input.dropFirst()), index >= 1, index <= conversation.lastButtons.count {
                        input = conversation.lastButtons[index - 1].payload
                    }
                    conversation.lastIntent = nil
                    let reply = engine.reply(to: input, in: &conversation, languageHint: languageHint)
                    return TurnStep(conversation: conversation, enquiry: reply.enquiry,
                                    answer: Answer(messages: reply.messages, language: conversation.language,
                                                   intent: conversation.lastIntent, enquiry: reply.enquiry))
                }
            }
            guard case .answered(let answer, let counted) = outcome else { return nil }
            metrics.increment("lotse_turns_total", [("intent", answer.intent?.rawValue ?? "none"), ("language", answer.language)])
            // A failure to count is measured but does not cost the person the answer.
            if let enquiry = answer.enquiry {
                metrics.increment("lotse_referrals_total", [("local", enquiry.offers.local > 0 ? "yes" : "no")])
                if !counted { metrics.increment("lotse_statistics_errors_total") }
            }
            return answer
        }
    }

    func erase(sender: String) async throws -> Bool { try await unavailableAs503 { try await store.delete(sender: sender) } }

    /// Seconds a client is asked to wait when the database is away: the store reconnects by itself.
    static let retryAfterUnavailable = 5

    /// A database that is away is the server's condition, not the request's: 503 with Retry-After.
    private func unavailableAs503<T>(_ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch is StoreUnavailable {
            metrics.increment("lotse_database_unavailable_total")
            throw APIError(.serviceUnavailable, "the database is unavailable; try again shortly",
                           headers: [.retryAfter: String(Self.retryAfterUnavailable)])
        }
    }
}
