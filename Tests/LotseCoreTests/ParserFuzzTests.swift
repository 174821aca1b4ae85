import Foundation
import Testing
@testable import LotseCore

/// A bounded, seeded fuzz run of the parser: random messages built from the pieces that broke it
/// or could (every script Lotse reads, digits of other scripts, control and bidi characters,
/// payload fragments, place names, very long words). Each must parse, with a result that holds
/// together; the seed is printed with a failure, so a failure can be replayed.
@Suite struct ParserFuzzTests {
    static let messages = 3_000
    /// Far more than a message may hold over HTTP (1,000 characters): a quadratic step in the
    /// parser (typo correction, compound splitting, the query of the classifier) takes hours here
    /// and runs into the time limit; a linear parser needs about a second in a debug build.
    static let longWordLength = 1_000_000

    /// SplitMix64 (the linear model's generator): small, fast and the same on every machine.
    typealias Random = SplitMix64

    static let pieces: [String] = [
        "ich", "bin", "34", "Jahre", "A1", "b 2", "Parchim", "Neustadt", "19370", "Rostock'ta", "berlindeyim", "в Ростоке",
        "мені", "тридцять", "сорок", "سی", "و", "ثلاثون", "عمري", "٣٤", "۳۴", "Deutschkurs", "integrationskurz", "Kita",
        "/inform{", "\"age\":", "-1", "}", "/choose_language{\"language\":\"", "/", "#3", "{", "\"", "\\", "😀", "🇩🇪",
        "\u{0}", "\u{7}", "\u{1B}[2J", "\u{202E}", "\u{200F}", "\u{200C}", "\u{FEFF}", "\u{301}", "\u{FFFD}", "\n", "\t",
        "   ", ".", ",", "?", "!", "-", "'", "ـ", "ي", "ی", "ك", "ک", "ё", "ß", "İ", "ı", "ﬁ", "Ⅻ", "①", "½",
    ]

    @Test func randomMessagesParseIntoConsistentResults() {
        let seed = UInt64(Date().timeIntervalSince1970)
        var random = Random(state: seed)
        let nlu = Fixtures.nlu
        for index in 0..<Self.messages {
            var message = ""
            for _ in 0..<(1 + random.below(12)) {
                if random.below(20) == 0 {
                    // A word of random letters of one script, up to a few hundred long.
                    let base: UInt32 = random.pick([0x61, 0x430, 0x627, 0x5D0, 0x4E00])
                    message += String(String.UnicodeScalarView((0..<(1 + random.below(300))).compactMap {
                        _ in Unicode.Scalar(base + UInt32(random.below(26)))
                    }))
                } else {
                    message += random.pick(Self.pieces)
                }
                if random.below(3) == 0 { message += " " }
            }
            let expecting = random.pick([nil, Slot.age, .level, .residence])
            let language = random.pick([nil, "de", "ar", "fa", "uk", "ru", "tr", "fr", "en"])
            let result = nlu.parse(message, context: ParseContext(expecting: expecting, language: language))
            let context = "seed \(seed), message \(index): \(message.debugDescription)"
            #expect((0...1).contains(result.confidence), "\(context)")
            #expect(result.ranking.first?.intent == result.intent, "\(context)")
            // The rest of the ranking is sorted; the first may be a topic that won over a close `inform`.
            let rest = result.ranking.dropFirst().map(\.confidence)
            #expect(rest == rest.sorted(by: >), "\(context)")
            for entity in result.entities {
                #expect(entity.start <= entity.end, "\(context)")
                if entity.kind == .age, let age = Int(entity.value) {
                    #expect(EntityExtractor.plausibleAges.contains(age), "\(context)")
                }
            }
        }
    }

    @Test(.timeLimit(.minutes(1))) func aMegabyteWordParsesInLinearTime() {
        var random = Random(state: 7)
        let letters = Array("abcdefghijklmnopqrstuvwxyzäöüßйцукен".unicodeScalars)
        var word = String.UnicodeScalarView()
        for _ in 0..<Self.longWordLength { word.append(letters[random.below(letters.count)]) }
        let result = Fixtures.nlu.parse("Ich bin 34 " + String(word))
        #expect(result.first(.age)?.value == "34")
    }
}

extension SplitMix64 {
    init(state: UInt64) { self.init(seed: state) }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
