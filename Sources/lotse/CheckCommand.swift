import ArgumentParser
import LotseCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate knowledge/ and intents/; report every problem as file:line: reason.")

    @OptionGroup var knowledge: KnowledgeOptions

    @Option(help: "Warn about offers verified longer ago than this many days.")
    var staleDays = 365

    @Flag(help: "Leave out the table of offers per region and category.")
    var noCoverage = false

    func validate() throws {
        guard staleDays >= 0 else { throw ValidationError("--stale-days must be 0 or more") }
    }

    func run() throws {
        var loader = try knowledge.loader()
        loader.staleAfterDays = staleDays
        let problems = loader.check()
        for problem in problems { emit(problem.description) }
        let errors = problems.filter { $0.severity == .error }.count
        emit("\(errors) error(s), \(problems.count - errors) warning(s)")
        if !noCoverage {
            let catalogue = loader.offerCatalogue().catalogue
            emit("")
            emit(OfferCoverage(offers: catalogue.offers, regions: catalogue.regions, states: catalogue.states).render())
        }
        if errors > 0 { throw ExitCode(1) }
    }
}
