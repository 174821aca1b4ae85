/// The report for the terminal: plain lines, tables aligned in columns (numbers to the right).
public enum TextReportRenderer {
    public static func render(_ layout: ReportLayout) -> String {
        var lines = [layout.title, layout.subtitle.joined(separator: " · "), ""]
        if let message = layout.message {
            lines += [message, ""]
        } else {
            lines += [layout.figures.map(\.text).joined(separator: " · "), ""]
            for section in layout.sections {
                lines.append(section.heading)
                lines.append(String(repeating: "-", count: section.heading.count))
                lines += section.notes
                if let table = section.table { lines += self.table(table) }
                lines.append("")
            }
        }
        lines += layout.notes
        return lines.map(PlainTextRenderer.directional).joined(separator: "\n") + "\n"
    }

    static func table(_ table: ReportLayout.Table) -> [String] {
        let all = [table.header] + table.rows + (table.total.map { [$0] } ?? [])
        let widths = table.header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column >= table.firstNumberColumn ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines = [line(table.header)] + table.rows.map(line)
        if let total = table.total {
            lines.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)))
            lines.append(line(total))
        }
        return lines
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
