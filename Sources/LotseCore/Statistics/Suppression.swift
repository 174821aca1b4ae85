/// k-anonymity for published counts: no count of 1 to k−1 people is shown, and none can be worked
/// out from what is shown.
///
/// Each table of a report adds up to a total that is shown (the coordinators need the real number
/// of enquiries), so the hidden cells of a column add up to a known sum. A hidden cell is safe when
/// that sum, and what is known of the other hidden cells, still allows it at least two values: a
/// small cell holds 1 to k−1, a larger hidden one at least k, and a cell of a dependent column
/// («without a local offer») at most its row's enquiries. While some hidden cell is not safe, the
/// smallest shown cell is hidden as well (secondary suppression: it loses the least). Zeros are
/// shown: they count nobody.
public enum Suppression {
    /// The smallest count that is shown.
    public static let threshold = 5

    /// The cells of one column whose total is published (`totalShown`), or nil when no
    /// suppression can protect it. Cells of `rowsHidden` are hidden unless zero: in a dependent
    /// column they would bound the row's hidden enquiries. `limits` are the rows' shown enquiries,
    /// of which a dependent cell is a part: a cell whose rest (limit minus cell) is 1 to k−1 is
    /// hidden too, since the rest counts people as well.
    public static func protect(_ counts: [Int], totalShown: Bool = true, rowsHidden: Set<Int> = [],
                               limits: [Int?]? = nil) -> [ReportCell]? {
        let limits = limits ?? counts.map { _ in nil }
        var cells = counts.enumerated().map { index, count -> ReportCell in
            if count > 0 && count < threshold { return .small }
            if count > 0 && (rowsHidden.contains(index) || isSmall(limits[index].map { $0 - count })) { return .hidden }
            return .count(count)
        }
        guard totalShown else { return cells }
        while !isSafe(cells, counts, limits) {
            let shown = cells.indices.filter { cells[$0].value.map { $0 > 0 } ?? false }
            guard let smallest = shown.min(by: { (counts[$0], $0) < (counts[$1], $1) }) else { return nil }
            cells[smallest] = .hidden
        }
        return cells
    }

    /// 1 to k−1: a count too small to show.
    public static func isSmall(_ count: Int?) -> Bool { count.map { $0 > 0 && $0 < threshold } ?? false }

    /// A part of a shown whole: small itself, hidden when the rest of the whole would be small.
    public static func part(_ count: Int, of whole: Int) -> ReportCell {
        isSmall(count) ? .small : isSmall(whole - count) ? .hidden : .count(count)
    }

    /// Whether every hidden cell can take at least two values, given the sum of the hidden cells
    /// and the ranges of the others.
    static func isSafe(_ cells: [ReportCell], _ counts: [Int], _ limits: [Int?]) -> Bool {
        let unbounded = 1 << 40
        let hidden = cells.indices.filter { cells[$0].value == nil }
        let ranges = hidden.map { index -> (low: Int, high: Int) in
            let limit = limits[index] ?? unbounded
            return cells[index] == .small ? (1, min(threshold - 1, limit)) : (threshold, limit)
        }
        let sum = hidden.map { counts[$0] }.reduce(0, +)
        let (lows, highs) = (ranges.map(\.low).reduce(0, +), ranges.map(\.high).reduce(0, +))
        return ranges.allSatisfy { range in
            max(range.low, sum - (highs - range.high)) < min(range.high, sum - (lows - range.low))
        }
    }
}
