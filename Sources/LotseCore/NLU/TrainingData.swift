import Foundation

/// One annotated example of an intents file.
public struct TrainingExample: Sendable {
    public var intent: Intent
    public var language: String
    /// The example without annotation brackets.
    public var text: String
    /// Annotated entities, with scalar offsets into `text`.
    public var entities: [(kind: Entity.Kind, text: String, start: Int, end: Int)]
    public var file: String
    public var line: Int
}

/// Names an example across files and caches: its language and its text.
public struct ExampleKey: Hashable, Sendable {
    public var language: String
    public var text: String

    public init(language: String, text: String) {
        self.language = language
        self.text = text
    }
}

/// A phrase that carries an entity value (`- synonym: A1`).
public struct SynonymPhrase: Sendable {
    public var value: String
    public var phrase: String
    public var file: String
    public var line: Int
}

/// The contents of one intents file in Rasa NLU format.
public struct TrainingData: Sendable {
    public var language: String
    public var examples: [TrainingExample] = []
    public var synonyms: [SynonymPhrase] = []

    static func load(path: String, displayName: String, language: String, diagnostics: Diagnostics) -> TrainingData? {
        guard let root = YAMLValue.load(path: path, displayName: displayName, diagnostics: diagnostics) else { return nil }
        root.checkKeys(allowed: ["version", "nlu"], what: "an intents file")
        guard let items = root["nlu"]?.sequence else { root.error("an intents file needs a list 'nlu'"); return nil }
        var data = TrainingData(language: language)
        for item in items {
            item.checkKeys(allowed: ["intent", "synonym", "lookup", "regex", "examples"], what: "an nlu entry")
            guard let examples = item["examples"] else { item.error("nlu entry needs 'examples'"); continue }
            let lines = exampleLines(examples)
            if lines.isEmpty { examples.error("'examples' must list at least one '- example'") }
            if let name = item["intent"]?.string {
                guard let intent = Intent(rawValue: name) else {
                    item["intent"]?.error("unknown intent '\(name)' (known: \(Intent.allCases.map(\.rawValue).joined(separator: ", ")))")
                    continue
                }
                for (line, text) in lines {
                    switch Annotation.parse(text) {
                    case .success(let parsed):
                        data.examples.append(TrainingExample(intent: intent, language: language, text: parsed.text,
                                                             entities: parsed.entities, file: displayName, line: line))
                    case .failure(let problem):
                        diagnostics.error(displayName, line, problem.reason)
                    }
                }
            } else if let value = item["synonym"]?.string {
                for (line, text) in lines {
                    data.synonyms.append(SynonymPhrase(value: value, phrase: text, file: displayName, line: line))
                }
            } else if item["lookup"] == nil && item["regex"] == nil {
                item.error("nlu entry needs 'intent' or 'synonym'")
            }
        }
        return data
    }

    /// The `- example` lines of a block, each with its line number in the file.
    static func exampleLines(_ value: YAMLValue) -> [(Int, String)] {
        guard let block = value.string else { value.error("'examples' must be a block of '- ' lines"); return [] }
        let firstLine = (value.line ?? 0) + 1
        var result: [(Int, String)] = []
        for (offset, raw) in block.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = trimmed(raw)
            if line.isEmpty { continue }
            guard line.hasPrefix("- ") || line == "-" else {
                value.diagnostics.error(value.file, firstLine + offset, "example must start with '- '")
                continue
            }
            let text = String(trimmed(line.dropFirst(2)))
            if text.isEmpty { value.diagnostics.error(value.file, firstLine + offset, "empty example"); continue }
            result.append((firstLine + offset, text))
        }
        return result
    }
}

/// Spaces and tabs cut from both ends (without Foundation, which is slow for this).
func trimmed(_ text: Substring) -> Substring {
    var result = text
    while let first = result.first, first == " " || first == "\t" || first == "\r" { result = result.dropFirst() }
    while let last = result.last, last == " " || last == "\t" || last == "\r" { result = result.dropLast() }
    return result
}

/// Reads Rasa's entity annotation: `[34](age)`, `[A1]{"entity": "language_level"}`.
enum Annotation {
    struct Problem: Error { var reason: String }

    static func parse(_ source: String) -> Result<(text: String, entities: [(kind: Entity.Kind, text: String, start: Int, end: Int)]), Problem> {
        var text = String.UnicodeScalarView()
        var entities: [(kind: Entity.Kind, text: String, start: Int, end: Int)] = []
        let scalars = Array(source.unicodeScalars)
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "[" else { text.append(scalars[i]); i += 1; continue }
            guard let close = scalars[i...].firstIndex(of: "]"), close + 1 < scalars.count,
                  scalars[close + 1] == "(" || scalars[close + 1] == "{" else {
                return .failure(Problem(reason: "'[' without a closing '](entity)' annotation"))
            }
            let closer: Unicode.Scalar = scalars[close + 1] == "(" ? ")" : "}"
            guard let end = scalars[(close + 1)...].firstIndex(of: closer) else {
                return .failure(Problem(reason: "annotation is not closed with '\(closer)'"))
            }
            let spanText = String(String.UnicodeScalarView(scalars[(i + 1)..<close]))
            var label = String(String.UnicodeScalarView(scalars[(close + 2)..<end]))
            if closer == "}" {
                guard let data = "{\(label)}".data(using: .utf8),
                      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                      let name = object["entity"] as? String else {
                    return .failure(Problem(reason: "annotation {…} must be JSON with an \"entity\" field"))
                }
                label = name
            }
            label = String(label.split(separator: ":").first ?? "")
            guard let kind = Entity.Kind(rawValue: label) else {
                return .failure(Problem(reason: "unknown entity '\(label)' (known: age, language_level, residence, language)"))
            }
            guard !spanText.isEmpty else { return .failure(Problem(reason: "empty entity text in annotation")) }
            let start = text.count
            text.append(contentsOf: spanText.unicodeScalars)
            entities.append((kind, spanText, start, text.count))
            i = end + 1
        }
        return .success((String(text), entities))
    }
}
