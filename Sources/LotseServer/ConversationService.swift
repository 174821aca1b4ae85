import Foundation
import LotseCore

/// One turn for one sender: load the conversation, let the engine answer, save, return the
/// answer. Turns of one sender run in order; the answer is returned only after the save.
final class ConversationService: Sendable {
    let store: any ConversationStore
    let statistics: any StatisticsStore
    let knowledge: KnowledgeHolder
    let metrics: Metrics
    let expiry: Double
    private let serial = SerialByKey()

    init(store: any ConversationStore, statistics: any StatisticsStore, knowledge: KnowledgeHolder, metrics: Metrics, expiry: Double) {
        self.store = store
        self.statistics = statistics
        self.knowledge = knowledge
        self.metrics = metrics
        self.expiry = expiry
    }

    /// `text` may be a button index `#n` (Telegram's short callback data) for the n-th button shown last.
    func turn(sender: String, text: String, languageHint: String?) async throws -> (messages: [BotMessage], language: String) {
        try await serial.run(sender) { [self] () async throws -> (messages: [BotMessage], language: String) in
            let engine = knowledge.engine
            let now = Date()
            var conversation = try store.load(sender: sender, notBefore: now.addingTimeInterval(-expiry))
                ?? Conversation(language: engine.knowledge.defaultLanguage)
            var input = text
            if input.hasPrefix("#"), let index = Int(input.dropFirst()), (1...max(1, conversation.lastButtons.count)).contains(index),
               index <= conversation.lastButtons.count {
                input = conversation.lastButtons[index - 1].payload
            }
            conversation.lastIntent = nil
            let reply = engine.reply(to: input, in: &conversation, languageHint: languageHint)
            // The referral is counted with the save; a failure to count is measured but does not
            // cost the person the answer.
            let counted = try await store.save(conversation, sender: sender, at: now, counting: reply.enquiry, in: statistics)
            metrics.increment("lotse_turns_total", [("intent", conversation.lastIntent?.rawValue ?? "none"), ("language", conversation.language)])
            if let enquiry = reply.enquiry {
                metrics.increment("lotse_referrals_total", [("local", enquiry.offers.local > 0 ? "yes" : "no")])
                if !counted { metrics.increment("lotse_statistics_errors_total") }
            }
            return (reply.messages, conversation.language)
        }
    }

    func erase(sender: String) throws -> Bool { try store.delete(sender: sender) }
}
