import Foundation

/// What one turn writes: the conversation after it, the referral it made (counted in the
/// statistics) and the id of the delivery that carried it (Telegram's `update_id`), so that a
/// delivery retried after its answer was lost is recognised — by every server on the database.
public struct StoredTurn: Sendable {
    public var conversation: Conversation
    public var sender: String
    public var time: Date
    public var enquiry: Enquiry?
    public var delivery: Int64?

    public init(conversation: Conversation, sender: String, time: Date, enquiry: Enquiry? = nil, delivery: Int64? = nil) {
        self.conversation = conversation
        self.sender = sender
        self.time = time
        self.enquiry = enquiry
        self.delivery = delivery
    }
}

/// What a store did with a `StoredTurn`.
public enum SaveOutcome: Sendable, Equatable {
    /// Written; `counted` is false when the referral could not be counted (the turn still stands).
    case saved(counted: Bool)
    /// The delivery id had been saved before: nothing was written.
    case duplicateDelivery
}

/// What `respond` makes of a turn inside `ConversationStore.turn`: the state to save, the referral
/// to count, and the answer for the caller.
public struct TurnStep<Answer: Sendable>: Sendable {
    public var conversation: Conversation
    public var enquiry: Enquiry?
    public var answer: Answer

    public init(conversation: Conversation, enquiry: Enquiry?, answer: Answer) {
        self.conversation = conversation
        self.enquiry = enquiry
        self.answer = answer
    }
}

/// How a turn ended once its save returned.
public enum TurnOutcome<Answer: Sendable>: Sendable {
    case answered(Answer, counted: Bool)
    /// The delivery was answered before (by this or another server); it must not be answered again.
    case duplicateDelivery
}
