/// The answer to one message: what to show, and the referral it made, as anonymous statistics
/// for front ends that record them (`StatisticsStore`). The engine itself stores nothing.
public struct Reply: Sendable {
    public var messages: [BotMessage]
    /// Set when this turn referred: gave the list of fitting offers or said that none fits.
    public var enquiry: Enquiry?
}
