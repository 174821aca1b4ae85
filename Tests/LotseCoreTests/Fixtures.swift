import Foundation
@testable import LotseCore

/// The shipped knowledge base, loaded once for all tests.
enum Fixtures {
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static let knowledge: KnowledgeBase = {
        do { return try KnowledgeLoader(root: root).load() } catch { fatalError("shipped knowledge base does not load:\n\(error)") }
    }()

    static var nlu: NLU { knowledge.nlu }

    static func parse(_ text: String, expecting: Slot? = nil, language: String? = nil) -> ParseResult {
        knowledge.nlu.parse(text, context: ParseContext(expecting: expecting, language: language))
    }

    /// Plays a conversation and returns each turn's messages.
    static func talk(_ lines: [String], language: String? = nil) -> (Conversation, [[BotMessage]]) {
        let engine = DialogueEngine(knowledge: knowledge)
        var conversation = Conversation(language: language ?? knowledge.defaultLanguage)
        var turns: [[BotMessage]] = []
        for line in lines { turns.append(engine.respond(to: line, in: &conversation)) }
        return (conversation, turns)
    }

    /// A copy of knowledge/ and intents/ in a temporary folder, for tests that break files.
    static func scratchCopy() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in ["knowledge", "intents"] {
            try FileManager.default.copyItem(atPath: (root as NSString).appendingPathComponent(name),
                                             toPath: (directory as NSString).appendingPathComponent(name))
        }
        return directory
    }
}

extension Array where Element == BotMessage {
    var texts: String { compactMap(\.text).joined(separator: "\n") }
}
