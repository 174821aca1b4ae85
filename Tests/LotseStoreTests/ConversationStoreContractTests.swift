import Foundation
import LotseCore
import Testing

/// What every store promises (`ConversationStore`), run against memory, SQLite and PostgreSQL:
/// a saved turn survives reopening, expiry and purge, erasure, delivery dedup, statistics counts.
@Suite struct ConversationStoreContractTests {
    static let parchim = Enquiry(region: .district("13076"), ageBand: .from27To44, level: .a1, topic: .askLanguageCourse, language: "ar",
                                 offers: OfferCounts(local: 0, state: 1, national: 8))
    static let rostock = Enquiry(region: .district("13003"), ageBand: .from18To26, level: nil, topic: .askChildcare, language: "uk",
                                 offers: OfferCounts(local: 3, state: 1, national: 2))

    static func conversation(turns: Int, language: String = "ar") -> Conversation {
        var conversation = Conversation(language: language)
        conversation.profile = Profile(age: 34, level: .a1, residence: Place(name: "Parchim", municipalityKey: "13076108",
                                                                             districtKey: "13076", stateKey: "13"), topic: .askLanguageCourse)
        conversation.expecting = .residence
        conversation.turns = turns
        return conversation
    }

    @Test(arguments: StoreKind.tested) func aSavedTurnSurvivesReopening(kind: StoreKind) async throws {
        try await kind.withFixture { fixture async throws in
            try await fixture.using { store async throws in
                #expect(try await store.save(StoredTurn(conversation: Self.conversation(turns: 3), sender: "a", time: Date()))
                        == .saved(counted: true))
            }
            try await fixture.using { store async throws in
                #expect(try await store.load(sender: "a", notBefore: .distantPast) == Self.conversation(turns: 3))
                #expect(try await store.load(sender: "b", notBefore: .distantPast) == nil)
                #expect(try await store.count() == 1)
                #expect(await store.isWritable())
            }
        }
    }

    @Test(arguments: StoreKind.tested) func expiredConversationsAreNotLoadedAndArePurged(kind: StoreKind) async throws {
        try await kind.withFixture { fixture async throws in
            try await fixture.using { store async throws in
                let now = Date()
                try await store.save(Self.conversation(turns: 1), sender: "old", at: now.addingTimeInterval(-7200))
                try await store.save(Self.conversation(turns: 2), sender: "new", at: now)
                #expect(try await store.load(sender: "old", notBefore: now.addingTimeInterval(-3600)) == nil)
                #expect(try await store.purge(idleBefore: now.addingTimeInterval(-3600)) == 1)
                #expect(try await store.count() == 1)
                #expect(try await store.load(sender: "new", notBefore: now.addingTimeInterval(-3600))?.turns == 2)
            }
        }
    }

    @Test(arguments: StoreKind.tested) func erasureDeletesTheConversation(kind: StoreKind) async throws {
        try await kind.withFixture { fixture async throws in
            try await fixture.using { store async throws in
                try await store.save(Self.conversation(turns: 1), sender: "x", at: Date())
                #expect(try await store.delete(sender: "x"))
                #expect(try await !store.delete(sender: "x"))
                #expect(try await store.load(sender: "x", notBefore: .distantPast) == nil)
                #expect(try await store.count() == 0)
            }
            try await fixture.using { store async throws in #expect(try await store.load(sender: "x", notBefore: .distantPast) == nil) }
        }
    }

    @Test(arguments: StoreKind.tested) func aDeliveryIsSavedOnceAndItsDuplicateWritesNothing(kind: StoreKind) async throws {
        try await kind.withFixture { fixture async throws in
            try await fixture.using { store async throws in
                let first = StoredTurn(conversation: Self.conversation(turns: 1), sender: "telegram:1", time: Date(),
                                       enquiry: Self.parchim, delivery: Int64.max)
                #expect(try await store.save(first) == .saved(counted: true))
                var again = first
                again.conversation = Self.conversation(turns: 2)
                #expect(try await store.save(again) == .duplicateDelivery)
                #expect(try await store.load(sender: "telegram:1", notBefore: .distantPast)?.turns == 1)
                let today = Day(Date())
                #expect(try await store.statistics.enquiries(from: today, through: today).map(\.count) == [1])
                #expect(try await store.save(StoredTurn(conversation: Self.conversation(turns: 1), sender: "telegram:2", time: Date(),
                                                        delivery: -5)) == .saved(counted: true))
            }
            try await fixture.using { store async throws in
                let retried = StoredTurn(conversation: Self.conversation(turns: 9), sender: "telegram:1", time: Date(), delivery: Int64.max)
                #expect(try await store.save(retried) == .duplicateDelivery)
            }
        }
    }

    @Test(arguments: StoreKind.tested) func referralsAreCountedPerDayAndCombination(kind: StoreKind) async throws {
        try await kind.withFixture { fixture async throws in
            let today = Day(Date())
            try await fixture.using { store async throws in
                for (index, enquiry) in [Self.parchim, Self.parchim, Self.rostock, nil].enumerated() {
                    _ = try await store.save(StoredTurn(conversation: Self.conversation(turns: index), sender: "s\(index)", time: Date(),
                                                        enquiry: enquiry))
                }
                try await store.statistics.record(Self.rostock, on: today.adding(days: -800))
            }
            try await fixture.using { store async throws in
                let counts = try await store.statistics.enquiries(from: today, through: today)
                #expect(Set(counts) == [EnquiryCount(day: today, enquiry: Self.parchim, count: 2),
                                        EnquiryCount(day: today, enquiry: Self.rostock, count: 1)])
                #expect(try await store.statistics.deleteEnquiries(before: today.adding(days: -730)) == 1)
                #expect(try await store.statistics.enquiries(from: today.adding(days: -900), through: today).count == 2)
            }
        }
    }

    @Test(arguments: StoreKind.tested) func aTurnSeesTheStateTheLastTurnSaved(kind: StoreKind) async throws {
        try await kind.withFixture { fixture async throws in
            try await fixture.using { store async throws in
                for expected in 0..<5 {
                    let outcome = try await store.turn(sender: "t", notBefore: .distantPast, at: Date(), delivery: nil) { stored in
                        let turns = stored?.turns ?? 0
                        return TurnStep(conversation: Self.conversation(turns: turns + 1), enquiry: nil, answer: turns)
                    }
                    guard case .answered(let seen, counted: true) = outcome else { Issue.record("not answered: \(outcome)"); return }
                    #expect(seen == expected)
                }
                let duplicate = try await store.turn(sender: "t", notBefore: .distantPast, at: Date(), delivery: 42) { _ in
                    TurnStep(conversation: Self.conversation(turns: 100), enquiry: nil, answer: 0)
                }
                guard case .answered = duplicate else { Issue.record("the first delivery 42 was not answered"); return }
                let again = try await store.turn(sender: "t", notBefore: .distantPast, at: Date(), delivery: 42) { _ in
                    TurnStep(conversation: Self.conversation(turns: 200), enquiry: nil, answer: 0)
                }
                guard case .duplicateDelivery = again else { Issue.record("delivery 42 answered twice"); return }
                #expect(try await store.load(sender: "t", notBefore: .distantPast)?.turns == 100)
            }
        }
    }
}
