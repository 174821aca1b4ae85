import Foundation
import Testing
import LotseCore
@testable import LotseSQLite

/// `lotse chat --database` counting referrals, and `lotse report` in its three formats, through
/// the real binary; the HTML page rendered by Chromium and looked at as a picture.
@Suite struct ReportCLITests {
    static let today = Day(Date())

    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("lotse-report-\(UUID().uuidString)-\(name)").path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// March 2026: 12 language-course enquiries from Ludwigslust-Parchim without a local offer,
    /// 7 Kita enquiries from Rostock, 2 from Cologne.
    static func seeded() throws -> String {
        let path = temporary("seeded.sqlite")
        let store = try SQLiteStatisticsStore(path: path)
        let parchim = Enquiry(region: .district("13076"), ageBand: .from27To44, level: .a1, topic: .askLanguageCourse, language: "ar",
                              offers: OfferCounts(national: 9))
        let rostock = Enquiry(region: .district("13003"), ageBand: .upTo5, level: nil, topic: .askChildcare, language: "uk",
                              offers: OfferCounts(local: 2, national: 1))
        let cologne = Enquiry(region: .state("05"), ageBand: .from18To26, level: .b1, topic: .askVocational, language: "de",
                              offers: OfferCounts(national: 3))
        for index in 0..<12 { try store.record(parchim, on: Day(iso: index < 6 ? "2026-03-02" : "2026-03-16")!) }
        for _ in 0..<7 { try store.record(rostock, on: Day(iso: "2026-03-10")!) }
        for _ in 0..<2 { try store.record(cologne, on: Day(iso: "2026-03-20")!) }
        return path
    }

    static func report(_ database: String, _ more: [String] = []) throws -> CLITests.Output {
        try CLITests.run(["report", "--database", database, "--from", "2026-03-01", "--to", "2026-03-31"] + more)
    }

