import Foundation

/// The words and numbers of a report in one language: headings from the message catalogue
/// (`report_*` in `knowledge/languages/<code>.yml`), topic, region and level names from the
/// knowledge base, dates, numbers and language names from ICU in the language's locale.
public struct ReportLabels: Sendable {
    public let presenter: Presenter
    let locale: Locale

    public init(knowledge: KnowledgeBase, language: String) {
        presenter = Presenter(knowledge: knowledge, language: language)
        locale = Locale(identifier: presenter.pack.locale)
    }

    public var language: String { presenter.pack.code }
    public var isRightToLeft: Bool { presenter.pack.direction == .rtl }

    public func text(_ key: String, _ arguments: MessageArguments = [:]) -> String { presenter.text(key, arguments) }

    // MARK: Tables

    public func heading(_ dimension: StatisticsReport.Dimension) -> String { text("report_by_\(dimension.rawValue)") }

    public func column(_ dimension: StatisticsReport.Dimension) -> String { text("report_column_\(dimension.rawValue)") }

    /// The name of a table's row: a topic, an age band, a level, a language or a region.
    public func label(_ dimension: StatisticsReport.Dimension, _ key: String?) -> String {
        guard let key else { return text("report_unknown") }
        switch dimension {
        case .topic: return Intent(rawValue: key).map(presenter.topicTitle) ?? key
        case .ageBand: return AgeBand(rawValue: key).map(ageBand) ?? key
        case .level: return CEFRLevel(code: key).map(presenter.level) ?? key
        case .language: return locale.localizedString(forLanguageCode: key) ?? key
        case .region: return regionName(EnquiryRegion(key: key))
        }
    }

    public func ageBand(_ band: AgeBand) -> String {
        guard let upper = band.upperBound else { return text("report_age_band_open", ["min": String(band.lowerBound)]) }
        return text("report_age_band", ["min": String(band.lowerBound), "max": String(upper)])
    }

    /// A pilot district by its short name; a state, with «other districts» when it has pilot districts.
    public func regionName(_ region: EnquiryRegion) -> String {
        switch region {
        case .district(let key): return presenter.regionName(key)
        case .state(let key):
            let hasPilot = presenter.knowledge.gazetteer.regions.values.contains { $0.stateKey == key }
            let name = presenter.regionName(key)
            return hasPilot ? text("report_rest_of_state", ["state": name]) : name
        case .unknown: return text("report_unknown")
        }
    }

    /// What a report is restricted to: a district, a whole state, or all regions.
    public func scope(_ key: String?) -> String {
        guard let key else { return text("report_all_regions") }
        return presenter.regionName(key)
    }

    /// «18–26 years · German A1», or «everyone».
    public func group(_ gap: StatisticsReport.Gap) -> String {
        var parts: [String] = []
        if let band = gap.ageBand { parts.append(ageBand(band)) }
        if let level = gap.level { parts.append(level == .none ? presenter.level(level) : text("summary_level", ["level": level.code])) }
        return parts.isEmpty ? text("report_group_all") : parts.joined(separator: " · ")
    }

    // MARK: Numbers and dates

    public func cell(_ cell: ReportCell) -> String {
        switch cell {
        case .count(let value): return number(value)
        case .small: return "<\(Suppression.threshold)"
        case .hidden: return "•"
        }
    }

    /// A cell for machines: digits without grouping, or the marks of hidden cells.
    public func plain(_ cell: ReportCell) -> String { cell.value.map(String.init) ?? self.cell(cell) }

    public func number(_ value: Int) -> String { value.formatted(.number.locale(locale)) }

    /// A share of a whole, when the part may be shown.
    public func percent(_ part: ReportCell, of whole: Int) -> String {
        guard let value = part.value, whole > 0 else { return "" }
        return percent(Double(value) / Double(whole))
    }

    public func percent(_ fraction: Double) -> String { fraction.formatted(.percent.precision(.fractionLength(0)).locale(locale)) }

    public func day(_ day: Day) -> String { day.date.formatted(dateStyle.day(.twoDigits).month(.twoDigits).year()) }

    public func period(_ first: Day, _ last: Day) -> String { "\(self.day(first)) – \(self.day(last))" }

    /// «Week 5/2026» or «January 2026».
    public func trendLabel(_ point: StatisticsReport.TrendPoint, _ granularity: StatisticsReport.Granularity) -> String {
        switch granularity {
        case .week:
            let (week, year) = point.first.isoWeek
            return text("report_week", ["week": String(week), "year": String(year)])
        case .month:
            return point.first.date.formatted(dateStyle.month(.wide).year())
        }
    }

    private var dateStyle: Date.FormatStyle { Date.FormatStyle(locale: locale, timeZone: Day.timeZone) }
}
