import Foundation
import Testing
import LotseCore
import LotseSQLite

@Suite struct SQLiteConversationStoreTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("lotse-store-\(UUID().uuidString).sqlite").path
    }

    func sample() -> Conversation {
        var conversation = Conversation(language: "ar")
        conversation.profile = Profile(age: 34, level: .a1, residence: Place(name: "Parchim", municipalityKey: "13076108",
                                                                             districtKey: "13076", stateKey: "13"), topic: .askLanguageCourse)
        conversation.expecting = .residence
        conversation.failures[.age] = 1
        return conversation
    }

    @Test func survivesReopeningTheFile() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try SQLiteConversationStore(path: path)
            try store.save(sample(), sender: "a", at: Date())
        }
        let reopened = try SQLiteConversationStore(path: path)
        #expect(try reopened.load(sender: "a", notBefore: .distantPast) == sample())
        #expect(try reopened.load(sender: "b", notBefore: .distantPast) == nil)
    }

    @Test func expiredConversationsAreNotLoadedAndArePurged() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteConversationStore(path: path)
        let now = Date()
        try store.save(sample(), sender: "old", at: now.addingTimeInterval(-7200))
        try store.save(sample(), sender: "new", at: now)
        #expect(try store.load(sender: "old", notBefore: now.addingTimeInterval(-3600)) == nil)
        #expect(try store.purge(idleBefore: now.addingTimeInterval(-3600)) == 1)
        #expect(try store.count() == 1)
    }

    @Test func deleteErasesEverything() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteConversationStore(path: path)
        try store.save(sample(), sender: "x", at: Date())
        #expect(try store.delete(sender: "x"))
        #expect(try !store.delete(sender: "x"))
        #expect(try store.load(sender: "x", notBefore: .distantPast) == nil)
    }

    @Test func storesNoMessageText() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteConversationStore(path: path)
        let engine = DialogueEngine(knowledge: try KnowledgeLoader(root: Self.root).load())
        var conversation = Conversation(language: "de")
        for line in ["Ich heiße Zainab und suche einen Deutschkurs", "34", "A1", "Parchim"] {
            _ = engine.respond(to: line, in: &conversation)
            try store.save(conversation, sender: "s", at: Date())
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path)) + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data("Zainab".utf8)) == nil)
        #expect(bytes.range(of: Data("Deutschkurs".utf8)) == nil)
    }

    @Test func rejectsAPathItCannotOpen() {
        #expect(throws: SQLiteError.self) { try SQLiteConversationStore(path: "/nonexistent-dir/x/lotse.sqlite") }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}
