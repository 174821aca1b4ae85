import Foundation
import Testing
import LotseCore
import LotseSQLite

@Suite struct SQLiteConversationStoreTests {
    func temporaryPath() -> String { TemporaryDatabase.path("store") }

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
        defer { TemporaryDatabase.remove(path) }
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
        defer { TemporaryDatabase.remove(path) }
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
        defer { TemporaryDatabase.remove(path) }
        let store = try SQLiteConversationStore(path: path)
        try store.save(sample(), sender: "x", at: Date())
        #expect(try store.delete(sender: "x"))
        #expect(try !store.delete(sender: "x"))
        #expect(try store.load(sender: "x", notBefore: .distantPast) == nil)
    }

    /// Once `delete` returns, no file of the database holds the sender id or its state — read
    /// while the store is still open, as a `kill -9` right after the erasure would leave them.
    @Test func erasureLeavesNoByteOfTheSenderInAnyFile() async throws {
        let path = TemporaryDatabase.path("erase")
        defer { TemporaryDatabase.remove(path) }
        let store = try SQLiteConversationStore(path: path)
        let sender = "erase-me-\(UUID().uuidString)"
        var conversation = sample()
        for age in 20..<60 {
            conversation.profile.age = age
            _ = try await store.save(StoredTurn(conversation: conversation, sender: sender, time: Date()))
            _ = try await store.save(StoredTurn(conversation: sample(), sender: "keep-\(age)", time: Date()))
        }
        let state = ConversationCodec.encode(conversation)
        func files() -> [(String, Data)] {
            ["", "-wal", "-shm"].compactMap { suffix in (try? Data(contentsOf: URL(fileURLWithPath: path + suffix))).map { (suffix, $0) } }
        }
        #expect(files().contains { $0.1.range(of: Data(sender.utf8)) != nil }, "the test should see the sender before the erasure")
        #expect(try store.delete(sender: sender))
        for (suffix, bytes) in files() {
            #expect(bytes.range(of: Data(sender.utf8)) == nil, "the sender id is still in \(suffix.isEmpty ? "the database" : suffix)")
            #expect(bytes.range(of: state) == nil, "the state is still in \(suffix.isEmpty ? "the database" : suffix)")
        }
        #expect(try store.load(sender: "keep-20", notBefore: .distantPast) == sample())
    }

    @Test func deliveriesAtTheEndsOfInt64AreRecordedOnce() async throws {
        let path = temporaryPath()
        defer { TemporaryDatabase.remove(path) }
        let store = try SQLiteConversationStore(path: path)
        for id in [Int64.max, Int64.min, -5] {
            #expect(try await store.save(StoredTurn(conversation: sample(), sender: "d\(id)", time: Date(), delivery: id)) != .duplicateDelivery)
            #expect(try await store.save(StoredTurn(conversation: sample(), sender: "d\(id)", time: Date(), delivery: id)) == .duplicateDelivery)
        }
    }

    @Test func storesNoMessageText() throws {
        let path = temporaryPath()
        defer { TemporaryDatabase.remove(path) }
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
