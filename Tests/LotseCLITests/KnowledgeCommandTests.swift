import Foundation
import Testing
@testable import LotseCore

/// `lotse knowledge export/import` and `lotse check` as the people who keep the offers use them:
/// the real binary on a copy of the shipped knowledge base.
@Suite struct KnowledgeCommandTests {
    /// A copy of knowledge/ and intents/ in a temporary folder.
    func scratch() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-csv-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in ["knowledge", "intents"] {
            try FileManager.default.copyItem(atPath: CLITests.root + "/" + name, toPath: directory + "/" + name)
        }
        return directory
    }

    /// Every offer file's bytes, by name.
    func offerFiles(_ root: String) throws -> [String: Data] {
        let directory = root + "/knowledge/offers"
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            files[name] = FileManager.default.contents(atPath: directory + "/" + name)
        }
        return files
    }

    func run(_ arguments: [String], root: String) throws -> CLITests.Output {
        try CLITests.run(arguments + ["--root", root], directory: root)
    }

    @Test func exportThenImportLeavesEveryOfferFileByteIdenticalAndExportsTheSameSheet() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let before = try offerFiles(root)
        let export = try run(["knowledge", "export", "--output", root + "/offers.csv"], root: root)
        #expect(export.status == 0, "\(export.stderr)")
        let sheet = try #require(FileManager.default.contents(atPath: root + "/offers.csv"))
        #expect(sheet.starts(with: [0xEF, 0xBB, 0xBF]))  // UTF-8 byte order mark, for Excel
        let text = String(decoding: sheet, as: UTF8.self)
        #expect(text.contains("\r\n") && text.contains("title_ar") && text.contains("دورة الاندماج"))

        let imported = try run(["knowledge", "import", root + "/offers.csv"], root: root)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("0 added, 0 changed, 0 removed; 0 file(s) to write"))
        #expect(try offerFiles(root) == before)

        let again = try run(["knowledge", "export"], root: root)
        #expect(Data(again.stdout.utf8) == sheet)
        let check = try run(["check", "--no-coverage"], root: root)
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test func anEditedSheetChangesTheOffersTheAssistantUses() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let export = try run(["knowledge", "export", "--delimiter", "semicolon"], root: root)
        let table = try #require(CSVTable.read(export.stdout, file: "x", required: [], delimiter: ";", diagnostics: Diagnostics()))
        let column = { (name: String) in table.header.firstIndex(of: name)! }
        var rows = table.rows.map(\.values)
        // A changed phone, a new offer for Ludwigslust-Parchim, and the BVJ of Rostock removed.
        let bamf = try #require(rows.firstIndex { $0[0] == "bamf-buergerservice" })
        rows[bamf][column("phone")] = "+49 911 943-6390"
        var added = try #require(rows.first { $0[0] == "integrationskurs" })
        added[column("id")] = "parchim-sprachcafe"
        added[column("region")] = "13076"
        added[column("category")] = "adult_education"
        for (index, name) in table.header.enumerated() where name.hasPrefix("title_") { added[index] = "" }
        added[column("title_de")] = "Sprachcafé Parchim: Deutsch üben, \"ohne\" Anmeldung"
        added[column("title_ar")] = "مقهى اللغة في Parchim"
        added[column("notes")] = "hours: ask the office\nnew: not yet verified by phone"
        rows.removeAll { $0[0] == "rostock-bvj" }
        let sheet = CSVTable.format([table.header] + rows + [added], delimiter: ";")
        let path = root + "/edited.csv"
        try sheet.write(toFile: path, atomically: true, encoding: .utf8)
        let before = try offerFiles(root)

        let dryRun = try run(["knowledge", "import", path, "--dry-run"], root: root)
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        for line in ["changed  bamf-buergerservice (phone)", "added    parchim-sprachcafe → knowledge/offers/13076-ludwigslust-parchim.yml",
                     "removed  rostock-bvj ← knowledge/offers/13003-rostock.yml", "1 added, 1 changed, 1 removed; 3 file(s) to write",
                     "dry run: nothing written"] {
            #expect(dryRun.stdout.contains(line), "\(line)\n\(dryRun.stdout)")
        }
        #expect(try offerFiles(root) == before)

        let refused = try run(["knowledge", "import", path], root: root)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("1 offer(s) would be removed (rostock-bvj); pass --allow-removals"))
        #expect(try offerFiles(root) == before)

        let done = try run(["knowledge", "import", path, "--allow-removals"], root: root)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("wrote knowledge/offers/de.yml"))
        let after = try offerFiles(root)
        #expect(after.filter { before[$0.key] != $0.value }.keys.sorted() == ["13003-rostock.yml", "13076-ludwigslust-parchim.yml", "de.yml"])
        let lup = String(decoding: after["13076-ludwigslust-parchim.yml"]!, as: UTF8.self)
        #expect(lup.hasPrefix(String(decoding: before["13076-ludwigslust-parchim.yml"]!, as: UTF8.self) + "\n- id: parchim-sprachcafe\n"))
        #expect(lup.contains("  - \"hours: ask the office\"\n  - \"new: not yet verified by phone\"\n"))

        let check = try run(["check", "--no-coverage"], root: root)
        #expect(check.status == 0, "\(check.stdout)")
        let offers = try run(["offers", "--age", "34", "--level", "A1", "--place", "Parchim"], root: root)
        #expect(offers.stdout.contains("Sprachcafé Parchim: Deutsch üben, \"ohne\" Anmeldung"))
        let arabic = try run(["offers", "--age", "34", "--level", "A1", "--place", "Parchim", "--language", "ar", "--json"], root: root)
        #expect(arabic.stdout.contains("مقهى اللغة في Parchim"))
        let rostock = try run(["offers", "--age", "16", "--level", "A1", "--place", "Rostock", "--json"], root: root)
        #expect(rostock.status == 0 && !rostock.stdout.contains("rostock-bvj"))
        #expect(rostock.stdout.contains("mv-bvj"))
        let bamfOffer = try run(["offers", "--age", "34", "--level", "A1", "--place", "Köln", "--topic", "ask_counselling", "--json"], root: root)
        #expect(bamfOffer.stdout.contains("+49 911 943-6390"))

        // The sheet exported now is the edited one, row for row.
        let reexport = try run(["knowledge", "export", "--delimiter", "semicolon", "--no-bom"], root: root)
        let reread = try #require(CSVTable.read(reexport.stdout, file: "x", required: [], delimiter: ";", diagnostics: Diagnostics()))
        #expect(Set(reread.rows.map(\.values).map { $0.joined(separator: "|") }) == Set((rows + [added]).map { $0.joined(separator: "|") }))
    }

    @Test func aBrokenSheetIsRejectedWithItsLinesAndNothingIsWritten() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let export = try run(["knowledge", "export", "--no-bom"], root: root)
        let header = try #require(export.stdout.components(separatedBy: "\r\n").first)
        let text = export.stdout.replacingOccurrences(of: header, with: header + ",colour")
            .replacingOccurrences(of: "2026-02-28", with: "2026-13-01")
        let path = root + "/offers.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let before = try offerFiles(root)
        let output = try run(["knowledge", "import", path, "--allow-removals"], root: root)
        #expect(output.status == 1)
        #expect(output.stderr.contains("offers.csv:1: unknown column 'colour'"))
        #expect(output.stderr.contains("nothing written"))
        #expect(try offerFiles(root) == before)

        try text.replacingOccurrences(of: header + ",colour", with: header).write(toFile: path, atomically: true, encoding: .utf8)
        let dates = try run(["knowledge", "import", path, "--allow-removals"], root: root)
        #expect(dates.status == 1)
        let reported = dates.stderr.split(separator: "\n").filter { $0.contains("'2026-13-01' is not a date (YYYY-MM-DD)") }
        #expect(reported.count == text.components(separatedBy: "2026-13-01").count - 1)  // every row, each at its line
        let before2026 = try #require(text.range(of: "2026-13-01"))
        let firstLine = text[..<before2026.lowerBound].utf8.filter { $0 == UInt8(ascii: "\n") }.count + 1
        #expect(reported.first == "\(path):\(firstLine): column verified: '2026-13-01' is not a date (YYYY-MM-DD)")
        #expect(try offerFiles(root) == before)
    }

    @Test func checkWarnsAboutStaleDatesAndBadContactsAndShowsCoverage() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let clean = try run(["check"], root: root)
        #expect(clean.status == 0)
        #expect(!clean.stdout.contains("'integrationskurs' was last verified"), "offers checked this year are not stale")
        let table = try #require(clean.stdout.components(separatedBy: "Offers per category and region").last)
        #expect(table.contains("vocational_training") && table.contains("07316 Neustadt an der Weinstraße"))
        #expect(table.split(separator: "\n").allSatisfy { $0.count <= 100 })
        #expect(table.split(separator: "\n").contains { $0.hasPrefix("culture") && $0.contains("·") })

        let stale = try run(["check", "--stale-days", "30", "--no-coverage"], root: root)
        #expect(stale.status == 0)
        #expect(stale.stdout.contains("knowledge/offers/de.yml:"))
        #expect(stale.stdout.contains("warning: offer 'integrationskurs' was last verified"))
        #expect(!stale.stdout.contains("Offers per category"))
        #expect(try run(["check", "--stale-days", "-1"], root: root).status != 0)

        let file = root + "/knowledge/offers/07316-neustadt-weinstrasse.yml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "  contact:\n    url: https://www.neustadt.eu/",
                                      with: "  contact:\n    phone: ask at the desk\n    email: buero@neustadt\n    url: neustadt/")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let broken = try run(["check", "--no-coverage"], root: root)
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("'ask at the desk' is not a phone number"))
        #expect(broken.stdout.contains("'buero@neustadt' is not an e-mail address"))
        #expect(broken.stdout.contains("is not an http(s) URL"))
    }
}
