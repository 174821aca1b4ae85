/// Where anonymous enquiry statistics are kept. Small and async on purpose, like
/// `ConversationStore`, so that another backend can be added without touching the dialogue, the
/// server or the report.
///
/// A store keeps counts of `Enquiry` values per day — never text, sender ids, exact ages or times.
public protocol StatisticsStore: Sendable {
    /// Counts one enquiry on `day`; durable once this returns.
    func record(_ enquiry: Enquiry, on day: Day) async throws
    /// The counts of the days from `first` through `last`.
    func enquiries(from first: Day, through last: Day) async throws -> [EnquiryCount]
    /// Deletes the counts of the days before `day` (retention); returns how many rows went.
    func deleteEnquiries(before day: Day) async throws -> Int
}
