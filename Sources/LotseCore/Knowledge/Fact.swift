/// A fact beyond age, German level and place that decides whether an offer fits: residence
/// status, what the person does now, a finished integration course … (`knowledge/facts.yml`).
/// Swift knows only that a fact is a choice among named values; which facts exist, their values,
/// questions and phrases are data, so a new fact needs files, not code.
public struct Fact: Sendable, Hashable {
    public let name: String
    public let values: [String]
    /// Kept in the conversation only: never logged, counted, or printed on a handout.
    public let sensitive: Bool

    /// The message key of the question, of the one-line reason for asking, of a value's name.
    public var questionKey: String { "fact_\(name)_question" }
    public var reasonKey: String { "fact_\(name)_reason" }
    public func valueKey(_ value: String) -> String { "fact_\(name)_\(value)" }

    /// Every message key the fact needs in each language file.
    public var messageKeys: [String] { [questionKey, reasonKey] + values.map(valueKey) }
}

/// The facts of `knowledge/facts.yml`, in the order they are preferred when several would narrow a list.
public struct FactSettings: Sendable {
    public let facts: [Fact]
    /// How many narrowing questions one conversation asks at most.
    public let maxQuestions: Int

    public init(facts: [Fact], maxQuestions: Int) {
        self.facts = facts
        self.maxQuestions = maxQuestions
    }

    public func fact(named name: String) -> Fact? { facts.first { $0.name == name } }

    /// Where a fact stands in the file, for a stable order of conditions and questions.
    public func rank(of name: String) -> Int { facts.firstIndex { $0.name == name } ?? facts.count }

    /// «status=recognised_protection», the form of a fact in phrases, payloads and commands.
    public func parse(_ text: String) -> (fact: Fact, value: String)? {
        guard let (fact, value) = answer(text), fact.values.contains(value) else { return nil }
        return (fact, value)
    }

    /// «status=…» with a value of the fact or one of the two answers that skip its question
    /// (`FactAnswer`), as the question's buttons send them.
    public func answer(_ text: String) -> (fact: Fact, value: String)? {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let fact = fact(named: parts[0]),
              fact.values.contains(parts[1]) || parts[1] == FactAnswer.unknown || parts[1] == FactAnswer.declined else { return nil }
        return (fact, parts[1])
    }
}

/// An offer's rule on one fact: the person must have one of `values`.
public struct FactRequirement: Sendable, Hashable {
    public let fact: String
    public let values: [String]
}
