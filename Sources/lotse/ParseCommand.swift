import ArgumentParser
import LotseCore

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show what Lotse understands of a message (intent, language, entities) and why.",
        discussion: """
            Without TEXT, reads one utterance per line from standard input and prints one result for each (with --json one line each).
            Each result names the phrases of intents/ nearest to the message and the words and letter groups \
            that weighed most for the intent: a wrong answer is fixed by adding or correcting phrases like them.
            """)

    @OptionGroup var knowledge: KnowledgeOptions

    @Flag(help: "Print JSON in the shape of Rasa's /model/parse.")
    var json = false

    @Argument(help: "The message to parse.")
    var text: String?

    func run() throws {
        let base = try knowledge.load()
        func show(_ line: String) {
            let result = base.nlu.parse(line, explaining: true)
            if json { emit(LotseJSON.encode(RasaParse(result))); return }
            var out = "\(result.intent.rawValue) (\(String(format: "%.2f", result.confidence))) [\(result.language)]"
            for entity in result.entities {
                out += "  \(entity.kind.rawValue)=\(entity.value)"
                if entity.places.count > 1 { out += " (\(entity.places.map(\.name).joined(separator: " | ")))" }
                else if let place = entity.places.first { out += " (\(place.regionKey))" }
            }
            if let explanation = result.explanation {
                out += "\n  nearest phrases:"
                for phrase in explanation.nearest {
                    out += "\n    \(String(format: "%.2f", phrase.similarity))  \(phrase.intent) [\(phrase.language)] \(phrase.text)"
                }
                out += "\n  features for \(result.intent.rawValue) (linear model \(String(format: "%.2f", explanation.probability))):"
                for feature in explanation.features {
                    out += "\n    \(String(format: "%+.2f", feature.weight))  «\(feature.feature)» (\(feature.kind))"
                }
            }
            emit(out)
        }
        if let text { show(text); return }
        while let line = readLine(strippingNewline: true) { show(line) }
    }
}
