import Foundation

/// A calendar day without a time. Statistics keep the day of an enquiry and nothing finer, so the
/// order or hour of enquiries cannot be linked to anything else that carries a time (server logs).
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The offices are German: a day is a day in Germany, whatever time zone the server runs in.
    public static let timeZone = TimeZone(identifier: "Europe/Berlin")!

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = timeZone
        return calendar
    }()

    /// A valid date, or nil (`2026-02-30`).
    public init?(year: Int, month: Int, day: Int) {
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: Self.calendar) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day a moment falls on in Germany.
    public init(_ date: Date) {
        let parts = Self.calendar.dateComponents([.year, .month, .day], from: date)
        year = parts.year!
        month = parts.month!
        day = parts.day!
    }

    /// Reads `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`, as stored and as sorted.
    public var description: String { Self.digits(year, 4) + "-" + Self.digits(month, 2) + "-" + Self.digits(day, 2) }

    /// `number` zero-padded to `width` digits (`String(format:)` costs more than a statistics upsert).
    private static func digits(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return text.count < width ? String(repeating: "0", count: width - text.count) + text : text
    }

    /// Noon of the day: far from midnight, so daylight saving time never moves it to another day.
    public var date: Date { Self.calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))! }

    public func adding(days: Int) -> Day { Day(Self.calendar.date(byAdding: .day, value: days, to: date)!) }

    /// Days from this day to `other` (negative when `other` is earlier).
    public func days(to other: Day) -> Int { Self.calendar.dateComponents([.day], from: date, to: other.date).day! }

    /// The Monday of this day's ISO week.
    public var startOfWeek: Day {
        let weekday = Self.calendar.component(.weekday, from: date)  // 1 = Sunday … 7 = Saturday
        return adding(days: -((weekday + 5) % 7))
    }

    /// ISO 8601 week number and the year it belongs to (1 January may be in week 52 or 53 of the year before).
    public var isoWeek: (week: Int, year: Int) {
        let parts = Self.calendar.dateComponents([.weekOfYear, .yearForWeekOfYear], from: date)
        return (parts.weekOfYear!, parts.yearForWeekOfYear!)
    }

    public var startOfMonth: Day { Day(year: year, month: month, day: 1)! }

    public var startOfNextMonth: Day { month == 12 ? Day(year: year + 1, month: 1, day: 1)! : Day(year: year, month: month + 1, day: 1)! }

    public static func < (lhs: Day, rhs: Day) -> Bool { (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day) }
}
