/// What a coordination office learns from the enquiries of a period: how many, about what, from
/// whom (age group, German level, language) and where; where enquiries often found no local offer;
/// and how the numbers move. Every count is k-anonymous (`Suppression`). A value: the front end
/// computes it from a `StatisticsStore` and hands it to a renderer (text, CSV, HTML).
public struct StatisticsReport: Sendable {
    /// The ways enquiries are broken down, each a table.
    public enum Dimension: String, Sendable, CaseIterable {
        case topic, ageBand = "age_band", level, language, region
    }

    /// One row of a table: a topic, an age band, … (`key` nil for «unknown»).
    public struct Row: Sendable, Hashable {
        public var key: String?
        public var enquiries: ReportCell
        /// Enquiries from pilot districts for which no local offer fitted.
        public var lackingLocal: ReportCell
        /// Enquiries for which nothing fitted at all.
        public var lackingAny: ReportCell
    }

    public struct Table: Sendable {
        public var dimension: Dimension
        public var rows: [Row]
    }

    public enum Granularity: String, Sendable { case week, month }

    /// One week or month of the trend, cut to the period.
    public struct TrendPoint: Sendable, Hashable {
        public var first: Day
        public var last: Day
        public var enquiries: ReportCell
        public var lackingLocal: ReportCell
    }

    /// A topic and pilot district, for everyone or a group, where enquiries often found no local offer.
    public struct Gap: Sendable, Hashable {
        public var topic: Intent
        public var district: String
        /// Both nil: everyone who asked about the topic in the district.
        public var ageBand: AgeBand?
        public var level: CEFRLevel?
        public var enquiries: Int
        public var lackingLocal: Int
        public var rate: Double { Double(lackingLocal) / Double(enquiries) }
    }

    public enum Status: Sendable { case ready, empty, tooFew }

    public var first: Day
    public var last: Day
    /// The district or state key the report is restricted to; nil for all regions.
    public var region: String?
    public var status: Status
    /// All enquiries of the period (shown whenever the report is shown: it is at least k).
    public var total: Int
    public var lackingLocal: ReportCell
    public var lackingAny: ReportCell
    public var tables: [Table]
    /// Tables left out because no suppression could protect them.
    public var omitted: [Dimension]
    public var granularity: Granularity
    public var trend: [TrendPoint]
    /// Ranked, most enquiries without a local offer first.
    public var gaps: [Gap]
}
