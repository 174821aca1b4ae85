import ArgumentParser
import Foundation
import LotseCore

struct ChatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Talk with Lotse in the terminal, one message per line.",
        discussion: "Works when piped. With --json each input line gives exactly one JSON array of Rasa REST messages.")

    @OptionGroup var knowledge: KnowledgeOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var retention: RetentionOptions

    @Flag(help: "Print one JSON array of messages (Rasa REST format) per input line.")
    var json = false

    @Option(help: "Language to start in (ISO 639-1), e.g. en or ar.")
    var language: String?

    @Option(help: "Recipient id written into JSON messages.")
    var sender = "user"

    func run() throws {
        let base = try knowledge.load()
        let statistics = try StatisticsRecorder(database: database, retention: retention)
        let engine = DialogueEngine(knowledge: base)
        var (conversation, welcome) = engine.start(language: language)
        if json { conversation = Conversation(language: conversation.language) }
        let interactive = isatty(STDIN_FILENO) != 0 && !json
        if !json { show(welcome) }
        while true {
            if interactive { FileHandle.standardOutput.write(Data("> ".utf8)) }
            guard let line = readLine(strippingNewline: true) else { break }
            let reply = engine.reply(to: line, in: &conversation)
            statistics?.record(reply.enquiry)
            let messages = reply.messages
            if json {
                emit(JSONWriter.messages(messages.map { RasaMessage(recipient: sender, message: $0) }))
            } else {
                show(messages)
            }
        }
    }

    private func show(_ messages: [BotMessage]) {
        emit(PlainTextRenderer.render(messages) + "\n")
    }
}
