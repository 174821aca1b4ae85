import ArgumentParser
import Foundation
import LotseCore

struct ChatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Talk with Lotse in the terminal, one message per line.",
        discussion: """
            Three modes: the ordinary conversation; --kiosk for a public terminal (language picker, \
            numbered choices, wiped after --idle-timeout, Ctrl-C and Ctrl-D restart instead of quitting); \
            --counsellor for consultations (/profile 34 A1 Parchim, /why, /excluded, /handout). \
            All work when piped. With --json each input line gives exactly one JSON array of Rasa REST messages.
            """)

    @OptionGroup var knowledge: KnowledgeOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var retention: RetentionOptions

    @Flag(help: "Public kiosk: language picker, numbered choices, idle wipe; nothing written to disk.")
    var kiosk = false

    @Flag(help: "Counsellor mode: profile commands, full explained list, handouts for the client.")
    var counsellor = false

    @Flag(help: "Print one JSON array of messages (Rasa REST format) per input line.")
    var json = false

    @Option(help: "Language to start in (ISO 639-1), e.g. en or ar; in counsellor mode the client's language.")
    var language: String?

    @Option(help: "Recipient id written into JSON messages.")
    var sender = "user"

    @Option(help: "Kiosk: seconds without input after which the conversation and the screen are wiped.")
    var idleTimeout: Double = 120

    @Option(help: "Kiosk: a line that ends the kiosk (LOTSE_OPERATOR_KEY); without it only a signal ends it.")
    var operatorKey: String?

    @Option(name: .customLong("handout-dir"), help: "Counsellor: folder for handouts (default: the working directory).")
    var handoutDirectory = "."

    @Option(help: "Counsellor: language of the counsellor's screen.")
    var screenLanguage = "de"

    func validate() throws {
        if kiosk && counsellor { throw ValidationError("--kiosk and --counsellor are different modes; choose one") }
        if json && (kiosk || counsellor) { throw ValidationError("--json is for the ordinary conversation, not for --kiosk or --counsellor") }
        guard idleTimeout > 0 else { throw ValidationError("--idle-timeout must be positive") }
    }

    func run() throws {
        let base = try knowledge.load()
        let statistics = try StatisticsRecorder(database: database, retention: retention)
        if kiosk {
            KioskMode(engine: DialogueEngine(knowledge: base), idleTimeout: idleTimeout, operatorKey: operatorKey ?? env("LOTSE_OPERATOR_KEY"), statistics: statistics).run()
        } else if counsellor {
            CounsellorMode(knowledge: base, screenLanguage: screenLanguage, clientLanguage: language, handoutDirectory: handoutDirectory,
                           statistics: statistics).run()
        } else {
            converse(DialogueEngine(knowledge: base), statistics: statistics)
        }
    }

    /// The ordinary conversation, as a messenger would have it.
    private func converse(_ engine: DialogueEngine, statistics: StatisticsRecorder?) {
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
