import Foundation
import LotseCore
import PostgresNIO

/// Enquiry statistics in the `enquiries` table of PostgreSQL, the same rows as SQLite's
/// (`EnquiryRow`): one per day and combination of facts, counted up by an upsert, so the table
/// holds no row per person. The server counts a turn's referral in the turn's own transaction
/// (`PostgresConversationStore`); `lotse report` opens one that only reads.
public final class PostgresStatisticsStore: StatisticsStore, Sendable {
    let database: PostgresDatabase
    private let owned: Bool

    init(database: PostgresDatabase) {
        self.database = database
        owned = false
    }

    /// Opens the statistics for reading (`lotse report`): never creates or migrates tables.
    public init(readingFrom configuration: PostgresConfiguration, logger: Logger) async throws {
        database = try PostgresDatabase(configuration, logger: logger)
        owned = true
        do { try await PostgresSchema.checkReadable(database) } catch {
            database.abandon()
            throw error
        }
    }

    /// Closes the connections of a store opened for reading.
    public func close() async { if owned { await database.close() } }

    public func record(_ enquiry: Enquiry, on day: Day) async throws {
        try await database.perform("statistics") { [database] client in
            try await Self.add(enquiry, on: day, on: client, logger: database.logger)
        }
    }

    /// Counts one enquiry: on a connection within a turn's transaction, or on the pool.
    static func add(_ enquiry: Enquiry, on day: Day, on connection: some PostgresQueryRunner, logger: Logger) async throws {
        let row = EnquiryRow(enquiry, on: day)
        try await connection.run("""
            INSERT INTO enquiries (\(unescaped: EnquiryRow.columns), enquiries)
            VALUES (\(row.day), \(row.region), \(row.ageBand), \(row.level), \(row.topic), \(row.language),
                    \(row.localOffers), \(row.stateOffers), \(row.nationalOffers), 1)
            ON CONFLICT (\(unescaped: EnquiryRow.columns)) DO UPDATE SET enquiries = enquiries.enquiries + 1
            """, logger: logger)
    }

    public func enquiries(from first: Day, through last: Day) async throws -> [EnquiryCount] {
        try await database.perform("statistics report") { [database] client in
            let rows = try await client.query("""
                SELECT \(unescaped: EnquiryRow.columns), enquiries FROM enquiries
                WHERE day BETWEEN \(first.description) AND \(last.description)
                """, logger: database.logger)
            var counts: [EnquiryCount] = []
            for try await (day, region, ageBand, level, topic, language, local, state, national, enquiries)
                in rows.decode((String, String, String, String, String, String, Int, Int, Int, Int).self) {
                let row = EnquiryRow(day: day, region: region, ageBand: ageBand, level: level, topic: topic, language: language,
                                     localOffers: local, stateOffers: state, nationalOffers: national)
                if let count = row.count(enquiries) { counts.append(count) }
            }
            return counts
        }
    }

    public func deleteEnquiries(before day: Day) async throws -> Int {
        try await database.perform("statistics retention") { [database] client in
            try await client.count("WITH gone AS (DELETE FROM enquiries WHERE day < \(day.description) RETURNING 1) SELECT COUNT(*) FROM gone",
                                   logger: database.logger)
        }
    }
}
