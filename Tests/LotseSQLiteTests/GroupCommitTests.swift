import Foundation
import Testing
import LotseCore
@testable import LotseSQLite

/// The server's saves, gathered into shared commits: every save that returned is committed — seen
/// at once by another connection to the file, with its statistics —, and a batch that cannot commit
/// fails every save in it, none half-kept.
@Suite struct GroupCommitTests {
    func temporaryPath() -> String { TemporaryDatabase.path("group-commit") }
    func remove(_ path: String) { TemporaryDatabase.remove(path) }

    let parchim = TemporaryDatabase.parchim

    func conversation(turns: Int) -> Conversation {
        var conversation = Conversation(language: "uk")
        conversation.profile = Profile(age: 34, level: .a1, residence: nil, topic: .askLanguageCourse)
        conversation.turns = turns
        return conversation
    }

    /// Another connection to the same file, as `lotse report` has: it sees only what was committed.
    final class Reader: @unchecked Sendable {
        let database: SQLiteDatabase
        let select: Statement

        init(path: String) throws {
            database = try SQLiteDatabase(path: path)
            try database.execute("PRAGMA busy_timeout=5000")
            select = try database.prepare("SELECT state FROM conversations WHERE sender = ?")
        }

        func turns(of sender: String) throws -> Int? {
            try database.serialized {
                var turns: Int?
                try select.query([sender]) { turns = ConversationCodec.decode($0.blob(0))?.turns }
                return turns
            }
        }
    }

    /// Polls a condition: the order of events is what the tests need, not any particular timing,
    /// which a busy machine running the other suites in parallel would not keep.
    static func waitUntil(_ condition: @Sendable () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(60)
        while !condition() {
            guard Date() < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test func concurrentSavesShareCommitsAndAreAllCommittedWhenAnswered() async throws {
        let path = temporaryPath()
        defer { remove(path) }
        let store = try SQLiteConversationStore(path: path)
        let reader = try Reader(path: path)
        let count = 300
        // The writer is held for a moment, so that the saves queue up behind it.
        store.writer.hold()
        let release = Task {
            try await Self.waitUntil { store.writer.waiting >= 2 }
            store.writer.release()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask {
                    let sender = "s\(index)"
                    let outcome = try await store.save(StoredTurn(conversation: self.conversation(turns: index), sender: sender,
                                                                  time: Date(), enquiry: index % 3 == 0 ? self.parchim : nil))
                    #expect(outcome == .saved(counted: true))
                    // Answered means committed: another connection sees it right away.
                    #expect(try reader.turns(of: sender) == index)
                }
            }
            try await group.waitForAll()
        }
        try await release.value
        #expect(store.writer.largestBatch > 1)
        #expect(try store.count() == count)
        let report = try SQLiteStatisticsStore(path: path, readOnly: true)
        let counts = try report.enquiries(from: Day(Date()).adding(days: -1), through: Day(Date()).adding(days: 1))
        #expect(counts.map(\.count) == [count / 3])
        #expect(try store.load(sender: "s7", notBefore: .distantPast)?.turns == 7)
    }

    @Test func aBatchThatCannotCommitFailsEverySaveInIt() async throws {
        let path = temporaryPath()
        defer { remove(path) }
        let store = try SQLiteConversationStore(path: path)
        let reader = try Reader(path: path)
        // A save of this sender ends the whole transaction, as a full disk or an I/O error would.
        try reader.database.execute("""
            CREATE TRIGGER poison BEFORE INSERT ON conversations WHEN NEW.sender = 'poison'
            BEGIN SELECT RAISE(ROLLBACK, 'poisoned'); END
            """)
        // The first save commits alone; the others queue behind the held writer and form one batch.
        let first = try await store.save(StoredTurn(conversation: conversation(turns: 1), sender: "first", time: Date())) == .saved(counted: true)
        store.writer.hold()
        let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
            for sender in (0..<20).map({ "s\($0)" }) + ["poison"] {
                group.addTask {
                    let saved = try? await store.save(StoredTurn(conversation: self.conversation(turns: 2), sender: sender, time: Date(),
                                                                 enquiry: self.parchim))
                    return (sender, saved != nil)
                }
            }
            try? await Self.waitUntil { store.writer.waiting == 21 }
            store.writer.release()
            return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(first)
        #expect(try reader.turns(of: "first") == 1)
        #expect(outcomes.count == 21)
        for (sender, saved) in outcomes {
            #expect(!saved, "\(sender) was answered although its batch was rolled back")
            #expect(try reader.turns(of: sender) == nil)
            #expect(try store.load(sender: sender, notBefore: .distantPast) == nil)
        }
        let report = try SQLiteStatisticsStore(path: path, readOnly: true)
        #expect(try report.enquiries(from: Day(Date()).adding(days: -1), through: Day(Date()).adding(days: 1)).isEmpty)
        // The next batch commits again.
        _ = try await store.save(StoredTurn(conversation: conversation(turns: 3), sender: "s0", time: Date()))
        #expect(try reader.turns(of: "s0") == 3)
    }
}
