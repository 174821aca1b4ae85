/// CLDR plural rules for whole numbers (the counts Lotse shows: offers, options), read from the
/// language files, so «1 offer / 2 offers» and Arabic's six forms come from data, not code.
///
/// Supported syntax: operands `n`, `i` (for integers both are the number; `v`, `f`, `t`, `w`, `e`
/// are 0), `%` modulo, `=`/`!=` with value lists and ranges (`2..4, 7`), combined with `and`/`or`.
public struct PluralRules: Sendable {
    public enum Category: String, Sendable, CaseIterable {
        case zero, one, two, few, many, other
    }

    private struct Relation: Sendable {
        var operand: Character
        var modulo: Int?
        var negated: Bool
        var ranges: [ClosedRange<Int>]

        func matches(_ number: Int) -> Bool {
            var value: Int
            switch operand {
            case "n", "i": value = number
            default: value = 0
            }
            if let modulo { value %= modulo }
            let found = ranges.contains { $0.contains(value) }
            return negated ? !found : found
        }
    }

    /// Disjunction of conjunctions of relations, per category.
    private let rules: [(Category, [[Relation]])]

    public static let englishLike = try! PluralRules(["one": "i = 1 and v = 0"])

    public init(_ source: [String: String]) throws {
        var rules: [(Category, [[Relation]])] = []
        for category in Category.allCases where category != .other {
            guard let text = source[category.rawValue] else { continue }
            rules.append((category, try Self.parse(text)))
        }
        for key in source.keys where Category(rawValue: key) == nil {
            throw PluralRuleError(reason: "unknown plural category '\(key)' (use zero, one, two, few, many, other)")
        }
        self.rules = rules
    }

    public func category(for number: Int) -> Category {
        for (category, alternatives) in rules where alternatives.contains(where: { $0.allSatisfy { $0.matches(number) } }) {
            return category
        }
        return .other
    }

    public var categories: [Category] { rules.map(\.0) + [.other] }

    private static func parse(_ text: String) throws -> [[Relation]] {
        let condition = text.split(separator: "@").first.map(String.init) ?? text
        return try condition.components(separatedBy: " or ").map { conjunction in
            try conjunction.components(separatedBy: " and ").map { try parseRelation($0) }
        }
    }

    private static func parseRelation(_ text: String) throws -> Relation {
        let negated = text.contains("!=")
        let parts = text.components(separatedBy: negated ? "!=" : "=")
        guard parts.count == 2 else { throw PluralRuleError(reason: "cannot read plural rule '\(text)'") }
        let left = parts[0].replacingOccurrences(of: " ", with: "")
        guard let operand = left.first, "nivftwe".contains(operand) else {
            throw PluralRuleError(reason: "unknown operand in '\(text)'")
        }
        var modulo: Int? = nil
        if let percent = left.firstIndex(of: "%") {
            guard let m = Int(left[left.index(after: percent)...]), m > 0 else {
                throw PluralRuleError(reason: "bad modulo in '\(text)'")
            }
            modulo = m
        }
        var ranges: [ClosedRange<Int>] = []
        for item in parts[1].replacingOccurrences(of: " ", with: "").split(separator: ",") {
            let bounds = item.components(separatedBy: "..")
            guard let low = Int(bounds[0]), let high = Int(bounds.last ?? ""), low <= high else {
                throw PluralRuleError(reason: "bad value or range '\(item)' in '\(text)'")
            }
            ranges.append(low...high)
        }
        return Relation(operand: operand, modulo: modulo, negated: negated, ranges: ranges)
    }
}

public struct PluralRuleError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
