import Foundation

/// Enquiry counts in memory: the statistics of `InMemoryConversationStore`, and a reference for
/// the contract suite the database stores pass.
public final class InMemoryStatisticsStore: StatisticsStore, @unchecked Sendable {
    private struct Key: Hashable { var day: Day; var enquiry: Enquiry }
    private let lock = NSLock()
    private var counts: [Key: Int] = [:]

    public init() {}

    public func record(_ enquiry: Enquiry, on day: Day) {
        lock.withLock { counts[Key(day: day, enquiry: enquiry), default: 0] += 1 }
    }

    public func enquiries(from first: Day, through last: Day) -> [EnquiryCount] {
        lock.withLock {
            counts.filter { $0.key.day >= first && $0.key.day <= last }
                .map { EnquiryCount(day: $0.key.day, enquiry: $0.key.enquiry, count: $0.value) }
        }
    }

    public func deleteEnquiries(before day: Day) -> Int {
        lock.withLock {
            let old = counts.keys.filter { $0.day < day }
            old.forEach { counts.removeValue(forKey: $0) }
            return old.count
        }
    }
}
