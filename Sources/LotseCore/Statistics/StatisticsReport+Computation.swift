extension StatisticsReport {
    /// Periods up to this many days are shown per week, longer ones per month.
    public static let longestWeeklyPeriod = 92

    /// The report of the days `first` through `last`, for one district or state (`region`, a key)
    /// or all. `languageOrder` orders the language table (the knowledge base's picker order).
    public init(counts: [EnquiryCount], from first: Day, through last: Day, region: String? = nil, languageOrder: [String] = []) {
        let selected = counts.filter {
            first <= $0.day && $0.day <= last && $0.count > 0 && (region.map($0.enquiry.region.lies(in:)) ?? true)
        }
        let total = selected.map(\.count).reduce(0, +)
        let granularity: Granularity = first.days(to: last) < Self.longestWeeklyPeriod ? .week : .month
        self.init(first: first, last: last, region: region, status: .ready, total: total, lackingLocal: .count(0),
                  lackingAny: .count(0), tables: [], omitted: [], granularity: granularity, trend: [], gaps: [])
        guard total >= Suppression.threshold else {
            status = total == 0 ? .empty : .tooFew
            return
        }
        lackingLocal = Suppression.part(selected.filter(\.enquiry.lacksLocalOffer).map(\.count).reduce(0, +), of: total)
        lackingAny = Suppression.part(selected.filter(\.enquiry.lacksAnyOffer).map(\.count).reduce(0, +), of: total)
        for dimension in Dimension.allCases where !(dimension == .region && region?.count == 5) {
            if let table = table(dimension, selected, languageOrder: languageOrder) { tables.append(table) } else { omitted.append(dimension) }
        }
        trend = trendPoints(selected)
        gaps = Self.gaps(selected).filter(rowsShown)
    }

    /// Whether the rows a gap falls in are shown in every table: a gap's counts are lower bounds
    /// of theirs, and would narrow a hidden one down.
    private func rowsShown(_ gap: Gap) -> Bool {
        let keys: [Dimension: String?] = [.topic: gap.topic.rawValue, .region: gap.district, .ageBand: gap.ageBand?.rawValue,
                                          .level: gap.level?.code]
        return tables.allSatisfy { table in
            guard let key = keys[table.dimension], let key else { return true }
            guard let row = table.rows.first(where: { $0.key == key }) else { return false }
            return row.enquiries.value != nil && row.lackingLocal.value != nil
        }
    }

    /// The column sums of `rows` protected against their published totals; nil when impossible.
    private func protectedColumns(_ rows: [[EnquiryCount]]) -> [(ReportCell, ReportCell, ReportCell)]? {
        func sums(_ include: (Enquiry) -> Bool) -> [Int] {
            rows.map { $0.filter { include($0.enquiry) }.map(\.count).reduce(0, +) }
        }
        guard let enquiries = Suppression.protect(sums { _ in true }) else { return nil }
        let hidden = Set(enquiries.indices.filter { enquiries[$0].value == nil })
        /// A part of the enquiries: bounded by the row's; all hidden when nothing less protects it.
        func part(_ include: (Enquiry) -> Bool, total: ReportCell) -> [ReportCell] {
            Suppression.protect(sums(include), totalShown: total.value != nil, rowsHidden: hidden, limits: enquiries.map(\.value))
                ?? enquiries.map { _ in .hidden }
        }
        let local = part(\.lacksLocalOffer, total: lackingLocal)
        let any = part(\.lacksAnyOffer, total: lackingAny)
        return enquiries.indices.map { (enquiries[$0], local[$0], any[$0]) }
    }

    private func table(_ dimension: Dimension, _ counts: [EnquiryCount], languageOrder: [String]) -> Table? {
        let key = Self.key(dimension)
        let groups = Dictionary(grouping: counts) { key($0.enquiry) }
        let keys = Self.order(dimension, Set(groups.keys), languageOrder: languageOrder)
        guard let columns = protectedColumns(keys.map { groups[$0]! }) else { return nil }
        let rows = zip(keys, columns).map { Row(key: $0, enquiries: $1.0, lackingLocal: $1.1, lackingAny: $1.2) }
        return Table(dimension: dimension, rows: rows)
    }

    /// The row an enquiry falls in; nil is «unknown».
    static func key(_ dimension: Dimension) -> (Enquiry) -> String? {
        switch dimension {
        case .topic: return { $0.topic.rawValue }
        case .ageBand: return { $0.ageBand?.rawValue }
        case .level: return { $0.level?.code }
        case .language: return { $0.language }
        case .region: return { $0.region.key }
        }
    }

    /// The rows present, in a fixed order (never by size: the order of hidden cells would tell),
    /// «unknown» last.
    static func order(_ dimension: Dimension, _ present: Set<String?>, languageOrder: [String]) -> [String?] {
        let fixed: [String?]
        switch dimension {
        case .topic: fixed = Intent.allCases.filter(\.isTopic).map(\.rawValue)
        case .ageBand: fixed = AgeBand.allCases.map(\.rawValue)
        case .level: fixed = CEFRLevel.allCases.map(\.code)
        case .language: fixed = languageOrder
        case .region: fixed = present.map { EnquiryRegion(key: $0) }.sorted().compactMap(\.key)
        }
        let rest = present.subtracting(fixed).compactMap { $0 }.sorted()
        return fixed.filter(present.contains) + rest + (present.contains(nil) ? [nil] : [])
    }

    private func trendPoints(_ counts: [EnquiryCount]) -> [TrendPoint] {
        var ranges: [(first: Day, last: Day)] = []
        var start = first
        while start <= last {
            let next = granularity == .week ? start.startOfWeek.adding(days: 7) : start.startOfNextMonth
            ranges.append((start, min(last, next.adding(days: -1))))
            start = next
        }
        let rows = ranges.map { range in counts.filter { range.first <= $0.day && $0.day <= range.last } }
        let columns = protectedColumns(rows) ?? rows.map { _ in (.hidden, .hidden, .hidden) }
        return zip(ranges, columns).map { TrendPoint(first: $0.first, last: $0.last, enquiries: $1.0, lackingLocal: $1.1) }
    }
}
