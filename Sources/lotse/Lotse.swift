import ArgumentParser

@main
struct Lotse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lotse",
        abstract: "A multilingual enquiry and referral assistant for newly arrived migrants.",
        discussion: "Knowledge and phrases are read from knowledge/ and intents/ of the checkout (or --root).",
        version: "0.1.0",
        subcommands: [ChatCommand.self, ParseCommand.self, OffersCommand.self, CheckCommand.self, KnowledgeCommand.self,
                      TestCommand.self, BenchCommand.self, ServeCommand.self, ReportCommand.self],
        defaultSubcommand: ChatCommand.self
    )
}