    @Test func chatWithADatabaseCountsEachReferralAndKeepsNoConversation() throws {
        let path = Self.temporary("chat.sqlite")
        defer { Self.remove(path) }
        let visit = "Ich heiße Zainab und suche einen Deutschkurs\n34\nA1\nParchim\nneu anfangen\n"
        let output = try CLITests.run(["chat", "--database", path], input: String(repeating: visit, count: 5) + "Kita\n3\nRostock\n")
        #expect(output.status == 0, "\(output.stderr)")
        let counts = try SQLiteStatisticsStore(path: path, readOnly: true).enquiries(from: Self.today, through: Self.today)
        #expect(counts.filter { $0.enquiry.region == .district("13076") && $0.enquiry.topic == .askLanguageCourse }.map(\.count) == [5])
        #expect(counts.filter { $0.enquiry.region == .district("13003") && $0.enquiry.ageBand == .upTo5 }.map(\.count) == [1])
        var conversations = -1
        try SQLiteDatabase(path: path, readOnly: true).prepare("SELECT COUNT(*) FROM conversations").query { conversations = Int($0.int(0)) }
        #expect(conversations == 0)
        let bytes = (try Data(contentsOf: URL(fileURLWithPath: path))) + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data("Zainab".utf8)) == nil)

        let report = try CLITests.run(["report", "--database", path, "--from", Self.today.description, "--to", Self.today.description])
        #expect(report.stdout.contains("Anfragen: 6 "), "\(report.stdout)")
    }

    /// Without --from/--to the report covers the last full quarter and says so; one without the
    /// other is an error.
    @Test func withoutAPeriodTheLastFullQuarterIsReportedAndNamed() throws {
        let thisQuarter = Day(year: Self.today.year, month: (Self.today.month - 1) / 3 * 3 + 1, day: 1)!
        let lastDay = thisQuarter.adding(days: -1)
        let firstDay = Day(year: lastDay.year, month: (lastDay.month - 1) / 3 * 3 + 1, day: 1)!
        let path = Self.temporary("quarter.sqlite")
        defer { Self.remove(path) }
        let store = try SQLiteStatisticsStore(path: path)
        let enquiry = Enquiry(region: .district("13076"), ageBand: .from27To44, level: .a1, topic: .askLanguageCourse, language: "ar",
                              offers: OfferCounts(national: 9))
        for (day, count) in [(firstDay.adding(days: -1), 3), (firstDay, 6), (lastDay, 5), (thisQuarter, 7)] {
            for _ in 0..<count { try store.record(enquiry, on: day) }
        }
        let output = try CLITests.run(["report", "--database", path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Anfragen: 11 "), "\(output.stdout)")
        #expect(output.stderr.contains("the last full quarter, \(firstDay) to \(lastDay)"), "\(output.stderr)")
        let half = try CLITests.run(["report", "--database", path, "--from", firstDay.description])
        #expect(half.status == 64)
        #expect(half.stderr.contains("--from and --to go together"), "\(half.stderr)")
    }

    @Test func chatWithoutADatabaseWritesNothing() throws {
        let directory = Self.temporary("dir")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = try CLITests.run(["chat", "--root", CLITests.root], input: "Deutschkurs\n34\nA1\nParchim\n", directory: directory)
        #expect(output.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func reportInTheTerminalForAllOrOneRegion() throws {
        let path = try Self.seeded()
        defer { Self.remove(path) }
        let all = try Self.report(path)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.hasPrefix("Anfragen an Lotse\nZeitraum: 01.03.2026 – 31.03.2026 · Region: alle Regionen\n"))
        #expect(all.stdout.contains("Anfragen: 21 · Ohne örtliches Angebot: 12 "))
        #expect(all.stdout.contains("Verlauf nach Wochen"))
        #expect(all.stdout.contains("Deutschkurs  Ludwigslust-Parchim  alle"))
        let rostock = try Self.report(path, ["--region", "Rostock"])
        #expect(rostock.stdout.contains("Region: Rostock") && rostock.stdout.contains("Anfragen: 7 "))
        let state = try Self.report(path, ["--region", "mecklenburg-vorpommern"])
        #expect(state.stdout.contains("Anfragen: 19 "))
        let english = try Self.report(path, ["--language", "en"])
        #expect(english.stdout.hasPrefix("Enquiries to Lotse\n"))
        let empty = try CLITests.run(["report", "--database", path, "--from", "2025-01-01", "--to", "2025-01-31"])
        #expect(empty.status == 0)
        #expect(empty.stdout.contains("In diesem Zeitraum und dieser Region wurden keine Anfragen erfasst."))
    }

    @Test func reportRejectsBadArgumentsClearly() throws {
        let path = try Self.seeded()
        defer { Self.remove(path) }
        let region = try Self.report(path, ["--region", "Atlantis"])
        #expect(region.status != 0)
        #expect(region.stderr.contains("unknown region 'Atlantis'") && region.stderr.contains("13076 Ludwigslust-Parchim"))
        let order = try CLITests.run(["report", "--database", path, "--from", "2026-03-31", "--to", "2026-03-01"])
        #expect(order.status != 0 && order.stderr.contains("--from must not be after --to"))
        let date = try CLITests.run(["report", "--database", path, "--from", "2026-02-30", "--to", "2026-03-01"])
        #expect(date.status != 0 && date.stderr.contains("--from"))
        let missing = try Self.report(path + "-nothing")
        #expect(missing.status != 0 && missing.stderr.contains("no database at \(path)-nothing"))
        #expect(!FileManager.default.fileExists(atPath: path + "-nothing"))
    }

    @Test func csvFollowsTheOutputFilesExtension() throws {
        let path = try Self.seeded()
        let output = Self.temporary("report.csv")
        defer { Self.remove(path); try? FileManager.default.removeItem(atPath: output) }
        #expect(try Self.report(path, ["--output", output]).status == 0)
        let rows = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.first?.count == 12 && rows.allSatisfy { $0.count == 12 })
        #expect(rows.first { $0.first == "total" }?.suffix(3) == ["21", "12", "0"])
        #expect(rows.first { $0.first == "region" && $0[2] == "05" }?[9] == "<5")
    }

    @Test(Chromium.needed)
    func htmlReportRendersAsAPicture() throws {
        let path = try Self.seeded()
        let html = Self.temporary("report.html"), blank = Self.temporary("blank.html")
        let (picture, blankPicture) = (html + ".png", blank + ".png")
        defer { for file in [html, blank, picture, blankPicture] { try? FileManager.default.removeItem(atPath: file) }; Self.remove(path) }
        #expect(try Self.report(path, ["--output", html]).status == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<svg"))
        try "<!DOCTYPE html><html><body></body></html>".write(toFile: blank, atomically: true, encoding: .utf8)
        #expect(try Chromium.render(html, ["--screenshot=\(picture)", "--window-size=1240,1754"]) == 0)
        #expect(try Chromium.render(blank, ["--screenshot=\(blankPicture)", "--window-size=1240,1754"]) == 0)
        // A white page compresses to almost nothing; text, tables and charts do not.
        let size = try FileManager.default.attributesOfItem(atPath: picture)[.size] as? Int ?? 0
        let blankSize = try FileManager.default.attributesOfItem(atPath: blankPicture)[.size] as? Int ?? 0
        #expect(size > 40_000 && size > 8 * blankSize, "report \(size) bytes, blank page \(blankSize) bytes")
        let header = try Data(contentsOf: URL(fileURLWithPath: picture)).prefix(24)
        #expect(header.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // IHDR: 1240 × 1754 pixels.
        #expect(Array(header[16..<24]) == [0, 0, 0x04, 0xD8, 0, 0, 0x06, 0xDA])
    }
}

/// `--database` names a SQLite file by path or `sqlite:` URL, and PostgreSQL by `postgres://`; a
/// URL that does not parse is refused by name, before anything is opened.
@Suite struct DatabaseLocationCLITests {
    @Test func aSQLiteURLIsTheSameFileAsItsPath() throws {
        let path = try ReportCLITests.seeded()
        defer { ReportCLITests.remove(path) }
        let byPath = try ReportCLITests.report(path)
        let byURL = try ReportCLITests.report("sqlite:" + path)
        #expect(byURL.status == 0, "\(byURL.stderr)")
        #expect(byURL.stdout == byPath.stdout)
        #expect(byURL.stdout.contains("Anfragen: 21 "))
    }

    @Test func aPostgresURLWithoutAUserOrWithABadSSLModeIsRefusedByName() throws {
        let noUser = try ReportCLITests.report("postgres://127.0.0.1/lotse")
        #expect(noUser.status != 0)
        #expect(noUser.stderr.contains("invalid PostgreSQL URL: no user"), "\(noUser.stderr)")
        let badMode = try ReportCLITests.report("postgres://lotse@127.0.0.1/lotse", ["--database-sslmode", "sometimes"])
        #expect(badMode.status != 0)
        #expect(badMode.stderr.contains("--database-sslmode must be one of disable, prefer, require, verify-ca, verify-full"), "\(badMode.stderr)")
        let chat = try CLITests.run(["chat", "--database", "postgres://lotse@127.0.0.1/lotse"], input: "hallo\n")
        #expect(chat.status != 0)
        #expect(chat.stderr.contains("lotse chat records statistics into a SQLite file"), "\(chat.stderr)")
    }
}
