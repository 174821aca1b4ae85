import Foundation

/// The report for spreadsheets: one long table (RFC 4180, UTF-8, comma-separated), a row per
/// published number group. `section` says which table a row belongs to; the dimension columns hold
/// machine keys (empty where the section does not break down by them, `unknown` for unknown), so a
/// spreadsheet filters and pivots without parsing labels; `label` is the German (or chosen
/// language's) name. Counts are numbers, or `<5` and `•` where k-anonymity hides them.
///
/// Sections: `total` (the whole period), `topic`, `age_band`, `level`, `language`, `region`,
/// `gap` (ranked), `trend` (one row per week or month, `period_start`/`period_end`).
public enum CSVReportRenderer {
    public static let header = ["section", "topic", "region", "age_band", "level", "language", "period_start", "period_end",
                                "label", "enquiries", "no_local_offer", "no_offer_at_all"]

    public static func render(_ report: StatisticsReport, labels: ReportLabels) -> String {
        var rows = [header]
        guard report.status == .ready else { return lines(rows) }
        func row(_ section: String, _ dimensions: [String: String], label: String, _ cells: [String]) -> [String] {
            [section] + header[1...8].dropLast().map { dimensions[$0] ?? "" } + [label] + cells
        }
        let period = ["period_start": report.first.description, "period_end": report.last.description]
        rows.append(row("total", period.merging(["region": report.region ?? ""]) { $1 }, label: labels.scope(report.region),
                        [String(report.total), labels.plain(report.lackingLocal), labels.plain(report.lackingAny)]))
        for table in report.tables {
            let column = table.dimension.rawValue
            for entry in table.rows {
                rows.append(row(column, [column: entry.key ?? "unknown"], label: labels.label(table.dimension, entry.key),
                                [labels.plain(entry.enquiries), labels.plain(entry.lackingLocal), labels.plain(entry.lackingAny)]))
            }
        }
        for gap in report.gaps {
            let dimensions = ["topic": gap.topic.rawValue, "region": gap.district, "age_band": gap.ageBand?.rawValue ?? "",
                              "level": gap.level?.code ?? ""]
            let label = [labels.label(.topic, gap.topic.rawValue), labels.regionName(.district(gap.district)), labels.group(gap)]
            rows.append(row("gap", dimensions, label: label.joined(separator: " · "), [String(gap.enquiries), String(gap.lackingLocal), ""]))
        }
        for point in report.trend {
            rows.append(row("trend", ["period_start": point.first.description, "period_end": point.last.description],
                            label: labels.trendLabel(point, report.granularity), [labels.plain(point.enquiries), labels.plain(point.lackingLocal), ""]))
        }
        return lines(rows)
    }


    private static func lines(_ rows: [[String]]) -> String {
        rows.map { $0.map(quoted).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
