import Testing
@testable import LotseCore

/// Report numbers on known counts: exact totals and rows, k-anonymity, gaps, trend, renderings.
@Suite struct StatisticsReportTests {
    static func day(_ text: String) -> Day { Day(iso: text)! }

    static func count(_ day: String, _ region: String?, _ band: AgeBand?, _ level: CEFRLevel?, _ topic: Intent,
                      language: String = "de", local: Int = 0, national: Int = 2, times: Int) -> EnquiryCount {
        EnquiryCount(day: Self.day(day), enquiry: Enquiry(region: EnquiryRegion(key: region), ageBand: band, level: level, topic: topic,
                                                          language: language, offers: OfferCounts(local: local, national: national)),
                     count: times)
    }

    /// March 2026: 52 enquiries; 20 in Ludwigslust-Parchim found no local offer.
    static let march: [EnquiryCount] = [
        count("2026-03-02", "13076", .from27To44, .a1, .askLanguageCourse, times: 10),
        count("2026-03-10", "13076", .from27To44, .a1, .askLanguageCourse, times: 10),
        count("2026-03-12", "13076", .from18To26, .b1, .askLanguageCourse, local: 3, times: 10),
        count("2026-03-03", "13003", .upTo5, nil, .askChildcare, language: "ar", local: 2, times: 12),
        count("2026-03-17", "05", .from18To26, .b2, .askUniversity, language: "en", times: 6),
        count("2026-03-24", "07315", .from6To15, nil, .askSchool, language: "uk", local: 1, times: 3),
        count("2026-03-31", nil, nil, nil, .askCounselling, national: 0, times: 1),
        count("2026-04-01", "13076", .from27To44, .a1, .askLanguageCourse, times: 50),  // after the period
    ]

    func report(_ counts: [EnquiryCount] = march, from: String = "2026-03-01", to: String = "2026-03-31", region: String? = nil) -> StatisticsReport {
        StatisticsReport(counts: counts, from: Self.day(from), through: Self.day(to), region: region,
                         languageOrder: Fixtures.knowledge.languageOrder)
    }

    func rows(_ report: StatisticsReport, _ dimension: StatisticsReport.Dimension) -> [String?: ReportCell] {
        Dictionary(uniqueKeysWithValues: (report.tables.first { $0.dimension == dimension }?.rows ?? []).map { ($0.key, $0.enquiries) })
    }

    @Test func totalsAndTablesHoldTheExactCounts() {
        let report = report()
        #expect(report.status == .ready)
        #expect(report.total == 52)
        #expect(report.lackingLocal == .count(20))
        #expect(report.lackingAny == .small)
        #expect(report.granularity == .week)
        let topics = report.tables.first { $0.dimension == .topic }!.rows
        #expect(topics.map(\.key) == ["ask_language_course", "ask_childcare", "ask_school", "ask_university", "ask_counselling"])
        #expect(topics.map(\.enquiries) == [.count(30), .count(12), .small, .count(6), .small])
        #expect(topics.map(\.lackingLocal) == [.count(20), .count(0), .count(0), .count(0), .count(0)])
        #expect(rows(report, .ageBand) == ["0-5": .count(12), "6-15": .small, "18-26": .count(16), "27-44": .count(20), nil: .small])
        #expect(rows(report, .level) == ["A1": .count(20), "B1": .count(10), "B2": .count(6), nil: .count(16)])
        // Ukrainian alone would be 52 minus the others: English, the smallest other, is hidden too.
        #expect(rows(report, .language) == ["de": .count(31), "ar": .count(12), "en": .hidden, "uk": .small])
        #expect(report.tables.first { $0.dimension == .language }!.rows.map(\.key) == ["de", "en", "ar", "uk"])
        #expect(rows(report, .region) == ["13076": .count(30), "13003": .count(12), "07315": .small, "05": .count(6), nil: .small])
        #expect(report.tables.first { $0.dimension == .region }!.rows.map(\.key) == ["07315", "13003", "13076", "05", nil])
    }

