import Foundation
import Testing
@testable import LotseCore

/// Golden conversations in `Tests/Transcripts/*.txt`: every line `> text` is what the person types,
/// the lines after it are exactly what `lotse chat` shows. A change in behaviour shows up as a diff.
/// After a deliberate change, regenerate with `LOTSE_UPDATE_TRANSCRIPTS=1 swift test` and review
/// the diff like any other change.
@Suite struct TranscriptTests {
    static let directory = Fixtures.root + "/Tests/Transcripts"

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    }

    @Test(arguments: files)
    func transcript(_ name: String) throws {
        let path = Self.directory + "/" + name
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let (header, turns) = Self.parse(text)
        #expect(!turns.isEmpty, "\(name) has no turns")
        let language = header.first { $0.hasPrefix("# language:") }.map { String($0.dropFirst(11)).trimmingCharacters(in: .whitespaces) }
        let engine = DialogueEngine(knowledge: Fixtures.knowledge)
        var conversation = Conversation(language: language ?? Fixtures.knowledge.defaultLanguage)
        var actual = header.joined(separator: "\n") + "\n"
        for (index, turn) in turns.enumerated() {
            let shown = PlainTextRenderer.render(engine.respond(to: turn.input, in: &conversation))
            actual += "\n> \(turn.input)\n\(shown)\n"
            if ProcessInfo.processInfo.environment["LOTSE_UPDATE_TRANSCRIPTS"] == nil {
                #expect(shown == turn.expected, "\(name), turn \(index + 1) «\(turn.input)»")
            }
        }
        if ProcessInfo.processInfo.environment["LOTSE_UPDATE_TRANSCRIPTS"] != nil {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    static func parse(_ text: String) -> (header: [String], turns: [(input: String, expected: String)]) {
        var header: [String] = []
        var turns: [(input: String, expected: String)] = []
        var current: (input: String, lines: [String])? = nil
        func close() {
            if let turn = current {
                turns.append((turn.input, turn.lines.joined(separator: "\n").trimmingCharacters(in: .newlines)))
            }
        }
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("> ") || line == ">" {
                close()
                current = (String(line.dropFirst(2)), [])
            } else if current != nil {
                current!.lines.append(line)
            } else if line.hasPrefix("#") {
                header.append(line)
            }
        }
        close()
        return (header, turns)
    }
}
