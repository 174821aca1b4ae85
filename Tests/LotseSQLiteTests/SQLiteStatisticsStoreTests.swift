import Foundation
import Testing
import LotseCore
@testable import LotseSQLite

/// The statistics table on real SQLite files: counts, reopening, retention, reading while a server
/// holds the file, and the schema upgrade of a database written before statistics existed.
@Suite struct SQLiteStatisticsStoreTests {
    func temporaryPath() -> String { TemporaryDatabase.path("statistics") }
    func remove(_ path: String) { TemporaryDatabase.remove(path) }

    let parchim = TemporaryDatabase.parchim
    let cologne = Enquiry(region: .state("05"), ageBand: nil, level: nil, topic: .askOffers, language: "de", offers: OfferCounts())
    static func day(_ text: String) -> Day { Day(iso: text)! }

    @Test func equalEnquiriesOfADayAreOneCountAndSurviveReopening() throws {
        let path = temporaryPath()
        defer { remove(path) }
        do {
            let store = try SQLiteStatisticsStore(path: path)
            for _ in 0..<3 { try store.record(parchim, on: Self.day("2026-03-02")) }
            try store.record(parchim, on: Self.day("2026-03-03"))
            try store.record(cologne, on: Self.day("2026-03-03"))
        }
        let reopened = try SQLiteStatisticsStore(path: path, readOnly: true)
        let counts = try reopened.enquiries(from: Self.day("2026-03-01"), through: Self.day("2026-03-31"))
        #expect(Set(counts) == [EnquiryCount(day: Self.day("2026-03-02"), enquiry: parchim, count: 3),
                                EnquiryCount(day: Self.day("2026-03-03"), enquiry: parchim, count: 1),
                                EnquiryCount(day: Self.day("2026-03-03"), enquiry: cologne, count: 1)])
        #expect(try reopened.enquiries(from: Self.day("2026-03-03"), through: Self.day("2026-03-03")).count == 2)
        #expect(throws: SQLiteError.self) { try reopened.record(parchim, on: Self.day("2026-03-04")) }
    }

    @Test func retentionDeletesTheDaysBeforeTheCutoff() throws {
        let path = temporaryPath()
        defer { remove(path) }
        let store = try SQLiteStatisticsStore(path: path)
        for day in ["2024-01-31", "2024-02-01", "2026-03-02"] { try store.record(parchim, on: Self.day(day)) }
        #expect(try store.deleteEnquiries(before: Self.day("2024-02-01")) == 1)
        #expect(try store.enquiries(from: Self.day("2000-01-01"), through: Self.day("2100-01-01")).map(\.day.description).sorted()
                == ["2024-02-01", "2026-03-02"])
    }

    @Test func readingNeverCreatesOrGuesses() throws {
        let path = temporaryPath()
        defer { remove(path) }
        #expect { try SQLiteStatisticsStore(path: path, readOnly: true) } throws: { "\($0)".contains("no database at \(path)") }
        #expect(!FileManager.default.fileExists(atPath: path))
        FileManager.default.createFile(atPath: path, contents: nil)
        #expect { try SQLiteStatisticsStore(path: path, readOnly: true) } throws: { "\($0)".contains("holds no enquiry statistics") }
    }

    @Test func theServerHoldsTheFileAndOthersStillReadAndCount() throws {
        let path = temporaryPath()
        defer { remove(path) }
        let server = try SQLiteConversationStore(path: path)
        try server.enquiries.record(parchim, on: Self.day("2026-03-02"))
        #expect { try SQLiteConversationStore(path: path) } throws: { "\($0)".contains("in use by another lotse server") }
        // A report reads, and a terminal chat counts, while the server runs.
        let report = try SQLiteStatisticsStore(path: path, readOnly: true)
        #expect(try report.enquiries(from: Self.day("2026-03-01"), through: Self.day("2026-03-31")).first?.count == 1)
        try SQLiteStatisticsStore(path: path).record(parchim, on: Self.day("2026-03-02"))
        try server.enquiries.record(parchim, on: Self.day("2026-03-02"))
        #expect(try report.enquiries(from: Self.day("2026-03-01"), through: Self.day("2026-03-31")).first?.count == 3)
        #expect(server.isWritable())
    }

    @Test func aDatabaseOfVersionOneIsUpgradedWithItsConversations() throws {
        let path = temporaryPath()
        defer { remove(path) }
        do {
            let old = try SQLiteDatabase(path: path)
            try old.execute("""
                PRAGMA journal_mode=WAL;
                CREATE TABLE conversations (sender TEXT PRIMARY KEY NOT NULL, state BLOB NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE deliveries (id INTEGER PRIMARY KEY NOT NULL, seen_at INTEGER NOT NULL);
                PRAGMA user_version=1;
                """)
            let insert = try old.prepare("INSERT INTO conversations VALUES (?, ?, ?)")
            try insert.run(["a", ConversationCodec.encode(Conversation(language: "fa")), Int64(Date().timeIntervalSince1970 * 1000)])
        }
        let store = try SQLiteConversationStore(path: path)
        #expect(try store.load(sender: "a", notBefore: .distantPast)?.language == "fa")
        try store.enquiries.record(cologne, on: Self.day("2026-03-02"))
        #expect(try SQLiteSchema.userVersion(SQLiteDatabase(path: path, readOnly: true)) == SQLiteSchema.version)
    }

    @Test func aDatabaseOfANewerVersionIsRefused() throws {
        let path = temporaryPath()
        defer { remove(path) }
        try SQLiteDatabase(path: path).execute("PRAGMA user_version=99")
        #expect { try SQLiteStatisticsStore(path: path) } throws: { "\($0)".contains("newer version of Lotse (schema 99") }
    }
}
