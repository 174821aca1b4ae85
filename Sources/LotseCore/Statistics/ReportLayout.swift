/// A report laid out for reading, in one language: title, headline figures, sections with a table
/// (and a chart), and notes. The text and HTML renderers only format it, so both always say the
/// same; the CSV renderer writes machine keys from the report itself.
public struct ReportLayout: Sendable {
    public struct Table: Sendable {
        public var header: [String]
        public var rows: [[String]]
        /// The sum line, when the table adds up.
        public var total: [String]?
        /// Columns from this index on hold numbers (right-aligned).
        public var firstNumberColumn: Int
    }

    /// A chart of the shown counts: cells hidden by k-anonymity are nil and left out.
    public struct Chart: Sendable {
        public enum Kind: Sendable { case bars, lines }
        public struct Series: Sendable {
            public var name: String
            public var values: [Int?]
        }
        public var kind: Kind
        public var categories: [String]
        public var series: [Series]
    }

    public struct Figure: Sendable {
        public var name: String
        public var value: String
        /// «Enquiries: 1.234», punctuated as the language does.
        public var text: String
    }

    public struct Section: Sendable {
        public var heading: String
        public var notes: [String]
        public var table: Table?
        public var chart: Chart?
    }

    public var language: String
    public var isRightToLeft: Bool
    public var title: String
    /// Period and region.
    public var subtitle: [String]
    /// Instead of figures and sections, when there is nothing to show.
    public var message: String?
    /// The headline numbers: enquiries, without a local offer, without any offer.
    public var figures: [Figure]
    public var sections: [Section]
    public var notes: [String]

    public init(_ report: StatisticsReport, labels: ReportLabels, created: Day) {
        language = labels.language
        isRightToLeft = labels.isRightToLeft
        title = labels.text("report_title")
        subtitle = [labels.text("report_period", ["from": labels.day(report.first), "to": labels.day(report.last)]),
                    labels.text("report_region", ["region": labels.scope(report.region)])]
        message = nil
        figures = []
        sections = []
        let k = String(Suppression.threshold)
        notes = [labels.text("report_stored"), labels.text("report_created", ["date": labels.day(created)])]
        switch report.status {
        case .empty:
            message = labels.text("report_empty")
            return
        case .tooFew:
            message = labels.text("report_too_few", ["k": k])
            return
        case .ready:
            break
        }
        figures = [("report_column_enquiries", labels.number(report.total)),
                   ("report_column_lacking_local", Self.withShare(report.lackingLocal, report.total, labels)),
                   ("report_column_lacking_any", Self.withShare(report.lackingAny, report.total, labels))].map { key, value in
            let name = labels.text(key)
            return Figure(name: name, value: value, text: labels.text("report_figure", ["name": name, "value": value]))
        }
        sections = report.tables.map { Self.section($0, report, labels) }
        for dimension in report.omitted {
            sections.append(Section(heading: labels.heading(dimension), notes: [labels.text("report_omitted", ["k": k])]))
        }
        sections.append(Self.gaps(report, labels))
        sections.append(Self.trend(report, labels))
        notes.insert(contentsOf: [labels.text("report_privacy", ["k": k]), labels.text("report_lacking_local_note")], at: 0)
    }

    private static func withShare(_ cell: ReportCell, _ total: Int, _ labels: ReportLabels) -> String {
        guard cell.value != nil else { return labels.cell(cell) }
        return "\(labels.cell(cell)) (\(labels.percent(cell, of: total)))"
    }

    private static func section(_ table: StatisticsReport.Table, _ report: StatisticsReport, _ labels: ReportLabels) -> Section {
        let header = [labels.column(table.dimension), labels.text("report_column_enquiries"), labels.text("report_column_share"),
                      labels.text("report_column_lacking_local"), labels.text("report_column_lacking_any")]
        let names = table.rows.map { labels.label(table.dimension, $0.key) }
        let rows = zip(names, table.rows).map { name, row in
            [name, labels.cell(row.enquiries), labels.percent(row.enquiries, of: report.total),
             labels.cell(row.lackingLocal), labels.cell(row.lackingAny)]
        }
        let total = [labels.text("report_sum"), labels.number(report.total), labels.percent(1),
                     labels.cell(report.lackingLocal), labels.cell(report.lackingAny)]
        let chart = Chart(kind: .bars, categories: names,
                          series: [.init(name: labels.text("report_column_enquiries"), values: table.rows.map(\.enquiries.value))])
        return Section(heading: labels.heading(table.dimension), notes: [],
                       table: Table(header: header, rows: rows, total: total, firstNumberColumn: 1), chart: chart)
    }

    private static func gaps(_ report: StatisticsReport, _ labels: ReportLabels) -> Section {
        let k = String(Suppression.threshold)
        let heading = labels.text("report_gaps")
        guard !report.gaps.isEmpty else { return Section(heading: heading, notes: [labels.text("report_gaps_none", ["k": k])]) }
        let header = [labels.column(.topic), labels.column(.region), labels.text("report_column_group"),
                      labels.text("report_column_enquiries"), labels.text("report_column_lacking_local"), labels.text("report_column_rate")]
        let rows = report.gaps.map { gap in
            [labels.label(.topic, gap.topic.rawValue), labels.regionName(.district(gap.district)), labels.group(gap),
             labels.number(gap.enquiries), labels.number(gap.lackingLocal), labels.percent(gap.rate)]
        }
        return Section(heading: heading, notes: [labels.text("report_gaps_explained", ["k": k])],
                       table: Table(header: header, rows: rows, total: nil, firstNumberColumn: 3))
    }

    private static func trend(_ report: StatisticsReport, _ labels: ReportLabels) -> Section {
        let names = report.trend.map { labels.trendLabel($0, report.granularity) }
        let header = [labels.text("report_column_\(report.granularity.rawValue)"), labels.text("report_column_enquiries"),
                      labels.text("report_column_lacking_local")]
        let rows = zip(names, report.trend).map { [$0, labels.cell($1.enquiries), labels.cell($1.lackingLocal)] }
        let total = [labels.text("report_sum"), labels.number(report.total), labels.cell(report.lackingLocal)]
        let chart = Chart(kind: .lines, categories: names, series: [
            .init(name: labels.text("report_column_enquiries"), values: report.trend.map(\.enquiries.value)),
            .init(name: labels.text("report_column_lacking_local"), values: report.trend.map(\.lackingLocal.value)),
        ])
        return Section(heading: labels.text("report_trend_\(report.granularity.rawValue)"), notes: [],
                       table: Table(header: header, rows: rows, total: total, firstNumberColumn: 1), chart: chart)
    }
}
