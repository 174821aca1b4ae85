import Foundation

/// Counters and latency histograms in Prometheus' text format. Labels carry routes, status codes,
/// intents and languages — never message text or sender ids.
final class Metrics: @unchecked Sendable {
    private let lock = NSLock()
    private var counters: [String: [String: Double]] = [:]
    private var histograms: [String: Histogram] = [:]
    private let help: [String: String] = [
        "lotse_http_requests_total": "HTTP requests by route and status code.",
        "lotse_http_request_duration_seconds": "HTTP request latency by route.",
        "lotse_turns_total": "Dialogue turns by recognised intent and conversation language.",
        "lotse_referrals_total": "Turns that produced a referral (offers or none fits), by whether a local offer fitted.",
        "lotse_statistics_errors_total": "Referrals that could not be counted in the enquiry statistics.",
        "lotse_errors_total": "Requests that failed inside the server (status 5xx).",
        "lotse_rate_limited_total": "Requests refused by the per-sender rate limit.",
        "lotse_telegram_duplicates_total": "Telegram updates received again and not processed twice.",
        "lotse_knowledge_reloads_total": "Knowledge base reloads by outcome.",
    ]

    struct Histogram {
        static let bounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]
        var buckets: [String: [Int]] = [:]
        var sums: [String: Double] = [:]
        var counts: [String: Int] = [:]

        /// Counts one observation in place (no copy of the buckets per request).
        mutating func observe(_ seconds: Double, key: String) {
            if buckets[key] == nil { buckets[key] = Array(repeating: 0, count: Self.bounds.count) }
            for (index, bound) in Self.bounds.enumerated() where seconds <= bound { buckets[key]![index] += 1 }
            sums[key, default: 0] += seconds
            counts[key, default: 0] += 1
        }
    }

    func increment(_ name: String, _ labels: [(String, String)] = [], by value: Double = 1) {
        let key = Self.render(labels)
        lock.withLock { counters[name, default: [:]][key, default: 0] += value }
    }

    func observe(_ name: String, _ labels: [(String, String)], seconds: Double) {
        let key = Self.render(labels)
        lock.withLock { histograms[name, default: Histogram()].observe(seconds, key: key) }
    }

    func render() -> String {
        lock.withLock {
            var out = ""
            for name in counters.keys.sorted() {
                out += "# HELP \(name) \(help[name] ?? name)\n# TYPE \(name) counter\n"
                for (labels, value) in counters[name]!.sorted(by: { $0.key < $1.key }) {
                    out += "\(name)\(labels) \(Self.number(value))\n"
                }
            }
            for name in histograms.keys.sorted() {
                let histogram = histograms[name]!
                out += "# HELP \(name) \(help[name] ?? name)\n# TYPE \(name) histogram\n"
                for labels in histogram.counts.keys.sorted() {
                    let inner = labels.isEmpty ? "" : String(labels.dropFirst().dropLast()) + ","
                    for (index, bound) in Histogram.bounds.enumerated() {
                        out += "\(name)_bucket{\(inner)le=\"\(bound)\"} \(histogram.buckets[labels]![index])\n"
                    }
                    out += "\(name)_bucket{\(inner)le=\"+Inf\"} \(histogram.counts[labels]!)\n"
                    out += "\(name)_sum\(labels) \(histogram.sums[labels]!)\n"
                    out += "\(name)_count\(labels) \(histogram.counts[labels]!)\n"
                }
            }
            return out
        }
    }

    private static func render(_ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return "" }
        var out = "{"
        for (index, (name, value)) in labels.enumerated() {
            if index > 0 { out += "," }
            out += name + "=\""
            // Routes, codes, intents and languages need no escape; only a value that does is walked.
            if value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) {
                for character in value {
                    switch character {
                    case "\\": out += "\\\\"
                    case "\"": out += "\\\""
                    case "\n": out += "\\n"
                    default: out.append(character)
                    }
                }
            } else {
                out += value
            }
            out += "\""
        }
        return out + "}"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