    @Test func smallCellsAreHiddenAndCannotBeWorkedOutFromTheTotal() {
        // One small cell would be the total minus the others: the smallest other is hidden too.
        #expect(Suppression.protect([10, 3, 7]) == [.count(10), .small, .hidden])
        // Two ones are known from their sum of 2: the large one must go as well.
        #expect(Suppression.protect([1, 1, 20]) == [.small, .small, .hidden])
        // Zeros count nobody and stay.
        #expect(Suppression.protect([0, 12, 3, 9]) == [.count(0), .count(12), .small, .hidden])
        // A part whose rest is small is hidden: 12 of 14 would leave 2.
        #expect(Suppression.protect([12, 30], limits: [14, 30]) == [.hidden, .hidden])
        #expect(Suppression.part(12, of: 14) == .hidden && Suppression.part(12, of: 12) == .count(12))
        // Two fours and a total of eight: nothing can protect them.
        #expect(Suppression.protect([4, 4]) == nil)
        // Without a published total, small cells need no company.
        #expect(Suppression.protect([3, 20], totalShown: false) == [.small, .count(20)])
        // A part of a hidden row is hidden too; alone it would be the column's total.
        #expect(Suppression.protect([7, 0], rowsHidden: [0]) == nil)
    }

    @Test func aHiddenCountIsNotNarrowedByItsRowOrByAGap() {
        // German: 6 with no local offer; Arabic: 1. Showing German's 6 «without local offer» would
        // bound its hidden enquiries from below and give both away.
        let counts = [Self.count("2026-03-02", "13076", .from27To44, .a1, .askLanguageCourse, times: 6),
                      Self.count("2026-03-02", "13003", .upTo5, nil, .askChildcare, language: "ar", local: 2, times: 1)]
        let report = report(counts)
        let languages = report.tables.first { $0.dimension == .language }!.rows
        #expect(languages.map(\.enquiries) == [.hidden, .small])
        #expect(languages.map(\.lackingLocal) == [.hidden, .count(0)])
        // 6 of 7 without a local offer would leave 1 with one: the headline hides it too.
        #expect(report.lackingLocal == .hidden)
        // The gap «language course in Ludwigslust-Parchim: 6 of 6» would tell the hidden topic row.
        #expect(report.tables.first { $0.dimension == .topic }!.rows.map(\.enquiries) == [.hidden, .small])
        #expect(report.gaps.isEmpty)
    }

