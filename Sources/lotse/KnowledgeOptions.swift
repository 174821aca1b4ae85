import ArgumentParser
import Foundation
import LotseCore

/// Where the knowledge base is: `--root`, else `LOTSE_ROOT`, else the nearest folder above the
/// working directory or the executable that holds `knowledge/` and `intents/`.
struct KnowledgeOptions: ParsableArguments {
    @Option(help: "Folder that holds knowledge/ and intents/ (default: found from the working directory).")
    var root: String?

    func resolvedRoot() throws -> String {
        if let root { return root }
        if let root = env("LOTSE_ROOT") { return root }
        let starts = [FileManager.default.currentDirectoryPath,
                      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path]
        for start in starts {
            var url = URL(fileURLWithPath: start).standardizedFileURL
            for _ in 0..<8 {
                if FileManager.default.fileExists(atPath: url.appendingPathComponent("knowledge/regions.yml").path),
                   FileManager.default.fileExists(atPath: url.appendingPathComponent("intents").path) {
                    return url.path
                }
                url.deleteLastPathComponent()
            }
        }
        throw ValidationError("cannot find knowledge/ and intents/; run in the checkout or pass --root")
    }

    func loader() throws -> KnowledgeLoader { KnowledgeLoader(root: try resolvedRoot()) }

    /// Loads the knowledge base or exits with every problem as `file:line: reason`.
    func load() throws -> KnowledgeBase {
        do {
            return try loader().load()
        } catch let error as KnowledgeLoadError {
            for problem in error.problems where problem.severity == .error { printError(problem.description) }
            throw ExitCode(2)
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Writes a line to stdout and flushes, so pipes see each answer at once.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
