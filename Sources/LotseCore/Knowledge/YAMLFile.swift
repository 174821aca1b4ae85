import Foundation
import Yams

/// A YAML node together with the file it came from, so every accessor can report `file:line`.
struct YAMLValue {
    let node: Node
    let file: String
    let diagnostics: Diagnostics
    /// Set when the YAML text was generated from another file (a row of the offer sheet): problems are
    /// then reported at that file's line and column.
    var origin: SourceMap? = nil

    var line: Int? { position(node.mark?.line).line }

    /// Reads and composes a YAML file; syntax errors are reported with their line.
    static func load(path: String, displayName: String, diagnostics: Diagnostics) -> YAMLValue? {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.error(displayName, nil, "cannot read file")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.error(displayName, nil, "file is not valid UTF-8")
            return nil
        }
        return parse(text, displayName: displayName, diagnostics: diagnostics)
    }

    static func parse(_ text: String, displayName: String, origin: SourceMap? = nil, diagnostics: Diagnostics) -> YAMLValue? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                diagnostics.error(displayName, 1, "file is empty")
                return nil
            }
            return YAMLValue(node: node, file: displayName, diagnostics: diagnostics, origin: origin)
        } catch let error as YamlError {
            let (line, reason) = Self.describe(error)
            diagnostics.error(displayName, line, "invalid YAML: \(reason)")
            return nil
        } catch {
            diagnostics.error(displayName, nil, "invalid YAML: \(error)")
            return nil
        }
    }

    static func describe(_ error: YamlError) -> (Int?, String) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return (mark.line, text)
        case let .duplicatedKeysInMapping(duplicates, context):
            return (context.mark.line, "duplicate key \(duplicates.joined(separator: ", "))")
        case let .reader(problem, _, _, _):
            return (nil, problem)
        default:
            return (nil, "\(error)")
        }
    }

    func error(_ reason: String) { report(at: node.mark, reason, severity: .error) }

    func warning(_ reason: String) { report(at: node.mark, reason, severity: .warning) }

    private func report(at mark: Mark?, _ reason: String, severity: KnowledgeError.Severity) {
        let (line, column) = position(mark?.line)
        let text = column.map { "column \($0): \(reason)" } ?? reason
        switch severity {
        case .error: diagnostics.error(file, line, text)
        case .warning: diagnostics.warning(file, line, text)
        }
    }

    private func position(_ line: Int?) -> (line: Int?, column: String?) {
        guard let origin, let line else { return (line, nil) }
        let position = origin.positions[line]
        return (position?.line, position?.column)
    }

    func child(_ node: Node) -> YAMLValue { YAMLValue(node: node, file: file, diagnostics: diagnostics, origin: origin) }

    // MARK: Typed access

    var string: String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    var mapping: [(key: String, value: YAMLValue)]? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.map { (key: $0.key.string ?? "", value: child($0.value)) }
    }

    var sequence: [YAMLValue]? {
        guard case .sequence(let sequence) = node else { return nil }
        return sequence.map { child($0) }
    }

    subscript(key: String) -> YAMLValue? {
        guard case .mapping(let mapping) = node else { return nil }
        for (k, v) in mapping where k.string == key { return child(v) }
        return nil
    }

    /// The mapping's keys, for rejecting misspelt field names.
    func checkKeys(allowed: Set<String>, what: String) {
        guard case .mapping(let mapping) = node else { return }
        for (key, _) in mapping {
            let name = key.string ?? ""
            if !allowed.contains(name) {
                report(at: key.mark, "unknown field '\(name)' in \(what) (allowed: \(allowed.sorted().joined(separator: ", ")))", severity: .error)
            }
        }
    }

    func requireString(_ key: String, in what: String) -> String? {
        guard let value = self[key] else { error("\(what) needs '\(key)'"); return nil }
        guard let text = value.string, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            value.error("'\(key)' of \(what) must be a non-empty text"); return nil
        }
        return text
    }

    func optionalInt(_ key: String, range: ClosedRange<Int>) -> Int? {
        guard let value = self[key] else { return nil }
        guard let text = value.string, let number = Int(text), range.contains(number) else {
            value.error("'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)\(value.found)")
            return nil
        }
        return number
    }

    /// An optional text: absent is fine, empty is not (a sheet cell could not tell the two apart).
    func optionalText(_ key: String) -> String? {
        guard let value = self[key] else { return nil }
        guard let text = value.string, !text.isEmpty else { value.error("'\(key)' must be a non-empty text"); return nil }
        return text
    }

    /// A list of one-line texts (sources, notes): one line each, so a sheet cell can hold them one per line.
    func lines(_ key: String) -> [String] {
        guard let value = self[key] else { return [] }
        guard let items = value.sequence else { value.error("'\(key)' must be a list of texts"); return [] }
        return items.compactMap { item in
            guard let text = item.string, !text.isEmpty, !text.contains(where: \.isNewline) else {
                item.error("each entry of '\(key)' must be a non-empty text on one line"); return nil
            }
            return text
        }
    }

    /// `, found '…'` for messages about a scalar that has the wrong form.
    var found: String { string.map { ", found '\($0)'" } ?? "" }

    /// A map from language code to text (`title: {de: …, en: …}`).
    func localized(_ key: String, in what: String, required: Bool) -> LocalizedText? {
        guard let value = self[key] else {
            if required { error("\(what) needs '\(key)'") }
            return nil
        }
        guard let entries = value.mapping else {
            value.error("'\(key)' must map language codes to texts, e.g. de: …"); return nil
        }
        var texts: [String: String] = [:]
        for (code, text) in entries {
            guard LanguageCode.isValid(code) else { text.error("'\(code)' is not a two-letter language code"); continue }
            guard let string = text.string, !string.isEmpty else { text.error("text for '\(code)' is empty"); continue }
            texts[code] = string
        }
        guard texts["de"] != nil else { value.error("'\(key)' needs a German text (de), the fallback for every language"); return nil }
        return LocalizedText(texts)
    }
}

/// Maps the lines of a generated YAML text back to the file it was made from.
final class SourceMap: Sendable {
    struct Position: Sendable {
        let line: Int
        let column: String?
    }

    let positions: [Int: Position]

    init(_ positions: [Int: Position]) { self.positions = positions }
}

enum LanguageCode {
    static func isValid(_ code: String) -> Bool {
        code.count == 2 && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
    }
}
