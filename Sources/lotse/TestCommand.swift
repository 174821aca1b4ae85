import ArgumentParser
import Foundation
import LotseCore

/// Evaluates the NLU on the held-out utterances, like `rasa test nlu`.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Evaluate intent and entity accuracy on the held-out set, per language and intent.")

    @OptionGroup var knowledge: KnowledgeOptions

    @Option(help: "Folder of held-out files (<lang>.yml); default Tests/HeldOut of the checkout.")
    var heldOut: String?

    @Flag(help: "List every misclassified utterance and missed entity.")
    var errors = false

    @Flag(help: "Print the reports as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Cross-validate the phrases of intents/ in K folds instead of reading the held-out set.",
                               discussion: "Each fold is read by an NLU built from the other examples: weak intents show up without touching the held-out set.",
                               valueName: "K"))
    var folds: Int?

    @Flag(help: "Evaluate referrals on the labelled profiles of Tests/Referrals (or --profiles) instead of the NLU.")
    var referrals = false

    @Option(help: "Folder of referral profiles (*.yml) for --referrals; default Tests/Referrals of the checkout.")
    var profiles: String?

    @Flag(help: "Replay whole conversations (Tests/Conversations, or --conversation-set) and check how they end.")
    var conversations = false

    @Option(help: "Folder of conversations (<lang>.yml) for --conversations; default Tests/Conversations of the checkout.")
    var conversationSet: String?

    @Option(help: ArgumentHelp("Write every held-out utterance with its label and Lotse's answer to FILE (JSON), for comparing with another classifier item by item (Benchmarks/peers/).",
                               valueName: "FILE"))
    var predictions: String?

    func validate() throws {
        if conversations && (referrals || folds != nil || heldOut != nil) {
            throw ValidationError("--conversations replays conversations; it takes no --referrals, --folds or --held-out")
        }
        if referrals && (folds != nil || heldOut != nil) { throw ValidationError("--referrals evaluates referral profiles; it takes no --folds or --held-out") }
        if let folds, !(2...50).contains(folds) { throw ValidationError("--folds must be between 2 and 50") }
        if folds != nil && heldOut != nil { throw ValidationError("--folds cross-validates the phrases; it does not read --held-out") }
        if predictions != nil && (folds != nil || referrals || conversations) { throw ValidationError("--predictions lists the held-out set's answers; it takes no --folds, --referrals or --conversations") }
    }

    func run() throws {
        if referrals { return try runReferrals() }
        if conversations { return try runConversations() }
        let reports: [NLUEvaluation.LanguageReport]
        if let folds {
            reports = try NLUEvaluation.crossValidate(knowledge.loader(), folds: folds)
        } else {
            let base = try knowledge.load()
            let directory = try heldOut ?? (knowledge.resolvedRoot() as NSString).appendingPathComponent("Tests/HeldOut")
            var evaluation = NLUEvaluation(knowledge: base, phrases: try knowledge.loader().trainingData())
            evaluation.recordsPredictions = predictions != nil
            reports = try evaluation.run(directory: directory)
            if let predictions {
                try Data(LotseJSON.encode(reports.flatMap { $0.predictions ?? [] }).utf8).write(to: URL(fileURLWithPath: predictions))
            }
        }
        if json {
            emit(LotseJSON.encode(reports))
            return
        }
        emit(row(["lang", "utterances", "intent", "entities", "language-id", "unseen", "intent unseen"], widths: [6, 11, 9, 9, 12, 8, 14]))
        for report in reports {
            emit(row([report.language, "\(report.examples)", percent(report.accuracy), percent(report.entityAccuracy),
                      percent(report.languageAccuracy), "\(report.unseenExamples)", percent(report.unseenAccuracy)],
                     widths: [6, 11, 9, 9, 12, 8, 14]))
        }
        let total = reports.reduce(0) { $0 + $1.examples }, correct = reports.reduce(0) { $0 + $1.correct }
        let unseen = reports.reduce(0) { $0 + $1.unseenExamples }, unseenCorrect = reports.reduce(0) { $0 + $1.unseenCorrect }
        emit(row(["all", "\(total)", percent(total == 0 ? 0 : Double(correct) / Double(total)), "", "", "\(unseen)",
                  percent(unseen == 0 ? 0 : Double(unseenCorrect) / Double(unseen))], widths: [6, 11, 9, 9, 12, 8, 14]))
        for report in reports {
            emit("\n== \(report.language): intent accuracy \(percent(report.accuracy))")
            emit("  " + row(["intent", "precision", "recall", "f1", "support"], widths: [22, 10, 8, 6, 8]))
            for (name, stats) in report.intents.sorted(by: { $0.key < $1.key }) where stats.support > 0 {
                emit("  " + row([name, fixed(stats.precision), fixed(stats.recall), fixed(stats.f1), "\(stats.support)"],
                                widths: [22, 10, 8, 6, 8]))
            }
            let confusions = report.confusions.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(8)
            if !confusions.isEmpty {
                emit("  confusions: " + confusions.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
            }
            if errors { report.errors.forEach { emit("  " + $0) } }
        }
    }

    /// `--referrals`: hard-rule violations, must-name recall and the first offer, over all profiles and per topic.
    private func runReferrals() throws {
        let base = try knowledge.load()
        let directory = try profiles ?? (knowledge.resolvedRoot() as NSString).appendingPathComponent("Tests/Referrals")
        let report = try ReferralEvaluation(knowledge: base).run(directory: directory)
        if json {
            emit(LotseJSON.encode(report))
            return
        }
        emit("profiles: \(report.profiles)")
        emit("hard-rule violations: \(report.violations) in \(report.profilesWithViolations) profiles")
        emit("must-name offers listed: \(report.named) of \(report.mustName) (\(percent(report.recall)))")
        emit("first offer right: \(report.firstRight) of \(report.firstExpected) (\(percent(report.firstAccuracy)))")
        emit("\n" + row(["topic", "profiles", "all right"], widths: [22, 9, 10]))
        for (topic, stats) in report.topics.sorted(by: { $0.key < $1.key }) {
            emit(row([topic, "\(stats.profiles)", "\(stats.perfect)"], widths: [22, 9, 10]))
        }
        if errors { report.errors.forEach { emit("  " + $0) } }
    }

    /// `--conversations`: the share of conversations that end right, per language, class and failure.
    private func runConversations() throws {
        let base = try knowledge.load()
        let directory = try conversationSet ?? (knowledge.resolvedRoot() as NSString).appendingPathComponent("Tests/Conversations")
        let report = try ConversationEvaluation(knowledge: base).run(directory: directory)
        if json {
            emit(LotseJSON.encode(report))
            return
        }
        func table(_ title: String, _ shares: [String: ConversationEvaluation.Share]) {
            emit("\n" + row([title, "conversations", "right", "share"], widths: [20, 14, 6, 8]))
            for (name, share) in shares.sorted(by: { $0.key < $1.key }) {
                emit(row([name, "\(share.conversations)", "\(share.right)", percent(share.share)], widths: [20, 14, 6, 8]))
            }
        }
        emit("conversations: \(report.all.conversations), ending right: \(report.all.right) (\(percent(report.all.share)))")
        table("language", report.languages)
        table("class", report.classes)
        emit("\nwrong at the end: " + report.failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        if errors { report.errors.forEach { emit("  " + $0) } }
    }

    private func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
    private func fixed(_ value: Double) -> String { String(format: "%.2f", value) }

    /// Columns padded to widths: the first left-aligned, the rest right-aligned.
    private func row(_ cells: [String], widths: [Int]) -> String {
        zip(cells, widths).enumerated().map { index, pair in
            let (cell, width) = pair
            let padding = String(repeating: " ", count: max(0, width - cell.count))
            return index == 0 ? cell + padding : padding + cell
        }.joined(separator: " ")
    }
}
