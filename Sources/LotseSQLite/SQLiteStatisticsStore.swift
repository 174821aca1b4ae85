import CSQLite
import Foundation
import LotseCore

/// Enquiry statistics in the `enquiries` table of a Lotse database: one row per day and
/// combination of facts with its count, so recording is one short upsert and the file holds no
/// row per person. The server shares its connection with the conversation store
/// (`SQLiteConversationStore.statistics`); `lotse chat --database` opens one of its own, and
/// `lotse report` one that only reads, while the server runs.
public final class SQLiteStatisticsStore: StatisticsStore, @unchecked Sendable {
    private let database: SQLiteDatabase
    private let upsert: Statement?
    private let select: Statement
    private let delete: Statement?

    static let columns = EnquiryRow.columns

    /// Opens a database file for recording (creating it and its tables when needed) or, with
    /// `readOnly`, for reading an existing one without ever writing it.
    public convenience init(path: String, readOnly: Bool = false) throws {
        if readOnly {
            guard FileManager.default.fileExists(atPath: path) else { throw DatabaseError.missing(path: path) }
            let database = try SQLiteDatabase(path: path, readOnly: true)
            try database.execute("PRAGMA busy_timeout=5000")
            var tables = 0
            try database.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'enquiries'").query { tables = Int($0.int(0)) }
            guard tables == 1 else { throw DatabaseError.noStatistics(path: path) }
            try self.init(database: database, writable: false)
        } else {
            let database = try SQLiteDatabase(path: path)
            try SQLiteSchema.prepare(database, path: path)
            try self.init(database: database, writable: true)
        }
    }

    /// Shares a prepared connection (the server's).
    init(database: SQLiteDatabase, writable: Bool) throws {
        self.database = database
        upsert = writable ? try database.prepare("""
            INSERT INTO enquiries (\(Self.columns), enquiries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
            ON CONFLICT (\(Self.columns)) DO UPDATE SET enquiries = enquiries + 1
            """) : nil
        select = try database.prepare("SELECT \(Self.columns), enquiries FROM enquiries WHERE day BETWEEN ? AND ?")
        delete = writable ? try database.prepare("DELETE FROM enquiries WHERE day < ?") : nil
    }

    public func record(_ enquiry: Enquiry, on day: Day) throws {
        try database.serialized { try add(enquiry, on: day) }
    }

    /// Counts one enquiry in the transaction under way (call with the connection held): the server
    /// counts a referral in the same group commit as the conversation that made it.
    func add(_ enquiry: Enquiry, on day: Day) throws {
        guard let upsert else { throw SQLiteError(code: SQLITE_READONLY, message: "the statistics were opened for reading") }
        let row = EnquiryRow(enquiry, on: day)
        try upsert.run([row.day, row.region, row.ageBand, row.level, row.topic, row.language,
                        row.localOffers, row.stateOffers, row.nationalOffers])
    }

    public func enquiries(from first: Day, through last: Day) throws -> [EnquiryCount] {
        try database.serialized {
            var counts: [EnquiryCount] = []
            try select.query([first.description, last.description]) { row in
                if let count = Self.count(row) { counts.append(count) }
            }
            return counts
        }
    }

    public func deleteEnquiries(before day: Day) throws -> Int {
        guard let delete else { throw SQLiteError(code: SQLITE_READONLY, message: "the statistics were opened for reading") }
        return try database.serialized {
            try delete.run([day.description])
            return database.changes
        }
    }

    /// A row as a count; nil for a row this version cannot read (a topic it does not know).
    private static func count(_ row: Statement) -> EnquiryCount? {
        EnquiryRow(day: row.text(0), region: row.text(1), ageBand: row.text(2), level: row.text(3), topic: row.text(4),
                   language: row.text(5), localOffers: Int(row.int(6)), stateOffers: Int(row.int(7)),
                   nationalOffers: Int(row.int(8))).count(Int(row.int(9)))
    }
}
