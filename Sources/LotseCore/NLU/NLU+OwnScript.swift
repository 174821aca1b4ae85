import Foundation

extension NLU {
    /// «privet, mne 30 let, ishchu kurs», «badi mo3adalet shahadti»: a language written in another
    /// script, typed in Latin letters. The phrase files hold some such spellings, but every person
    /// spells differently; read in the language's own script by its `romanisation` rules, the message
    /// meets all the phrases, number words, negations and place names written in that script.
    ///
    /// Only a message mostly in Latin letters in a conversation or a guess of such a language is read
    /// again, so messages in other languages pay nothing. Of the rules of every romanised language
    /// (that script's first), those that spell the message best are read — fewest letters left
    /// unread, then most words the phrases know, the guessed language on a tie: «nuzhen detskij sad»
    /// in a Ukrainian conversation is Russian, and only Russian rules spell it as the Russian phrases
    /// do; «mo3adalet» is Arabizi, whose rules alone read the «3». Spelling is cheap, reading is not:
    /// one reading more per such message. Facts found in the first reading keep their spelling («B1»,
    /// «Mainz»); the second reading wins when it understands more (`understandsMore`).
    func readInOwnScript(_ text: String, firstReading first: ParseResult, context: ParseContext, explaining: Bool = false) -> ParseResult? {
        // Cheapest checks first: most messages that get this far are written in the language's script.
        guard let code = [first.language, context.language].compactMap({ $0 }).first(where: { romanisers[$0] != nil }),
              let script = romanisers[code]?.script,
              // «salam», «shukran»: a request the Latin phrases already read clearly needs no second reading.
              first.intent == .inform || first.intent == .outOfScope || first.confidence < Self.clearInLatin,
              // «ابحث عن Tagesmutter»: Latin words beside the language's own letters are names and loanwords.
              !text.unicodeScalars.contains(where: { Script($0) == script }),
              Script.dominant(in: text) == .latin else { return nil }
        var best: (native: String, known: Int, unread: Int)? = nil
        func spell(_ code: String) {
            let script = romanisers[code]!.script
            let (native, unread) = Self.romanise(text, with: romanisers[code]!.rules, script: script, keeping: first.entities)
            guard native != text else { return }
            let known = knownWords(native, in: script)
            if best == nil || (-unread, known) > (-best!.unread, best!.known) { best = (native, known, unread) }
        }
        // The guess first, then the other languages of its script; the languages of other scripts only
        // when these leave letters unread: a guess of Persian for «ja hoču na ausbildung» leaves the «č»
        // that Ukrainian rules read.
        let others = romanisers.keys.sorted().filter { $0 != code }
        spell(code)
        for other in others where romanisers[other]!.script == script { spell(other) }
        if best.map({ $0.unread > 0 }) ?? true {
            for other in others where romanisers[other]!.script != script { spell(other) }
        }
        guard let spelt = best else { return nil }
        var reading = read(spelt.native, context: context, explaining: explaining)
        // Gibberish («qwrtz plmk») spelt in another script resembles some phrase, or sounds like some
        // village, by chance: a reading that finds no more facts than those needs a clear request
        // or a word of the phrases.
        guard reading.understandsMore(than: first),
              reading.firmFactCount > first.firmFactCount || spelt.known > 0
                || reading.confidence >= NLU.informThreshold && reading.firmFactCount == reading.factCount else { return nil }
        reading.writtenAs = text
        return reading
    }

    /// How many words in `script` the phrase files know.
    func knownWords(_ native: String, in script: Script) -> Int {
        tokeniser.tokens(native).count { token in
            token.text.unicodeScalars.first.map { Script($0) == script } == true && classifier.vocabulary[token.text] != nil
        }
    }

    /// Letters and digits the rules left inside words of the target script: a sign of rules that
    /// do not fit how the message was typed.
    static func unreadLetters(_ text: String, script: Script) -> Int {
        var count = 0, previous: Unicode.Scalar? = nil
        for scalar in text.unicodeScalars {
            if let previous, Script(previous) == script, Script(scalar) == .latin || scalar.properties.numericType != nil { count += 1 }
            previous = scalar
        }
        return count
    }

    /// From this similarity a message in Latin letters is understood as typed (parse throughput: a
    /// second reading of every romanised message cost 6 %).
    static let clearInLatin: Float = 0.8

    /// The text with each Latin word outside `kept` (the facts found as typed) spelt by the rules,
    /// and how many letters and digits the rules left unread. A word whose digits the rules do not
    /// read («3alekom» by Persian rules) stays as typed: spelt, its digits would be a number.
    static func romanise(_ text: String, with romaniser: Transliterator, script: Script, keeping kept: [Entity]) -> (text: String, unread: Int) {
        let scalars = Array(text.unicodeScalars)
        var isKept = [Bool](repeating: false, count: scalars.count)
        for entity in kept where entity.start >= 0 && entity.end <= scalars.count && entity.start < entity.end {
            for index in entity.start..<entity.end { isKept[index] = true }
        }
        var result = String.UnicodeScalarView()
        var unread = 0
        var index = 0
        while index < scalars.count {
            guard Transliterator.isWordLetter(Character(scalars[index])) else {
                result.append(scalars[index]); index += 1; continue
            }
            var end = index
            while end < scalars.count, Transliterator.isWordLetter(Character(scalars[end])) { end += 1 }
            var word = String.UnicodeScalarView()
            word.append(contentsOf: scalars[index..<end])
            let isLatinWord = scalars[index..<end].contains { Script($0) == .latin }
            if isLatinWord, !isKept[index..<end].contains(true) {
                let spelt = romaniser.apply(String(word).lowercased())
                unread += unreadLetters(spelt, script: script)
                let keepsDigits = spelt.unicodeScalars.contains { $0.properties.numericType != nil }
                    && spelt.unicodeScalars.contains { Script($0) == script }
                result.append(contentsOf: keepsDigits ? word : spelt.unicodeScalars)
            } else {
                result.append(contentsOf: word)
            }
            index = end
        }
        return (String(result), unread)
    }
}

extension ParseResult {
    /// The facts found, language names aside.
    var factCount: Int { entities.count { $0.kind != .language } }

    /// The facts found, without places that only sound like what was written.
    var firmFactCount: Int { entities.count { $0.kind != .language && $0.extractor != EntityExtractor.placeBySound } }

    /// Whether this reading of a message understands more of it than `other`: more facts, or as
    /// many and a clearer request.
    func understandsMore(than other: ParseResult) -> Bool {
        if factCount != other.factCount { return factCount > other.factCount }
        if intent == .outOfScope { return false }
        return other.intent == .outOfScope || confidence > other.confidence
    }
}
