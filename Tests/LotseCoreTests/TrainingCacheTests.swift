import Foundation
import Testing
@testable import LotseCore

@Suite struct TrainingCacheTests {
    static let samples = ["hallo", "ich suche einen Deutschkurs", "34 A1 Parchim", "Kita für meine Tochter", "مرحبا", "в Ростоке", "Neustadt"]

    @Test func aCachedLoadUnderstandsExactlyLikeAFreshOne() throws {
        var fresh = KnowledgeLoader(root: Fixtures.root)
        fresh.useTrainingCache = false
        let uncached = try fresh.load()
        let cached = try KnowledgeLoader(root: Fixtures.root).load()
        let again = try KnowledgeLoader(root: Fixtures.root).load()
        #expect(uncached.trainingExampleCount == again.trainingExampleCount)
        for text in Self.samples {
            #expect(RasaParse(uncached.nlu.parse(text)) == RasaParse(again.nlu.parse(text)))
            #expect(RasaParse(cached.nlu.parse(text)) == RasaParse(again.nlu.parse(text)))
        }
    }

    @Test func anyChangedFileInvalidatesTheCache() throws {
        let root = try Fixtures.scratchCopy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let before = try KnowledgeLoader(root: root).load()
        #expect(before.nlu.parse("zorblatt quux").intent != .thanks)
        let path = root + "/intents/de.yml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "- intent: thanks\n  examples: |\n", with: "- intent: thanks\n  examples: |\n    - zorblatt quux\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let after = try KnowledgeLoader(root: root).load()
        #expect(after.nlu.parse("zorblatt quux").intent == .thanks)
    }

    @Test func aDamagedCacheFileIsRebuilt() throws {
        let root = try Fixtures.scratchCopy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A cache entry of its own: the other tests load the same files, so they share one entry.
        let regions = root + "/knowledge/regions.yml"
        try (String(contentsOfFile: regions, encoding: .utf8) + "\n# \(UUID().uuidString)\n").write(toFile: regions, atomically: true, encoding: .utf8)
        let loader = KnowledgeLoader(root: root)
        _ = try loader.load()
        let fingerprint = TrainingCache.fingerprint([loader.knowledgeDirectory, loader.intentsDirectory])
        let path = TrainingCache.path(for: fingerprint)
        // The built classifier is kept with the examples; a file cut short anywhere is not used.
        #expect(TrainingCache.load(fingerprint: fingerprint)?.classifier != nil)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        for fraction in [0.3, 0.6, 0.9, 0.999] {
            try whole.prefix(Int(Double(whole.count) * fraction)).write(to: URL(fileURLWithPath: path))
            #expect(TrainingCache.load(fingerprint: fingerprint) == nil)
        }
        try Data([1, 200, 3, 4, 5]).write(to: URL(fileURLWithPath: path))
        #expect(TrainingCache.load(fingerprint: fingerprint) == nil)
        let rebuilt = try loader.load()
        #expect(rebuilt.nlu.parse("ich suche einen Deutschkurs").intent == .askLanguageCourse)
        #expect(TrainingCache.load(fingerprint: fingerprint) != nil)
        try? FileManager.default.removeItem(atPath: path)
    }
}
