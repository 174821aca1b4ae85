/// One published count of a report, after k-anonymity.
public enum ReportCell: Sendable, Hashable {
    case count(Int)
    /// 1 to k−1 enquiries: too few to show, shown as «<5» and left out of charts.
    case small
    /// A larger count hidden as well, because otherwise a small one could be worked out from
    /// the total (secondary suppression), shown as «•».
    case hidden

    /// The number, when it may be shown.
    public var value: Int? {
        if case .count(let value) = self { return value }
        return nil
    }
}
