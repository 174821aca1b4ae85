/// The report as one self-contained HTML page a coordinator can mail to a committee: inline CSS,
/// inline SVG charts (`SVGChart`), no scripts, no external files; laid out for A4 when printed.
public enum HTMLReportRenderer {
    public static func render(_ layout: ReportLayout) -> String {
        var body = "<header>\n<h1>\(escape(layout.title))</h1>\n<p class=\"subtitle\">\(layout.subtitle.map(escape).joined(separator: " · "))</p>\n</header>\n<main>\n"
        if let message = layout.message {
            body += "<p class=\"message\">\(escape(message))</p>\n"
        } else {
            body += "<div class=\"figures\">\n"
            for figure in layout.figures {
                body += "<div class=\"figure\"><span class=\"value\">\(escape(figure.value))</span><span class=\"name\">\(escape(figure.name))</span></div>\n"
            }
            body += "</div>\n"
            body += layout.sections.map(section).joined()
        }
        body += "</main>\n<footer>\n" + layout.notes.map { "<p>\(escape($0))</p>\n" }.joined() + "</footer>\n"
        return """
            <!DOCTYPE html>
            <html lang="\(escape(layout.language))" dir="\(layout.isRightToLeft ? "rtl" : "ltr")">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(layout.title)) · \(escape(layout.subtitle.first ?? ""))</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    private static func section(_ section: ReportLayout.Section) -> String {
        var html = "<section>\n<h2>\(escape(section.heading))</h2>\n"
        html += section.notes.map { "<p class=\"note\">\(escape($0))</p>\n" }.joined()
        let wide = section.chart?.kind != .bars
        if section.table != nil || section.chart != nil { html += "<div class=\"\(wide ? "stack" : "pair")\">\n" }
        if wide, let chart = section.chart { html += "<div class=\"chart\">\(SVGChart.render(chart))</div>\n" }
        if let table = section.table { html += self.table(table) }
        if !wide, let chart = section.chart { html += "<div class=\"chart\">\(SVGChart.render(chart))</div>\n" }
        if section.table != nil || section.chart != nil { html += "</div>\n" }
        return html + "</section>\n"
    }

    private static func table(_ table: ReportLayout.Table) -> String {
        func row(_ cells: [String], tag: String) -> String {
            "<tr>" + cells.enumerated().map { column, cell in
                let numeric = column >= table.firstNumberColumn ? " class=\"n\"" : ""
                return "<\(tag)\(numeric)>\(escape(cell))</\(tag)>"
            }.joined() + "</tr>\n"
        }
        var html = "<table>\n<thead>\n" + row(table.header, tag: "th") + "</thead>\n<tbody>\n"
        html += table.rows.map { row($0, tag: "td") }.joined()
        html += "</tbody>\n"
        if let total = table.total { html += "<tfoot>\n" + row(total, tag: "td") + "</tfoot>\n" }
        return html + "</table>\n"
    }

    public static func escape(_ text: String) -> String { HTML.escape(text) }

    static let style = """
        @page { size: A4; margin: 14mm 14mm 16mm; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0 auto; max-width: 186mm; padding: 10mm 0; color: #1f2933;
               font: 10.5pt/1.45 "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
        header { border-bottom: 3px solid #2c5d8f; margin-bottom: 5mm; }
        h1 { font-size: 20pt; margin: 0 0 1mm; color: #2c5d8f; }
        h2 { font-size: 13pt; margin: 0 0 2mm; color: #2c5d8f; }
        .subtitle { margin: 0 0 3mm; color: #52606d; }
        .message { font-size: 13pt; padding: 6mm; background: #f0f4f8; border-left: 4px solid #2c5d8f; }
        .figures { display: flex; gap: 4mm; margin-bottom: 6mm; }
        .figure { flex: 1; padding: 3mm 4mm; background: #f0f4f8; border-radius: 2mm; }
        .figure .value { display: block; font-size: 18pt; font-weight: 700; color: #2c5d8f; }
        .figure .name { color: #52606d; }
        section { margin-bottom: 7mm; break-inside: avoid; }
        .note { margin: 0 0 2mm; color: #52606d; font-size: 9.5pt; }
        .pair { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 5mm; align-items: start; }
        .pair .chart { padding-top: 6mm; }
        .stack .chart { margin-bottom: 3mm; }
        .stack table { width: auto; min-width: 60%; }
        svg { display: block; max-width: 100%; height: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 9pt; }
        th, td { padding: 0.8mm 1.5mm; text-align: start; vertical-align: bottom; }
        th { border-bottom: 1.5px solid #1f2933; font-weight: 600; hyphens: auto; }
        th.n { white-space: normal; }
        tbody tr:nth-child(even) { background: #f5f7fa; }
        tfoot td { border-top: 1.5px solid #1f2933; font-weight: 700; }
        .n { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
        footer { border-top: 1px solid #d5dbe3; padding-top: 3mm; color: #52606d; font-size: 9pt; }
        footer p { margin: 0 0 1.5mm; }
        @media print { body { padding: 0; max-width: none; } }
        """
}
