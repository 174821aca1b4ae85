import Foundation
import LotseCore
@testable import LotsePostgres
import LotseTestSupport
import Testing

/// What only PostgreSQL has to show: turns of one sender from two servers (two pools) applied
/// exactly once, the schema migrations, and a database that is not there.
@Suite struct PostgresStoreTests {
    static let skip = Comment(rawValue: TemporaryPostgresDatabase.skipNotice)

    static func open(_ url: String) async throws -> PostgresConversationStore {
        try await PostgresConversationStore(PostgresConfiguration(url: url, timeoutSeconds: StoreKind.patientTimeout),
                                            logger: TemporaryPostgresDatabase.quiet)
    }

    @Test(.disabled(if: !TemporaryPostgresDatabase.available, skip))
    func concurrentTurnsOfOneSenderOnTwoPoolsAreEachAppliedOnce() async throws {
        try await TemporaryPostgresDatabase.with { database in
            let (first, second) = (try await Self.open(database.url), try await Self.open(database.url))
            let turnsEach = 40
            let seen = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<(2 * turnsEach) {
                    let store = index.isMultiple(of: 2) ? first : second
                    group.addTask {
                        let outcome = try await store.turn(sender: "shared", notBefore: .distantPast, at: Date(), delivery: nil) { stored in
                            let turns = stored?.turns ?? 0
                            var next = stored ?? Conversation(language: "de")
                            next.turns = turns + 1
                            return TurnStep(conversation: next, enquiry: nil, answer: turns)
                        }
                        guard case .answered(let turns, _) = outcome else { return -1 }
                        return turns
                    }
                }
                var seen: [Int] = []
                for try await turns in group { seen.append(turns) }
                return seen
            }
            // Every turn saw a different predecessor: none was lost, none applied twice.
            #expect(seen.sorted() == Array(0..<(2 * turnsEach)))
            #expect(try await first.load(sender: "shared", notBefore: .distantPast)?.turns == 2 * turnsEach)
            await first.close()
            await second.close()
        }
    }

    @Test(.disabled(if: !TemporaryPostgresDatabase.available, skip))
    func aDuplicateDeliveryOnTheOtherPoolIsAnsweredOnce() async throws {
        try await TemporaryPostgresDatabase.with { database in
            let (first, second) = (try await Self.open(database.url), try await Self.open(database.url))
            let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<10 {
                    let store = index.isMultiple(of: 2) ? first : second
                    group.addTask {
                        let outcome = try await store.turn(sender: "telegram:7", notBefore: .distantPast, at: Date(), delivery: 777) { stored in
                            TurnStep(conversation: stored ?? Conversation(language: "de"), enquiry: nil, answer: true)
                        }
                        if case .answered = outcome { return true }
                        return false
                    }
                }
                var answered = 0
                for try await yes in group where yes { answered += 1 }
                return answered
            }
            #expect(answered == 1)
            await first.close()
            await second.close()
        }
    }

    @Test(.disabled(if: !TemporaryPostgresDatabase.available, skip))
    func anOlderSchemaIsUpgradedKeepingItsConversations() async throws {
        try await TemporaryPostgresDatabase.with { database in
            let configuration = try PostgresConfiguration(url: database.url, timeoutSeconds: StoreKind.patientTimeout)
            let old = try await PostgresConversationStore(configuration, logger: TemporaryPostgresDatabase.quiet, schemaVersion: 1)
            var conversation = Conversation(language: "fa")
            conversation.turns = 4
            try await old.save(conversation, sender: "before-upgrade", at: Date())
            await old.close()
            #expect(try await database.number("SELECT COUNT(*) FROM pg_tables WHERE tablename = 'enquiries'") == 0)

            let upgraded = try await Self.open(database.url)
            #expect(try await database.number("SELECT MAX(version) FROM lotse_schema") == PostgresSchema.latest)
            #expect(try await upgraded.load(sender: "before-upgrade", notBefore: .distantPast) == conversation)
            try await upgraded.statistics.record(ConversationStoreContractTests.parchim, on: Day(Date()))
            #expect(try await upgraded.statistics.enquiries(from: Day(Date()), through: Day(Date())).map(\.count) == [1])
            await upgraded.close()
        }
    }

    @Test(.disabled(if: !TemporaryPostgresDatabase.available, skip))
    func aNewerSchemaIsRefusedWithAClearMessage() async throws {
        try await TemporaryPostgresDatabase.with { database in
            await (try await Self.open(database.url)).close()
            try await database.execute("INSERT INTO lotse_schema (version) VALUES (99)")
            do {
                let store = try await Self.open(database.url)
                await store.close()
                Issue.record("a database of schema 99 was opened")
            } catch let error as PostgresStoreError {
                #expect("\(error)".contains("newer version of Lotse (schema 99, this version knows up to \(PostgresSchema.latest))"))
            }
            do {
                let reader = try await PostgresStatisticsStore(readingFrom: PostgresConfiguration(url: database.url, timeoutSeconds: StoreKind.patientTimeout),
                                                               logger: TemporaryPostgresDatabase.quiet)
                await reader.close()
                Issue.record("lotse report would read a database of schema 99")
            } catch let error as PostgresStoreError {
                #expect("\(error)".contains("schema 99"))
            }
        }
    }

    /// Nothing listens on the port: the store must give up at its own 1 s timeout, not when the
    /// pool's 60 s circuit breaker does. It needs no server, but it measures a deadline, and it runs
    /// with the PostgreSQL suites on their own (`.ci/run`): in the README's run, on two cores, the
    /// tests that wait for Chromium or tmux hold the test runner's threads for minutes, and no
    /// deadline of any task can be measured there.
    @Test(.disabled(if: !TemporaryPostgresDatabase.available, skip))
    func aDatabaseThatIsNotThereIsUnavailableWithinTheTimeout() async throws {
        let port = LoopbackPort.unused()
        let started = ContinuousClock.now
        await #expect(throws: StoreUnavailable.self) {
            _ = try await PostgresConversationStore(PostgresConfiguration(url: "postgres://lotse@127.0.0.1:\(port)/lotse", timeoutSeconds: 1),
                                                    logger: TemporaryPostgresDatabase.quiet)
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func urlsAreParsedLikeLibpqAndBadOnesNamed() throws {
        let parsed = try PostgresConfiguration(url: "postgresql://lotse:p%40ss@db.example:6432/lotse_prod?sslmode=verify-full")
        #expect(parsed.host == "db.example" && parsed.port == 6432 && parsed.user == "lotse" && parsed.password == "p@ss")
        #expect(parsed.database == "lotse_prod" && parsed.sslMode == .verifyFull)
        #expect(parsed.redacted == "postgres://lotse@db.example:6432/lotse_prod")
        let defaults = try PostgresConfiguration(url: "postgres://lotse@localhost")
        #expect(defaults.port == 5432 && defaults.database == "lotse" && defaults.sslMode == .prefer)
        #expect(throws: PostgresStoreError.self) { try PostgresConfiguration(url: "postgres://localhost/db") }
        #expect(throws: PostgresStoreError.self) { try PostgresConfiguration(url: "postgres://u@localhost/db?sslmode=sometimes") }
    }
}