    @Test func gapsNameTheGroupsThatFareWorst() {
        let report = report()
        // Language courses in Ludwigslust-Parchim: 20 of 30 without a local offer, all of them
        // 27–44-year-olds at A1; the whole topic says the same number and is left out.
        #expect(report.gaps == [
            .init(topic: .askLanguageCourse, district: "13076", ageBand: nil, level: .a1, enquiries: 20, lackingLocal: 20),
            .init(topic: .askLanguageCourse, district: "13076", ageBand: .from27To44, level: nil, enquiries: 20, lackingLocal: 20),
        ])
        // Without the B1 learners who found a local course, the whole topic is the gap, once.
        let only = self.report(Self.march.filter { $0.enquiry.level != .b1 })
        #expect(only.gaps == [.init(topic: .askLanguageCourse, district: "13076", ageBand: nil, level: nil, enquiries: 20, lackingLocal: 20)])
        // Outside the pilot regions there is no local data, so no gap.
        #expect(!report.gaps.contains { $0.topic == .askUniversity })
    }

    @Test func trendPerWeekForShortPeriodsAndPerMonthForLongOnes() {
        let weekly = report()
        #expect(weekly.trend.map(\.first.description) == ["2026-03-01", "2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"])
        #expect(weekly.trend.map(\.last.description) == ["2026-03-01", "2026-03-08", "2026-03-15", "2026-03-22", "2026-03-29", "2026-03-31"])
        #expect(weekly.trend.map(\.enquiries) == [.count(0), .count(22), .count(20), .count(6), .small, .small])
        #expect(weekly.trend.map(\.lackingLocal) == [.count(0), .count(10), .count(10), .count(0), .count(0), .count(0)])
        let monthly = report(from: "2026-01-15", to: "2026-06-30")
        #expect(monthly.granularity == .month)
        #expect(monthly.trend.map(\.first.description) == ["2026-01-15", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01"])
        #expect(monthly.trend.map(\.enquiries) == [.count(0), .count(0), .count(52), .count(50), .count(0), .count(0)])
        let labels = ReportLabels(knowledge: Fixtures.knowledge, language: "de")
        #expect(labels.trendLabel(weekly.trend[1], .week) == "KW 10/2026")
        #expect(labels.trendLabel(monthly.trend[2], .month) == "März 2026")
    }

    @Test func aRegionMayBeADistrictOrAWholeState() {
        #expect(report(region: "13076").total == 30)
        #expect(report(region: "13076").tables.allSatisfy { $0.dimension != .region })
        #expect(report(region: "13").total == 42)
        #expect(report(region: "05").total == 6)
    }

    @Test func anEmptyOrTinyPeriodSaysSoInsteadOfShowingTables() {
        let labels = ReportLabels(knowledge: Fixtures.knowledge, language: "de")
        let empty = report(from: "2025-01-01", to: "2025-01-31")
        #expect(empty.status == .empty)
        let text = TextReportRenderer.render(ReportLayout(empty, labels: labels, created: Self.day("2026-04-02")))
        #expect(text.contains("keine Anfragen erfasst"))
        #expect(!text.contains("Summe"))
        let tiny = report(from: "2026-03-20", to: "2026-03-31")
        #expect(tiny.status == .tooFew)
        #expect(TextReportRenderer.render(ReportLayout(tiny, labels: labels, created: Self.day("2026-04-02"))).contains("weniger als 5 Anfragen"))
    }

    @Test func textTablesAreAlignedAndSayWhatIsHidden() {
        let labels = ReportLabels(knowledge: Fixtures.knowledge, language: "de")
        let text = TextReportRenderer.render(ReportLayout(report(), labels: labels, created: Self.day("2026-04-02")))
        // ICU writes «38 %» with a no-break space.
        #expect(text.contains("Anfragen: 52 · Ohne örtliches Angebot: 20 (\(labels.percent(20.0 / 52))) · Ohne jedes Angebot: <5"))
        #expect(labels.percent(20.0 / 52).hasPrefix("38"))
        #expect(text.contains("Zahlen unter 5 erscheinen als «<5»"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = lines.firstIndex(of: "Anfragen nach Thema")! + 2
        let table = Array(lines[start..<lines[start...].firstIndex(of: "")!])
        #expect(table.count == 8)  // header, five topics, rule, sum
        #expect(Set(table.map(\.count)).count == 1, "\(table)")
        #expect(table[3].hasPrefix("Schule ") && table[3].contains(" <5 "))
        #expect(table.last!.hasPrefix("Summe") && table.last!.contains(" 52 "))
    }

    @Test func csvIsOneLongTableASpreadsheetCanRead() throws {
        let labels = ReportLabels(knowledge: Fixtures.knowledge, language: "de")
        let csv = CSVReportRenderer.render(report(), labels: labels)
        let records = CSVTable.parse(csv.replacingOccurrences(of: "\r\n", with: "\n"), file: "report.csv", diagnostics: Diagnostics())
        #expect(records.first?.fields == CSVReportRenderer.header)
        #expect(records.allSatisfy { $0.fields.count == CSVReportRenderer.header.count })
        func row(_ section: String, _ column: String, _ key: String) -> [String]? {
            let index = CSVReportRenderer.header.firstIndex(of: column)!
            return records.first { $0.fields[0] == section && $0.fields[index] == key }?.fields
        }
        #expect(row("total", "period_start", "2026-03-01")?.suffix(3) == ["52", "20", "<5"])
        #expect(row("topic", "topic", "ask_school")?.suffix(4) == ["Schule", "<5", "0", "0"])
        #expect(row("topic", "topic", "ask_language_course")?.suffix(3) == ["30", "20", "0"])
        #expect(row("age_band", "age_band", "unknown")?.suffix(4) == ["unbekannt", "<5", "0", "<5"])
        #expect(row("region", "region", "13076")?[8] == "Ludwigslust-Parchim")
        #expect(row("gap", "level", "A1")?.suffix(3) == ["20", "20", ""])
        #expect(row("trend", "period_start", "2026-03-02")?.suffix(3) == ["22", "10", ""])
        #expect(records.filter { $0.fields[0] == "trend" }.count == 6)
    }

    @Test func htmlIsSelfContainedWithChartsOfTheShownCounts() {
        let labels = ReportLabels(knowledge: Fixtures.knowledge, language: "de")
        let html = HTMLReportRenderer.render(ReportLayout(report(), labels: labels, created: Self.day("2026-04-02")))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<html lang=\"de\" dir=\"ltr\">"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 6)  // five breakdowns and the trend
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("@import"))
        #expect(html.contains("<td class=\"n\">&lt;5</td>"))
        // The school row (fewer than 5) has no bar; the language course has one.
        #expect(!html.contains(">Schule</text>"))
        #expect(html.contains(">Deutschkurs</text>"))
        #expect(HTMLReportRenderer.escape("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;")
        let arabic = HTMLReportRenderer.render(ReportLayout(report(), labels: ReportLabels(knowledge: Fixtures.knowledge, language: "ar"),
                                                           created: Self.day("2026-04-02")))
        #expect(arabic.contains("<html lang=\"ar\" dir=\"rtl\">"))
    }
}
