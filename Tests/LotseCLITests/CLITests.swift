import Foundation
import Testing

/// Drives the real `lotse` binary as a user or a partner's script would.
@Suite struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static var binary: String {
        let nextToTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lotse").path
        if FileManager.default.isExecutableFile(atPath: nextToTests) { return nextToTests }
        for candidate in [".build/debug/lotse", ".build/x86_64-unknown-linux-gnu/debug/lotse", ".build/aarch64-unknown-linux-gnu/debug/lotse"] {
            let path = root + "/" + candidate
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nextToTests
    }

    struct Output { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ arguments: [String], input: String = "", directory: String = root, environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// A malformed environment value stops the server with an error naming the variable, instead
    /// of silently becoming the default (LOTSE_PORT=abc used to serve on 5005).
    @Test(arguments: [("LOTSE_PORT", "abc"), ("LOTSE_IDLE_TIMEOUT", "30s"), ("LOTSE_STATISTICS_RETENTION_DAYS", "two years"),
                      ("LOG_LEVEL", "loud")])
    func malformedEnvironmentValuesAreErrorsNamingTheVariable(variable: String, value: String) throws {
        let output = try Self.run(["serve", "--database", "/nonexistent/never-opened.sqlite"], environment: [variable: value])
        #expect(output.status == 64, "\(output.stderr)")
        #expect(output.stderr.contains("environment variable \(variable) must be"), "\(output.stderr)")
        #expect(output.stderr.contains("'\(value)'"))
    }

    @Test func chatJSONGivesOneArrayPerInputLine() throws {
        let input = "hallo\nDeutschkurs\n34\nA1\nParchim\n\n" + String(repeating: "x", count: 3000) + "\n"
        let output = try Self.run(["chat", "--json", "--sender", "abc"], input: input)
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(lines.count == 7)
        for line in lines {
            let array = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [[String: Any]]
            #expect(array != nil && !array!.isEmpty)
            #expect(array!.allSatisfy { $0["recipient_id"] as? String == "abc" })
        }
        let referral = try JSONSerialization.jsonObject(with: Data(lines[4].utf8)) as! [[String: Any]]
        let custom = try #require(referral.compactMap { $0["custom"] as? [String: Any] }.first)
        #expect(custom["type"] as? String == "referral")
        let profile = try #require(custom["profile"] as? [String: Any])
        #expect(profile["age"] as? Int == 34)
        #expect(profile["language_level"] as? String == "A1")
        #expect((profile["residence"] as? [String: Any])?["region"] as? String == "13076")
        let offers = try #require(custom["offers"] as? [[String: Any]])
        #expect(offers.contains { $0["id"] as? String == "integrationskurs" && ($0["reason"] as? String)?.isEmpty == false })
    }

    @Test func plainChatWorksWhenPiped() throws {
        let output = try Self.run(["chat"], input: "Kita\n3\nRostock\n")
        #expect(output.status == 0)
        #expect(output.stdout.contains("[1]"))
        #expect(output.stdout.contains("Kita"))
    }

    @Test func parseJSONHasRasaShape() throws {
        let output = try Self.run(["parse", "--json", "Ich bin 34 und wohne in Parchim"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["text"] as? String == "Ich bin 34 und wohne in Parchim")
        #expect(object["language"] as? String == "de")
        #expect((object["intent"] as? [String: Any])?["name"] as? String == "inform")
        #expect((object["intent_ranking"] as? [Any])?.isEmpty == false)
        let entities = try #require(object["entities"] as? [[String: Any]])
        let residence = try #require(entities.first { $0["entity"] as? String == "residence" })
        #expect(residence["value"] as? String == "Parchim")
        #expect(residence["region"] as? String == "13076")
        #expect(residence["municipality_key"] as? String == "13076108")
        #expect(residence["start"] as? Int == 24)
        #expect(residence["end"] as? Int == 31)
    }

    @Test func parseReadsStandardInputLineByLine() throws {
        let output = try Self.run(["parse", "--json"], input: "hallo\nA2\n18055\n")
        #expect(output.stdout.split(separator: "\n").count == 3)
    }

    @Test func offersForACounsellorWithReasonsAndExclusions() throws {
        let output = try Self.run(["offers", "--age", "34", "--level", "A1", "--place", "Parchim", "--topic", "ask_language_course"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("[integrationskurs]"))
        #expect(output.stdout.contains("bsk-b1-b2"))
        let json = try Self.run(["offers", "--age", "34", "--level", "B1", "--place", "Parchim", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let excluded = try #require(object["excluded"] as? [[String: Any]])
        #expect(excluded.contains { $0["id"] as? String == "integrationskurs" })
    }

    @Test func offersRejectsBadArgumentsClearly() throws {
        let ambiguous = try Self.run(["offers", "--place", "Neustadt"])
        #expect(ambiguous.status != 0)
        #expect(ambiguous.stderr.contains("Glewe"))
        let level = try Self.run(["offers", "--level", "Z9"])
        #expect(level.status != 0)
    }

    @Test func checkPassesOnTheShippedFilesAndFailsOnABrokenOne() throws {
        let good = try Self.run(["check"])
        #expect(good.status == 0, "\(good.stdout)")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for name in ["knowledge", "intents"] { try FileManager.default.copyItem(atPath: Self.root + "/" + name, toPath: scratch + "/" + name) }
        try "offers:\n- id: x\n  category: nonsense\n".write(toFile: scratch + "/knowledge/offers/zz.yml", atomically: true, encoding: .utf8)
        let bad = try Self.run(["check", "--root", scratch])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("knowledge/offers/zz.yml:3: unknown category 'nonsense'"))
    }

    @Test func testCommandReportsAccuracyPerLanguage() throws {
        let output = try Self.run(["test"])
        #expect(output.status == 0)
        for language in ["de", "en", "ar", "fa", "uk", "ru", "tr", "fr"] {
            #expect(output.stdout.contains("== \(language): intent accuracy"))
        }
    }

    @Test func offersTakeAnOptionPerFactOfTheFactsFile() throws {
        let base = ["offers", "--age", "40", "--level", "A2", "--place", "Mainz", "--topic", "ask_language_course", "--json"]
        let unknown = try Self.run(base)
        #expect(unknown.status == 0)
        #expect(unknown.stdout.contains("\"id\":\"bsk-spezial-a2-b1\",\"only_if\""))
        let known = try Self.run(base + ["--integration-course", "done_without_b1", "--activity=work"])
        #expect(known.status == 0, "\(known.stderr)")
        #expect(known.stdout.contains("\"id\":\"bsk-spezial-a2-b1\",\"reason\""))
        let listed = try JSONSerialization.jsonObject(with: Data(known.stdout.utf8)) as? [String: Any]
        let offers = ((listed?["referral"] as? [String: Any])?["offers"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(!offers.isEmpty && !offers.contains("integrationskurs"), "the Integrationskurs is not for someone who did it")
        let wrongValue = try Self.run(base + ["--status", "refugee"])
        #expect(wrongValue.status != 0 && wrongValue.stderr.contains("--status must be one of asylum_procedure"))
        let wrongOption = try Self.run(base + ["--shoe-size", "42"])
        #expect(wrongOption.status != 0 && wrongOption.stderr.contains("unknown option '--shoe_size'"))
    }

    @Test func referralEvaluationRunsOnTheLabelledProfiles() throws {
        let output = try Self.run(["test", "--referrals", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        #expect((report?["profiles"] as? Int ?? 0) >= 60)
        #expect(report?["violations"] as? Int == 0)
        let named = report?["named"] as? Int ?? 0, must = report?["mustName"] as? Int ?? 1
        #expect(Double(named) / Double(must) >= 0.98)
        let right = report?["firstRight"] as? Int ?? 0, expected = report?["firstExpected"] as? Int ?? 1
        #expect(Double(right) / Double(expected) >= 0.9)
    }
}

