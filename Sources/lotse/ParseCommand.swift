import ArgumentParser
import LotseCore

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show what Lotse understands of a message (intent, language, entities).",
        discussion: "Without TEXT, reads one utterance per line from standard input and prints one result per line.")

    @OptionGroup var knowledge: KnowledgeOptions

    @Flag(help: "Print JSON in the shape of Rasa's /model/parse.")
    var json = false

    @Argument(help: "The message to parse.")
    var text: String?

    func run() throws {
        let base = try knowledge.load()
        func show(_ line: String) {
            let result = base.nlu.parse(line)
            if json { emit(LotseJSON.encode(RasaParse(result))); return }
            var out = "\(result.intent.rawValue) (\(String(format: "%.2f", result.confidence))) [\(result.language)]"
            for entity in result.entities {
                out += "  \(entity.kind.rawValue)=\(entity.value)"
                if entity.places.count > 1 { out += " (\(entity.places.map(\.name).joined(separator: " | ")))" }
                else if let place = entity.places.first { out += " (\(place.regionKey))" }
            }
            emit(out)
        }
        if let text { show(text); return }
        while let line = readLine(strippingNewline: true) { show(line) }
    }
}
