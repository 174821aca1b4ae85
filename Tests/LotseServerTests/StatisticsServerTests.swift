import Foundation
import Testing
import LotseCore
@testable import LotseSQLite

/// Enquiry statistics written by a real `lotse serve`, read by `lotse report` while it runs, kept
/// free of text and sender ids, and deleted after their retention.
@Suite(.serialized) struct StatisticsServerTests {
    static let today = Day(Date())
    static let secrets = ["Zainab", "Deutschkurs", "heiße"]

    /// Runs the `lotse` binary to the end.
    static func lotse(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binary)
        process.arguments = arguments + ["--root", ServerProcess.root]
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// A whole conversation to a referral, with a name in the first message.
    static func converse(_ server: ServerProcess, sender: String) throws {
        for text in ["Ich heiße Zainab und suche einen Deutschkurs", "34", "A1", "Parchim"] {
            #expect(try server.post("/webhooks/rest/webhook", json: ["sender": sender, "message": text]).status == 200)
        }
    }

    /// Every value of every table, as text (blobs as bytes read as UTF-8).
    static func everyValue(_ path: String) throws -> [String] {
        let database = try SQLiteDatabase(path: path, readOnly: true)
        var tables: [String] = []
        try database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").query { tables.append($0.text(0)) }
        var values: [String] = []
        for table in tables {
            let select = try database.prepare("SELECT * FROM \"\(table)\"")
            try select.query { row in
                for column in 0..<row.columnCount { values.append(String(decoding: row.blob(column), as: UTF8.self)) }
            }
        }
        return values
    }

    @Test func servedReferralsAreCountedAndReportedWhileTheServerRuns() throws {
        let server = try ServerProcess()
        let senders = (1...6).map { "sender-\($0)-\(UUID().uuidString)" }
        for sender in senders { try Self.converse(server, sender: sender) }
        // «neu anfangen» and a child's enquiry in English from one more sender.
        for text in ["start again", "Kita for my daughter", "she is 2", "I live in Rostock"] {
            _ = try server.post("/webhooks/rest/webhook", json: ["sender": senders[0], "message": text])
        }

        // Read in-process and by `lotse report`, while the server holds the file.
        let counts = try SQLiteStatisticsStore(path: server.database, readOnly: true).enquiries(from: Self.today, through: Self.today)
        let parchim = counts.filter { $0.enquiry.region == .district("13076") }
        #expect(parchim.map(\.count) == [6])
        #expect(parchim.first?.enquiry.ageBand == .from27To44 && parchim.first?.enquiry.level == .a1)
        #expect(counts.filter { $0.enquiry.topic == .askChildcare }.map(\.count) == [1])
        let csv = try Self.lotse(["report", "--database", server.database, "--from", Self.today.description, "--to", Self.today.description,
                                  "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        // Seven referrals, each with a local offer (the district's adult education centre in Parchim,
        // the city's Kita registration in Rostock).
        #expect(lines.first { $0.first == "total" }?.suffix(3) == ["7", "0", "0"])
        // One Kita enquiry is fewer than 5, and 7 − 6 would give it away: both topics are hidden.
        #expect(lines.first { $0.first == "topic" && $0[1] == "ask_childcare" }?[9] == "<5")
        #expect(lines.first { $0.first == "topic" && $0[1] == "ask_language_course" }?.suffix(3) == ["•", "0", "0"])

        // The statistics hold neither what was typed nor who typed it.
        let database = try SQLiteDatabase(path: server.database, readOnly: true)
        var rows: [String] = []
        try database.prepare("SELECT * FROM enquiries").query { row in rows += (0..<10).map { row.text($0) } }
        #expect(!rows.isEmpty)
        for secret in Self.secrets + senders { #expect(!rows.contains { $0.contains(secret) }, "\(secret)") }
        #expect(try server.send("GET", "/health").status == 200)
    }

    @Test func noTextAndNoSenderIDRemainInTheFile() throws {
        let server = try ServerProcess(arguments: ["--expiry", "1", "--purge-interval", "1"])
        let senders = (1...3).map { "person-\($0)-\(UUID().uuidString)" }
        for sender in senders { try Self.converse(server, sender: sender) }
        // The conversations expire and are purged; the statistics stay.
        var waited = 0
        while (try? server.send("GET", "/health").json as? [String: Any])?["conversations"] as? Int != 0 && waited < 100 {
            usleep(100_000)
            waited += 1
        }
        server.stop()
        let values = try Self.everyValue(server.database)
        #expect(values.contains("ask_language_course"))
        var bytes = Data()
        for suffix in ["", "-wal", "-shm"] { bytes += (try? Data(contentsOf: URL(fileURLWithPath: server.database + suffix))) ?? Data() }
        for secret in Self.secrets + senders {
            #expect(!values.contains { $0.contains(secret) }, "\(secret) in a table")
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) in the file's bytes")
        }
    }

    @Test func statisticsPastTheirRetentionAreDeletedAtStart() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-retention-\(UUID().uuidString).sqlite").path
        let enquiry = Enquiry(region: .district("13003"), ageBand: .upTo5, level: nil, topic: .askChildcare, language: "ar", offers: OfferCounts(local: 2))
        do {
            let store = try SQLiteStatisticsStore(path: path)
            try store.record(enquiry, on: Self.today.adding(days: -31))
            try store.record(enquiry, on: Self.today.adding(days: -29))
        }
        let server = try ServerProcess(arguments: ["--statistics-retention-days", "30"], database: path)
        let reader = try SQLiteStatisticsStore(path: path, readOnly: true)
        func days() throws -> [String] {
            try reader.enquiries(from: Self.today.adding(days: -400), through: Self.today).map(\.day.description).sorted()
        }
        _ = ServerProcess.waitUntil(timeout: 60) { ((try? days().count) ?? 2) <= 1 }
        #expect(try days() == [Self.today.adding(days: -29).description])
        #expect(try server.send("GET", "/health").status == 200)
    }
}
