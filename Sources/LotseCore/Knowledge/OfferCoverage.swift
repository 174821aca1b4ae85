/// How many offers each region has in each category, so the people who keep the offers see at a
/// glance where a pilot region has nothing of a kind (`lotse check` prints it after the problems).
/// Counts are of offers written for exactly that region: a district also gets its state's and the
/// nationwide offers, which have columns of their own.
public struct OfferCoverage: Sendable {
    /// Region codes in column order: nationwide, then each pilot state followed by its pilot districts,
    /// then any other region that has offers.
    public let regions: [String]
    public let categories: [OfferCategory]
    public let counts: [String: [OfferCategory: Int]]
    /// What each region code stands for, for the legend.
    public let names: [String: String]

    public init(offers: [Offer], regions pilots: [String: Region], states: [String: String]) {
        var columns = ["DE"]
        for state in Set(pilots.values.map(\.stateKey)).sorted() {
            columns.append(state)
            columns += pilots.keys.filter { pilots[$0]?.stateKey == state }.sorted()
        }
        columns += Set(offers.map(\.region)).subtracting(columns).sorted()
        var counts: [String: [OfferCategory: Int]] = [:]
        for offer in offers { counts[offer.region, default: [:]][offer.category, default: 0] += 1 }
        var names = ["DE": "Germany (nationwide)"]
        for code in columns where code != "DE" { names[code] = pilots[code]?.shortName ?? states[code] ?? code }
        self.regions = columns
        self.categories = OfferCategory.allCases
        self.counts = counts
        self.names = names
    }

    public func count(_ region: String, _ category: OfferCategory) -> Int { counts[region]?[category] ?? 0 }

    /// A table of at most `width` columns: a row per category, a column per region, `·` for none.
    public func render(width: Int = 100) -> String {
        let label = max(categories.map(\.rawValue.count).max() ?? 0, "category".count) + 1
        let cell = max(regions.map(\.count).max() ?? 0, 3) + 1
        func row(_ name: String, _ values: [String]) -> String {
            name.padding(toLength: label, withPad: " ", startingAt: 0)
                + values.map { String(repeating: " ", count: max(0, cell - $0.count)) + $0 }.joined()
        }
        func number(_ n: Int) -> String { n == 0 ? "·" : String(n) }
        var lines = ["Offers per category and region (· = none; districts also get their state's and nationwide offers)",
                     row("category", regions + ["all"])]
        for category in categories {
            let values = regions.map { count($0, category) }
            lines.append(row(category.rawValue, values.map(number) + [number(values.reduce(0, +))]))
        }
        let totals = regions.map { region in categories.reduce(0) { $0 + count(region, $1) } }
        lines.append(row("all", totals.map(number) + [number(totals.reduce(0, +))]))
        lines += wrap(regions.map { "\($0) \(names[$0] ?? $0)" }, width: width)
        return lines.joined(separator: "\n")
    }

    private func wrap(_ items: [String], width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for item in items {
            let next = line.isEmpty ? item : line + " · " + item
            if next.count > width && !line.isEmpty { lines.append(line); line = item } else { line = next }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
