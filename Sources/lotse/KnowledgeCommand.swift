import ArgumentParser
import Foundation
import LotseCore

/// Tools for the people who keep the offers: exchange them with a spreadsheet.
struct KnowledgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "knowledge",
        abstract: "Exchange the offers with a spreadsheet (CSV); see knowledge/README.md for the format.",
        subcommands: [KnowledgeExportCommand.self, KnowledgeImportCommand.self])
}

/// The delimiter a spreadsheet expects: Excel with German settings opens `;`-separated files directly.
enum Delimiter: String, ExpressibleByArgument, CaseIterable {
    case comma, semicolon
    var scalar: Unicode.Scalar { self == .comma ? "," : ";" }
}

struct KnowledgeExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every offer as one CSV row (UTF-8 with BOM, one column per field and language).")

    @OptionGroup var knowledge: KnowledgeOptions

    @Option(name: [.short, .long], help: "File to write (default: standard output).")
    var output: String?

    @Option(help: "Field delimiter: comma or semicolon (German Excel opens semicolon files directly).")
    var delimiter: Delimiter = .comma

    @Flag(help: "Leave out the UTF-8 byte order mark (Excel needs it to read the file as UTF-8).")
    var noBOM = false

    func run() throws {
        let catalogue = try OfferCatalogueReader.read(knowledge)
        let csv = catalogue.sheet(delimiter: delimiter.scalar, byteOrderMark: !noBOM)
        if let output {
            do { try csv.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                throw ValidationError("cannot write \(output): \(error.localizedDescription)")
            }
            printError("\(catalogue.offers.count) offers written to \(output)")
        } else {
            FileHandle.standardOutput.write(Data(csv.utf8))
        }
    }
}

struct KnowledgeImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Check a CSV sheet of offers and write it into knowledge/offers/*.yml.",
        discussion: """
            Every row is checked with the rules of the offer files; on any error nothing is written. \
            The sheet holds all offers: an offer missing from it is removed, which needs --allow-removals. \
            Prints which offers are added, changed and removed.
            """)

    @OptionGroup var knowledge: KnowledgeOptions

    @Argument(help: "The CSV file, or - for standard input.")
    var file: String

    @Flag(help: "Only report what would change; write nothing.")
    var dryRun = false

    @Flag(help: "Remove the offers that are missing from the sheet.")
    var allowRemovals = false

    @Flag(help: "Rewrite offer files that are not in the importer's layout (comments among their offers are lost).")
    var reformat = false

    func run() throws {
        let loader = try knowledge.loader()
        let catalogue = try OfferCatalogueReader.read(knowledge)
        let name = file == "-" ? "stdin" : file
        let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
        guard let data else { return try fail("cannot read \(file)") }
        guard let text = String(data: data, encoding: .utf8) else {
            printError("\(name): not UTF-8 text; save the sheet as «CSV UTF-8»")
            throw ExitCode(1)
        }
        let (offers, problems) = loader.readOfferSheet(text, file: name, catalogue: catalogue)
        for problem in problems { printError(problem.description) }
        guard !problems.contains(where: { $0.severity == .error }) else { return try fail("the sheet has errors") }
        let plan = OfferImport(catalogue: catalogue, offers: offers, reformat: reformat)
        report(plan, read: offers.count, from: name)
        for problem in plan.problems { printError(problem.description) }
        guard plan.problems.isEmpty else { return try fail("the offers cannot be written") }
        if !plan.removals.isEmpty && !allowRemovals && !dryRun {
            return try fail("\(plan.removals.count) offer(s) would be removed (\(plan.removals.joined(separator: ", "))); pass --allow-removals to remove them")
        }
        if dryRun { emit("dry run: nothing written"); return }
        try write(plan.writes)
    }

    /// Writes every file next to its place first and renames them only when all were written, so a
    /// full disk or a read-only file leaves the offers as they were.
    private func write(_ writes: [OfferImport.Write]) throws {
        var written: [(temporary: String, write: OfferImport.Write)] = []
        for write in writes {
            let temporary = write.path + ".import-\(ProcessInfo.processInfo.processIdentifier)"
            do { try Data(write.text.utf8).write(to: URL(fileURLWithPath: temporary)) } catch {
                for (path, _) in written { try? FileManager.default.removeItem(atPath: path) }
                try? FileManager.default.removeItem(atPath: temporary)
                printError("cannot write \(write.displayName): \(error.localizedDescription); nothing written")
                throw ExitCode(1)
            }
            written.append((temporary, write))
        }
        for (temporary, write) in written {
            guard rename(temporary, write.path) == 0 else {
                printError("cannot replace \(write.displayName): \(String(cString: strerror(errno)))")
                throw ExitCode(1)
            }
            emit("wrote \(write.displayName)")
        }
    }

    private func report(_ plan: OfferImport, read count: Int, from name: String) {
        emit("\(name): \(count) offers")
        var added = 0, changed = 0
        for change in plan.changes {
            switch change {
            case let .added(id, file):
                added += 1
                emit("added    \(id) → \(file)")
            case let .changed(id, columns, file, from):
                changed += 1
                emit("changed  \(id) (\(columns.joined(separator: ", ")))" + (from.map { " moved \($0) → \(file)" } ?? ""))
            case let .removed(id, file): emit("removed  \(id) ← \(file)")
            }
        }
        emit("\(added) added, \(changed) changed, \(plan.removals.count) removed; \(plan.writes.count) file(s) to write")
    }

    private func fail(_ reason: String) throws {
        printError("\(reason); nothing written")
        throw ExitCode(1)
    }
}

/// Reads the offers to export or to import into, refusing a knowledge base with errors: its offers
/// could not be written back without losing the broken ones.
enum OfferCatalogueReader {
    static func read(_ options: KnowledgeOptions) throws -> OfferCatalogue {
        let (catalogue, problems) = try options.loader().offerCatalogue()
        let errors = problems.filter { $0.severity == .error }
        guard errors.isEmpty else {
            for problem in errors { printError(problem.description) }
            printError("fix these first (lotse check)")
            throw ExitCode(2)
        }
        return catalogue
    }
}
