import Foundation
import Testing
import Yams
@testable import LotseCore

/// The offer sheet (CSV) and the offer files' writer: edge cases of both formats, the exact round
/// trip of the shipped offers, and every kind of bad row reported at its line and column.
@Suite struct OfferSheetTests {
    static let catalogue: OfferCatalogue = {
        let (catalogue, problems) = KnowledgeLoader(root: Fixtures.root).offerCatalogue()
        precondition(!problems.contains { $0.severity == .error }, "\(problems)")
        return catalogue
    }()

    // MARK: CSV

    @Test func csvReadsQuotesLineBreaksByteOrderMarkAndCRLF() throws {
        let text = "\u{FEFF}id,text,more\r\n"
            + "a,\"comma, and \"\"quotes\"\"\",x\r\n"
            + "b,\"two\nlines\",\"and\r\nthree\nlines\"\r\n"
            + "c,مرحبا بكم,Привет\r\n"
        let diagnostics = Diagnostics()
        let table = try #require(CSVTable.read(text, file: "t.csv", required: ["id"], diagnostics: diagnostics))
        #expect(diagnostics.problems.isEmpty)
        #expect(table.header == ["id", "text", "more"])
        #expect(table.rows.map(\.values) == [["a", "comma, and \"quotes\"", "x"], ["b", "two\nlines", "and\r\nthree\nlines"],
                                             ["c", "مرحبا بكم", "Привет"]])
        #expect(table.rows.map(\.line) == [2, 3, 7])
        #expect(table.rows[1].line(ofField: 2) == 4)
    }

    @Test func csvWithoutQuotesSemicolonsAndLF() throws {
        let diagnostics = Diagnostics()
        let table = try #require(CSVTable.read("id;name\nx;Київ\n\ny;Şanlıurfa\n", file: "t.csv", required: [], delimiter: ";",
                                               diagnostics: diagnostics))
        #expect(table.rows.map(\.values) == [["x", "Київ"], ["y", "Şanlıurfa"]])
        #expect(table.rows.map(\.line) == [2, 4])
    }

    @Test func csvWriterQuotesOnlyWhatNeedsIt() throws {
        let records = [["id", "text"], ["plain", "a, b"], ["q\"uote", "line\nbreak"], ["ar", "دورة الاندماج; курс"], ["", ""]]
        let text = CSVTable.format(records)
        #expect(text.hasPrefix("id,text\r\nplain,\"a, b\"\r\n\"q\"\"uote\",\"line\nbreak\"\r\n"))
        #expect(text.contains("ar,دورة الاندماج; курс\r\n"))
        let table = try #require(CSVTable.read(text, file: "t.csv", required: [], diagnostics: Diagnostics()))
        #expect([table.header] + table.rows.map(\.values) == records.dropLast())  // a row of empty cells is no row
        let semicolons = CSVTable.format(records, delimiter: ";")
        #expect(semicolons.contains("ar,\"دورة الاندماج; курс\"") == false)
        #expect(semicolons.contains("ar;\"دورة الاندماج; курс\""))
        #expect(OfferSheet.delimiter(of: "\u{FEFF}id;category") == ";")
        #expect(OfferSheet.delimiter(of: "id,category") == ",")
    }

    // MARK: YAML scalars

    @Test(arguments: ["no", "yes", "off", "07", "13076", "0x1F", "1.5", "null", "~", "", "2026-02-28", "a: b", "x # y", "#x",
                      "[S1] https://example.org", "- x", "{a}", "@x", "`x", "%x", "&x", "*x", "!x", "|", ">", "?", " lead",
                      "trail ", "multi\nline", "tab\there", "\"quoted\"", "it's", "back\\slash", "مرحبا: بكم", "Привет #1",
                      "Mo–Fr 9:00–11:00", "+49 911 943-0", "\u{202E}bidi"])
    func scalarsReadBackAsTheSameText(_ text: String) throws {
        let yaml = "key: " + YAMLScalar.render(text) + "\nlist:\n- " + YAMLScalar.render(text) + "\n"
        let node = try #require(try Yams.compose(yaml: yaml))
        #expect(node["key"]?.scalar?.string == text)
        #expect(node["key"]?.tag.rawValue == Tag.Name.str.rawValue, "\(yaml)")
        #expect(node["list"]?[0]?.scalar?.string == text)
    }

    @Test func plainWhereYAMLAllowsIt() {
        #expect(YAMLScalar.render("Integrationskurs (دورة الاندماج)") == "Integrationskurs (دورة الاندماج)")
        #expect(YAMLScalar.render("no") == "\"no\"")
        #expect(YAMLScalar.render("07") == "\"07\"")
        #expect(YAMLScalar.render("[S1] x") == "\"[S1] x\"")
        #expect(YAMLScalar.render("2026-02-28", typed: true) == "2026-02-28")
        #expect(YAMLScalar.render("16", typed: true) == "16")
    }

    // MARK: Round trip

    @Test func everyShippedOfferFileIsWrittenBackByteForByteFromTheSheet() throws {
        let catalogue = Self.catalogue
        let (offers, problems) = KnowledgeLoader(root: Fixtures.root).readOfferSheet(catalogue.sheet(), file: "offers.csv", catalogue: catalogue)
        #expect(!problems.contains { $0.severity == .error }, "\(problems)")
        #expect(offers.count == catalogue.offers.count)
        let fromSheet = Dictionary(uniqueKeysWithValues: offers.map { ($0.id, $0) })
        let writer = OfferYAMLWriter(languages: catalogue.languages)
        for file in catalogue.files {
            let rewritten = writer.file(header: file.header, offers: file.offers.map { fromSheet[$0.id]! })
            #expect(rewritten == file.text, "\(file.name) differs from what the writer makes of the sheet")
        }
        #expect(OfferSheet.csv(offers, languages: catalogue.languages) == catalogue.sheet())
        let plan = OfferImport(catalogue: catalogue, offers: offers, reformat: false)
        #expect(plan.changes.isEmpty && plan.writes.isEmpty && plan.problems.isEmpty)
    }

    @Test func notesAndHeadersOfTheShippedFilesSurvive() throws {
        let catalogue = Self.catalogue
        let offer = try #require(catalogue.offers.first { $0.id == "integrationskurs" })
        #expect(offer.notes.contains { $0.hasPrefix("conditions: time-dependent:") })
        let file = try #require(catalogue.files.first { $0.name == "de.yml" })
        #expect(file.header.hasPrefix("# Nationwide offers"))
        #expect(file.header.contains("Not listed on purpose: Jugendintegrationskurs"))
    }

    @Test func textsInLanguagesWithoutALanguageFileAreKept() throws {
        let root = try Fixtures.scratchCopy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/knowledge/offers/07316-neustadt-weinstrasse.yml"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let marker = "    fr: Bildungskoordination für Neuzugewanderte (coordination"
        try original.replacingOccurrences(of: marker, with: "    it: Coordinamento\n    \"no\": Koordinering\n" + marker)
            .write(toFile: path, atomically: true, encoding: .utf8)
        let loader = KnowledgeLoader(root: root)
        let (catalogue, problems) = loader.offerCatalogue()
        #expect(!problems.contains { $0.severity == .error }, "\(problems)")
        let sheet = catalogue.sheet()
        #expect(sheet.contains(",title_fr,title_it,title_no,description_de,"))
        let (offers, sheetProblems) = loader.readOfferSheet(sheet, file: "offers.csv", catalogue: catalogue)
        #expect(!sheetProblems.contains { $0.severity == .error })
        let offer = try #require(offers.first { $0.id == "neustadt-bildungskoordination" })
        #expect(offer.title.texts["it"] == "Coordinamento" && offer.title.texts["no"] == "Koordinering")
        let plan = OfferImport(catalogue: catalogue, offers: offers, reformat: true)
        let written = try #require(plan.writes.first { $0.path == path }).text
        #expect(written.contains("\n    it: Coordinamento\n    \"no\": Koordinering\n  description:\n"))
    }

    // MARK: Bad rows

    /// The shipped sheet with the given cells replaced (row 0 is the first offer).
    func sheet(_ edits: [(row: Int, column: String, value: String)] = [], header: (([String]) -> [String])? = nil,
               extraRows: [[String]] = []) throws -> String {
        let table = try #require(CSVTable.read(Self.catalogue.sheet(byteOrderMark: false), file: "x", required: [], diagnostics: Diagnostics()))
        var rows = table.rows.map(\.values)
        for edit in edits { rows[edit.row][table.header.firstIndex(of: edit.column)!] = edit.value }
        return CSVTable.format([header?(table.header) ?? table.header] + rows + extraRows)
    }

    func problems(_ text: String) -> [String] {
        KnowledgeLoader(root: Fixtures.root).readOfferSheet(text, file: "offers.csv", catalogue: Self.catalogue).problems
            .filter { $0.severity == .error }.map(\.description)
    }

    /// The line each row starts on in the text `sheet()` makes.
    func lines(_ text: String) throws -> [Int] {
        try #require(CSVTable.read(text, file: "x", required: [], diagnostics: Diagnostics())).rows.map(\.line)
    }

    /// The line a cell starts on (cells before it may span lines).
    func line(_ text: String, row: Int, column: String) throws -> Int {
        let table = try #require(CSVTable.read(text, file: "x", required: [], diagnostics: Diagnostics()))
        return table.rows[row].line(ofField: try #require(table.header.firstIndex(of: column)))
    }

    @Test func everyBadCellIsReportedAtItsLineAndColumn() throws {
        let text = try sheet([(0, "verified", "2026-13-01"), (1, "category", "yoga"), (2, "topics", "ask_school\nask_weather"),
                              (3, "min_level", "D1"), (4, "min_age", "30"), (4, "max_age", "20"), (5, "region", "7315"),
                              (6, "title_de", ""), (7, "email", "not-an-address"), (8, "phone", "call us"),
                              (9, "url", "www"), (10, "id", "Bad_ID"), (11, "max_age", "ten"), (12, "id", "rlp-schule")])
        let line = try lines(text)
        func at(_ row: Int, _ column: String) throws -> Int { try self.line(text, row: row, column: column) }
        let found = problems(text)
        let expected = [
            "offers.csv:\(try at(0, "verified")): column verified: '2026-13-01' is not a date (YYYY-MM-DD)",
            "offers.csv:\(try at(1, "category")): column category: unknown category 'yoga'",
            "offers.csv:\(try at(2, "topics") + 1): column topics: unknown topic 'ask_weather'",
            "offers.csv:\(try at(3, "min_level")): column min_level: 'min_level' must be one of none, A1, A2, B1, B2, C1, C2, found 'D1'",
            "offers.csv:\(line[4]): min_age 30 is above max_age 20",
            "offers.csv:\(try at(5, "region")): column region: region '7315' is neither DE",
            "offers.csv:\(try at(6, "title_de")): column title_de: 'title' needs a German text (de)",
            "offers.csv:\(try at(7, "email")): column email: 'not-an-address' is not an e-mail address",
            "offers.csv:\(try at(8, "phone")): column phone: 'call us' is not a phone number",
            "offers.csv:\(try at(9, "url")): column url: 'www' is not an http(s) URL",
            "offers.csv:\(try at(10, "id")): column id: offer id 'Bad_ID' may only contain",
            "offers.csv:\(try at(11, "max_age")): column max_age: 'max_age' must be a whole number from 0 to 110, found 'ten'",
            "offers.csv:\(line[12]): duplicate offer id 'rlp-schule' (first defined at offers.csv:\(line[0]))",
        ]
        #expect(try at(0, "verified") > line[0])  // the cells before it span lines
        for message in expected { #expect(found.contains { $0.hasPrefix(message) }, "\(message)\nin\n\(found.joined(separator: "\n"))") }
        #expect(found.count == expected.count, "\(found.joined(separator: "\n"))")
    }

    @Test func aCellSpanningLinesMovesTheLinesAfterIt() throws {
        // Sources hold one entry per line: a bad date after them is still found on its own line.
        let text = try sheet([(0, "sources", "[A] https://a.example\n[B] https://b.example\n[C] https://c.example"),
                              (0, "verified", "28.02.2026")])
        let sources = try line(text, row: 0, column: "sources")
        #expect(problems(text) == ["offers.csv:\(sources + 2): column verified: '28.02.2026' is not a date (YYYY-MM-DD)"])
    }

    @Test func headerProblemsAndRowsOfTheWrongLength() throws {
        let unknown = try sheet(header: { $0.map { $0 == "hours" ? "opening" : $0 } })
        let found = problems(unknown)
        #expect(found.contains("offers.csv:1: missing column 'hours'"))
        #expect(found.contains { $0.hasPrefix("offers.csv:1: unknown column 'opening'") })
        let missing = try sheet(header: { $0.map { $0 == "title_de" ? "title_xyz" : $0 } })
        #expect(problems(missing).contains("offers.csv:1: missing column 'title_de'"))
        let short = try sheet(extraRows: [["only", "three", "fields"]])
        let lastLine = short.utf8.filter { $0 == UInt8(ascii: "\n") }.count
        #expect(problems(short).contains { $0.hasPrefix("offers.csv:\(lastLine): expected") && $0.hasSuffix("found 3") }, "\(problems(short))")
    }

    @Test func aSheetSavedWithSemicolonsReadsTheSame() throws {
        let catalogue = Self.catalogue
        let text = catalogue.sheet(delimiter: ";")
        let (offers, problems) = KnowledgeLoader(root: Fixtures.root).readOfferSheet(text, file: "offers.csv", catalogue: catalogue)
        #expect(problems.filter { $0.severity == .error }.isEmpty)
        #expect(OfferSheet.csv(offers, languages: catalogue.languages) == catalogue.sheet())
    }

    // MARK: Import plan

    @Test func planReportsChangesAndWritesOnlyTheFilesConcerned() throws {
        let catalogue = Self.catalogue
        let loader = KnowledgeLoader(root: Fixtures.root)
        let row = try #require(catalogue.offers.firstIndex { $0.id == "bamf-buergerservice" })
        var text = try sheet([(row, "phone", "+49 911 943-1234")])
        let table = try #require(CSVTable.read(text, file: "x", required: [], diagnostics: Diagnostics()))
        var added = try #require(table.rows.first { $0["id"] == "lup-rbb" }).values
        added[0] = "lup-sprachcafe"
        let removedRow = try #require(table.rows.firstIndex { $0["id"] == "rostock-bvj" })
        var rows = table.rows.map(\.values)
        rows.remove(at: removedRow)
        text = CSVTable.format([table.header] + rows + [added])
        let (offers, problems) = loader.readOfferSheet(text, file: "offers.csv", catalogue: catalogue)
        #expect(problems.filter { $0.severity == .error }.isEmpty)
        let plan = OfferImport(catalogue: catalogue, offers: offers, reformat: false)
        #expect(plan.changes.contains { if case .changed("bamf-buergerservice", ["phone"], _, nil) = $0 { true } else { false } })
        #expect(plan.changes.contains { if case .added("lup-sprachcafe", let file) = $0 { file.hasSuffix("13076-ludwigslust-parchim.yml") } else { false } })
        #expect(plan.removals == ["rostock-bvj"])
        #expect(plan.changes.count == 3)
        #expect(Set(plan.writes.map { ($0.path as NSString).lastPathComponent }) == ["de.yml", "13076-ludwigslust-parchim.yml", "13003-rostock.yml"])
        let de = try #require(plan.writes.first { $0.path.hasSuffix("/de.yml") })
        let before = try #require(catalogue.files.first { $0.name == "de.yml" }).text
        let changedLines = zip(before.split(separator: "\n"), de.text.split(separator: "\n")).filter { $0 != $1 }
        #expect(changedLines.count == 1 && changedLines.first?.1 == "    phone: +49 911 943-1234")
    }

    @Test func planRefusesToDropAFallbackContactOrCommentsInAFile() throws {
        let catalogue = Self.catalogue
        let offers = catalogue.offers.filter { $0.id != "bamf-navi" }
        let plan = OfferImport(catalogue: catalogue, offers: offers, reformat: false)
        #expect(plan.problems.contains { $0.reason.contains("'bamf-navi' is a fallback contact") })

        let files = catalogue.files.map { file in
            file.name == "14-sachsen.yml"
                ? OfferCatalogue.File(path: file.path, text: file.text.replacingOccurrences(of: "  topics:", with: "  # a remark\n  topics:"), offers: file.offers)
                : file
        }
        let commented = OfferCatalogue(directory: catalogue.directory, files: files, languages: catalogue.languages, regions: catalogue.regions,
                                       states: catalogue.states, facts: catalogue.facts, fallbackContacts: catalogue.fallbackContacts)
        let unchanged = OfferImport(catalogue: commented, offers: catalogue.offers, reformat: false)
        #expect(unchanged.writes.isEmpty && unchanged.problems.isEmpty)
        let sachsen = catalogue.offers.filter { $0.region != "14" }
        let removal = OfferImport(catalogue: commented, offers: sachsen, reformat: false)
        #expect(removal.problems.contains { $0.file.hasSuffix("14-sachsen.yml") && $0.line != nil && $0.reason.contains("not in the layout") })
        #expect(OfferImport(catalogue: commented, offers: sachsen, reformat: true).writes.contains { $0.text.hasSuffix("offers: []\n") })
    }

    @Test func newOffersOfARegionWithoutAFileGetANewFile() throws {
        let catalogue = Self.catalogue
        let row = try #require(catalogue.offers.firstIndex { $0.id == "sn-schule" })
        let text = try sheet([(row, "region", "05"), (row, "id", "nrw-schule")])
        let (offers, problems) = KnowledgeLoader(root: Fixtures.root).readOfferSheet(text, file: "offers.csv", catalogue: catalogue)
        #expect(problems.filter { $0.severity == .error }.isEmpty)
        let plan = OfferImport(catalogue: catalogue, offers: offers, reformat: false)
        #expect(plan.problems.isEmpty, "\(plan.problems)")
        let created = try #require(plan.writes.first { $0.path.hasSuffix("/05-nordrhein-westfalen.yml") })
        #expect(created.text.hasPrefix("# Offers for Nordrhein-Westfalen (region \"05\"), added by `lotse knowledge import`.\noffers:\n- id: nrw-schule\n"))
        #expect(plan.writes.count == 2)  // and 14-sachsen.yml, which loses sn-schule
        #expect(OfferImport.slug("Neustadt an der Weinstraße") == "neustadt-an-der-weinstrasse")
        #expect(OfferImport.slug("Baden-Württemberg") == "baden-wuerttemberg")
    }

    // MARK: Coverage

    @Test func coverageCountsOffersPerRegionAndCategory() {
        let catalogue = Self.catalogue
        let coverage = OfferCoverage(offers: catalogue.offers, regions: catalogue.regions, states: catalogue.states)
        #expect(coverage.regions == ["DE", "07", "07315", "07316", "13", "13003", "13076", "14", "14522"])
        #expect(coverage.count("DE", .integrationCourse) == catalogue.offers.filter { $0.region == "DE" && $0.category == .integrationCourse }.count)
        #expect(coverage.count("DE", .jobLanguageCourse) == 8)
        #expect(coverage.count("07316", .coordinationOffice) == 1)
        #expect(coverage.count("07316", .culture) == 0)
        let table = coverage.render()
        let lines = table.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 100 }, "\(table)")
        let culture = lines.first { $0.hasPrefix("culture ") }.map { $0.split(separator: " ") } ?? []
        #expect(culture.count == 11)  // name, nine regions, all
        #expect(culture.contains("·"))
        let all = lines.first { $0.hasPrefix("all ") }.map { $0.split(separator: " ") } ?? []
        #expect(all.last.map(String.init) == String(catalogue.offers.count))
        #expect(table.contains("07316 Neustadt an der Weinstraße"))
    }
}
