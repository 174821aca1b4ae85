/// Splits clean text into folded tokens. Letters, digits and combining marks form words; everything
/// else (spaces, punctuation, apostrophes, hyphens) separates them, so «Mainz'da» gives «mainz» and
/// «da», «A2-Niveau» gives «a2» and «niveau», «Neustadt a.d.W.» gives «neustadt a d w»; «1/2» stays one word.
/// Digits and Latin letters typed onto a word of a script without Latin look-alikes also separate:
/// «من۳۴سالمه» gives «من», «34» and «سالمه», «B2دارم» gives «b2» and «دارم».
public struct Tokeniser: Sendable {
    public let normaliser: TextNormaliser

    public init(normaliser: TextNormaliser) { self.normaliser = normaliser }

    public func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var original = String.UnicodeScalarView()
        var start = 0
        var allDigits = true
        var offset = 0
        var previous: Unicode.Scalar?
        func flush(at end: Int) {
            if !current.isEmpty {
                tokens.append(Token(text: current, start: start, end: end, isNumber: allDigits,
                                    original: String(original)))
            }
            current = ""
            original = String.UnicodeScalarView()
            allDigits = true
        }
        // A «/» between digits keeps them one word, a fraction or a date («6 1/2 yrs», «12/2025»): not two numbers.
        var slashAfterDigit = false
        for scalar in text.unicodeScalars {
            if slashAfterDigit {
                slashAfterDigit = false
                if Self.isWordScalar(scalar), normaliser.fold(scalar).unicodeScalars.first.map({ ("0"..."9").contains($0) }) == true {
                    current.unicodeScalars.append("/")
                    original.append("/")
                    allDigits = false
                } else {
                    flush(at: offset - 1)
                    previous = nil
                }
            }
            if scalar == "/", !current.isEmpty, let previous, ("0"..."9").contains(previous) {
                slashAfterDigit = true
            } else if Self.isWordScalar(scalar) {
                let folded = normaliser.fold(scalar)
                if let first = folded.unicodeScalars.first, let previous, Self.changesScript(from: previous, to: first) {
                    flush(at: offset)
                }
                if current.isEmpty && original.isEmpty { start = offset }
                original.append(scalar)
                if !folded.isEmpty {
                    // A folding may produce punctuation (quotes, dashes): those still separate words.
                    for part in folded.unicodeScalars where Self.isWordScalar(part) {
                        current.unicodeScalars.append(part)
                        if !("0"..."9").contains(part) { allDigits = false }
                        previous = part
                    }
                }
            } else if scalar.value != 0x200C && scalar.value != 0x200D {
                flush(at: offset)
                previous = nil
            }
            offset += 1
        }
        flush(at: slashAfterDigit ? offset - 1 : offset)
        return tokens
    }

    /// Only the folded words, for building indexes at start-up (no positions, no original text).
    public func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if Self.isWordScalar(scalar) {
                for part in normaliser.fold(scalar).unicodeScalars where Self.isWordScalar(part) {
                    if let previous = current.last, Self.changesScript(from: previous, to: part) {
                        words.append(String(current))
                        current = String.UnicodeScalarView()
                    }
                    current.append(part)
                }
            } else if scalar.value != 0x200C && scalar.value != 0x200D, !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// Whether a word ends between two letters: where ASCII digits or letters meet a letter of a
    /// script without upper and lower case (Arabic, Ethiopic …), which never forms a code with them.
    /// Cyrillic and Greek have cases and stay joined, so a level code typed in them («А2») is still one word.
    @inline(__always)
    static func changesScript(from previous: Unicode.Scalar, to next: Unicode.Scalar) -> Bool {
        let previousASCII = previous.value < 0x80, nextASCII = next.value < 0x80
        guard previousASCII != nextASCII else { return false }
        return (previousASCII ? next : previous).properties.generalCategory == .otherLetter
    }

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
