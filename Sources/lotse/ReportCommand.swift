import ArgumentParser
import Foundation
import LotseCore

/// `lotse report`: what the anonymous enquiry statistics say about a period, for a coordination
/// office — in the terminal, as CSV for spreadsheets, or as an HTML page to mail to a committee.
/// Reads the database without writing it, also while `lotse serve` runs on it.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report the anonymous enquiry statistics of a period: topics, groups, gaps without local offers, trend.",
        discussion: "Counts below 5 are hidden (k-anonymity). The format follows --output's extension (.csv, .html) unless --format is given.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv, html }

    @OptionGroup var knowledge: KnowledgeOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var postgres: PostgresOptions

    @Option(help: "First day of the period, YYYY-MM-DD (with --to; without both: the last full quarter).") var from: Day?
    @Option(help: "Last day of the period (included), YYYY-MM-DD.") var to: Day?
    @Option(help: "Only this pilot district or state, by key (13076, 13) or name (Rostock, Sachsen).") var region: String?
    @Option(help: "text, csv or html.") var format: Format?
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @Option(help: "Language of the labels (ISO 639-1).") var language = "de"

    func validate() throws {
        switch (from, to) {
        case let (from?, to?): guard from <= to else { throw ValidationError("--from must not be after --to") }
        case (nil, nil): break
        default: throw ValidationError("--from and --to go together; without both the report covers the last full quarter")
        }
        guard database.path != nil else { throw ValidationError("--database is required (or set LOTSE_DATABASE)") }
    }

    func run() async throws {
        let base = try knowledge.load()
        guard base.languages[language] != nil else {
            throw ValidationError("--language must be one of \(base.languageOrder.joined(separator: ", "))")
        }
        let regionKey = try region.map { try Self.regionKey($0, in: base) }
        let (from, to) = try period()
        let counts = try await DatabaseLocation(database.path!, postgres: postgres).readEnquiries(from: from, through: to)
        let report = StatisticsReport(counts: counts, from: from, through: to,
                                      region: regionKey, languageOrder: base.languageOrder)
        let labels = ReportLabels(knowledge: base, language: language)
        let text: String
        switch resolvedFormat {
        case .text: text = TextReportRenderer.render(ReportLayout(report, labels: labels, created: Day(Date())))
        case .csv: text = CSVReportRenderer.render(report, labels: labels)
        case .html: text = HTMLReportRenderer.render(ReportLayout(report, labels: labels, created: Day(Date())))
        }
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// The period asked for, or the last full quarter — the period offices report on — said on
    /// standard error so that nobody mistakes it for the figures of another period.
    private func period() throws -> (from: Day, to: Day) {
        if let from, let to { return (from, to) }
        let quarter = Self.lastFullQuarter(before: Day(Date()))
        printError("no --from/--to: the report covers the last full quarter, \(quarter.from) to \(quarter.to)")
        return quarter
    }

    /// The quarter before the one `today` is in.
    static func lastFullQuarter(before today: Day) -> (from: Day, to: Day) {
        let monthsPerQuarter = 3
        let thisQuarter = Day(year: today.year, month: (today.month - 1) / monthsPerQuarter * monthsPerQuarter + 1, day: 1)!
        let last = thisQuarter.adding(days: -1)
        let from = Day(year: last.year, month: (last.month - 1) / monthsPerQuarter * monthsPerQuarter + 1, day: 1)!
        return (from, last)
    }

    private var resolvedFormat: Format {
        format ?? output.flatMap { Format(rawValue: URL(fileURLWithPath: $0).pathExtension.lowercased()) } ?? .text
    }

    /// A district or state by key, official or short name (case and accents ignored).
    static func regionKey(_ given: String, in base: KnowledgeBase) throws -> String {
        let gazetteer = base.gazetteer
        if gazetteer.regions[given] != nil || gazetteer.states[given] != nil { return given }
        func fold(_ text: String) -> String { text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
        let wanted = fold(given)
        if let region = gazetteer.regions.values.first(where: { fold($0.shortName) == wanted || fold($0.name) == wanted }) { return region.key }
        if let state = gazetteer.states.first(where: { fold($0.value) == wanted }) { return state.key }
        let known = gazetteer.regions.values.sorted { $0.key < $1.key }.map { "\($0.key) \($0.shortName)" }
        throw ValidationError("unknown region '\(given)'; a pilot district (\(known.joined(separator: ", "))) or a state by key or name")
    }
}

extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
}
