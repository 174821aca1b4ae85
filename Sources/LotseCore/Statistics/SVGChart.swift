import Foundation

/// Inline SVG charts for the HTML report: horizontal bars for a breakdown, lines for a trend.
/// Plain shapes and text, no script, sized by a viewBox so they scale to the page and print sharp.
/// Values hidden by k-anonymity (nil) are left out: no bar, and a break in the line.
public enum SVGChart {
    static let colours = ["#2c5d8f", "#c8641e"]
    static let font = "font-family=\"'Noto Sans', 'DejaVu Sans', Arial, sans-serif\""

    public static func render(_ chart: ReportLayout.Chart) -> String {
        switch chart.kind {
        case .bars: return bars(chart)
        case .lines: return lines(chart)
        }
    }

    // MARK: Bars

    static func bars(_ chart: ReportLayout.Chart) -> String {
        guard let series = chart.series.first else { return "" }
        let items = zip(chart.categories, series.values).compactMap { name, value in value.map { (name, $0) } }
        let (width, labelWidth, rowHeight, barHeight) = (300.0, 128.0, 20.0, 13.0)
        let barSpace = width - labelWidth - 44
        let maximum = Double(items.map(\.1).max() ?? 1)
        var svg = open(width: width, height: max(rowHeight, Double(items.count) * rowHeight + 4), title: series.name)
        for (index, (name, value)) in items.enumerated() {
            let y = Double(index) * rowHeight + 2
            let length = max(1, barSpace * Double(value) / maximum)
            svg += text(x: labelWidth - 6, y: y + rowHeight / 2, anchor: "end", clipped(name, to: 19))
            svg += "<rect x=\"\(f(labelWidth))\" y=\"\(f(y + (rowHeight - barHeight) / 2))\" width=\"\(f(length))\" height=\"\(f(barHeight))\" fill=\"\(colours[0])\"/>"
            svg += text(x: labelWidth + length + 4, y: y + rowHeight / 2, anchor: "start", String(value))
        }
        return svg + "</svg>"
    }

    // MARK: Lines

    static func lines(_ chart: ReportLayout.Chart) -> String {
        let (width, height) = (700.0, 240.0)
        let (left, right, top, bottom) = (44.0, 12.0, 28.0, 44.0)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let count = chart.categories.count
        let maximum = chart.series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        let step = tickStep(for: maximum)
        let ceiling = max(step, (Double(maximum) / step).rounded(.up) * step)
        func x(_ index: Int) -> Double { left + plotWidth * (Double(index) + 0.5) / Double(max(1, count)) }
        func y(_ value: Int) -> Double { top + plotHeight * (1 - Double(value) / ceiling) }

        var svg = open(width: width, height: height, title: chart.series.map(\.name).joined(separator: ", "))
        for tick in stride(from: 0.0, through: ceiling, by: step) {
            let position = y(Int(tick))
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(position))\" x2=\"\(f(width - right))\" y2=\"\(f(position))\" stroke=\"#d5dbe3\" stroke-width=\"1\"/>"
            svg += text(x: left - 6, y: position, anchor: "end", String(Int(tick)))
        }
        let labelEvery = max(1, Int((Double(count) * 78 / plotWidth).rounded(.up)))
        for index in stride(from: 0, to: count, by: labelEvery) {
            svg += text(x: x(index), y: height - bottom + 16, anchor: "middle", clipped(chart.categories[index], to: 14))
        }
        for (number, series) in chart.series.enumerated() {
            let colour = colours[number % colours.count]
            for run in runs(series.values) {
                let points = run.map { "\(f(x($0.index))),\(f(y($0.value)))" }.joined(separator: " ")
                if run.count > 1 {
                    svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.2\" stroke-linejoin=\"round\"/>"
                }
                for point in run {
                    svg += "<circle cx=\"\(f(x(point.index)))\" cy=\"\(f(y(point.value)))\" r=\"3\" fill=\"\(colour)\"/>"
                }
            }
            let legendX = left + Double(number) * 220
            svg += "<rect x=\"\(f(legendX))\" y=\"6\" width=\"14\" height=\"10\" fill=\"\(colour)\"/>"
            svg += text(x: legendX + 20, y: 11, anchor: "start", series.name)
        }
        return svg + "</svg>"
    }

    /// Unbroken stretches of shown values.
    static func runs(_ values: [Int?]) -> [[(index: Int, value: Int)]] {
        var runs: [[(index: Int, value: Int)]] = [[]]
        for (index, value) in values.enumerated() {
            if let value { runs[runs.count - 1].append((index, value)) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        return runs.filter { !$0.isEmpty }
    }

    /// 1, 2 or 5 times a power of ten, giving about five grid lines.
    static func tickStep(for maximum: Int) -> Double {
        let rough = max(1, Double(maximum) / 5)
        let power = pow(10, (log10(rough)).rounded(.down))
        return [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? rough
    }

    // MARK: Pieces

    private static func open(width: Double, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(escape(title))\" \(font) font-size=\"11\" fill=\"#1f2933\">"
    }

    private static func text(x: Double, y: Double, anchor: String, _ content: String) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" dominant-baseline=\"central\">\(escape(content))</text>"
    }

    private static func clipped(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func escape(_ text: String) -> String { HTMLReportRenderer.escape(text) }
}
