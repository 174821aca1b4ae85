import ArgumentParser
import Foundation
import LotseCore

/// Measures the figures the README reports: start-up, parse throughput, turn latency, memory.
/// Run it on a release build: `swift run -c release lotse bench`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure start-up time, parse throughput, dialogue turn latency and memory.")

    @OptionGroup var knowledge: KnowledgeOptions

    @Option(help: "How many utterances to parse for the throughput figure.")
    var utterances = 200_000

    @Option(help: "How many dialogue turns to time.")
    var turns = 20_000

    @Option(help: "How many times to load the knowledge base for the start-up figure.")
    var startupRuns = 5

    /// Loads once and prints resident and peak memory: run as a process of its own by the benchmark,
    /// so the figure is what a fresh start uses, not what earlier loads in the same process left behind.
    @Flag(help: .hidden)
    var memoryProbe = false

    func run() throws {
        if memoryProbe {
            _ = try knowledge.load()
            print(Memory.residentMegabytes(), Memory.peakMegabytes())
            return
        }
        let clock = ContinuousClock()
        let loader = try knowledge.loader()
        var base: KnowledgeBase!
        var cold = loader
        cold.useTrainingCache = false
        let coldLoad = try clock.measure { _ = try cold.load() }
        _ = try loader.load()  // makes sure the training cache exists
        let cpuBefore = Self.processCPUSeconds()
        var loads = [try clock.measure { base = try loader.load() }]
        let cpu = (Self.processCPUSeconds() - cpuBefore) * 1000
        emit("start-up (load knowledge base and build NLU): \(milliseconds(loads[0])) ms, \(String(format: "%.0f", cpu)) ms of CPU time on all cores   target < 150 ms")
        emit("start-up without the training cache (first start after a change): \(milliseconds(coldLoad)) ms")
        if let (resident, peak) = try freshStartMemory() {
            emit("resident memory after start-up (a process of its own): \(resident) MB, peak while loading \(peak) MB   target < 60 MB")
        }

        let corpus = try corpus(root: knowledge.resolvedRoot(), base: base)
        var sink = 0
        let parse = clock.measure {
            for i in 0..<utterances { sink &+= base.nlu.parse(corpus[i % corpus.count]).entities.count }
        }
        let perSecond = Double(utterances) / seconds(parse)
        emit("parse: \(Int(perSecond)) utterances/s on one core (\(corpus.count) distinct, \(utterances) parsed)   target ≥ 50000")

        let engine = DialogueEngine(knowledge: base)
        var latencies: [Duration] = []
        latencies.reserveCapacity(turns)
        while latencies.count < turns {
            for script in Self.scripts {
                var (conversation, _) = engine.start()
                for line in script where latencies.count < turns {
                    let elapsed = clock.measure { sink &+= engine.respond(to: line, in: &conversation).count }
                    latencies.append(elapsed)
                }
            }
        }
        latencies.sort()
        func percentile(_ p: Double) -> String { milliseconds(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))], digits: 3) }
        emit("dialogue turn: p50 \(percentile(0.5)) ms, p99 \(percentile(0.99)) ms, max \(milliseconds(latencies.last!, digits: 3)) ms over \(latencies.count) turns   target p99 < 1 ms")
        emit("resident memory of this benchmark at the end (\(startupRuns + 2) loads, the parses and turns above): \(Memory.residentMegabytes()) MB, peak \(Memory.peakMegabytes()) MB")

        // More loads for a steadier start-up figure (after the memory figures: they allocate).
        for _ in 1..<max(1, startupRuns) { loads.append(try clock.measure { _ = try loader.load() }) }
        loads.sort()
        emit("start-up over \(loads.count) loads: min \(milliseconds(loads[0])) ms, median \(milliseconds(loads[loads.count / 2])) ms, max \(milliseconds(loads[loads.count - 1])) ms")
        if sink == -1 { emit("") }
    }

    /// Whole conversations in several languages, from greeting to referral, with a correction.
    static let scripts: [[String]] = [
        ["hallo", "ich suche einen Deutschkurs", "34", "A1", "Parchim", "mehr", "nein, ich bin 28", "2", "danke", "tschüss"],
        ["hi", "kindergarten for my daughter", "she is 3", "I live in Rostock", "more", "thanks"],
        ["مرحبا", "أبحث عن دورة لغة ألمانية", "عمري ٢٥", "A2", "ماينتس", "شكرا"],
        ["привет", "курсы немецкого", "мне 40", "не говорю по-немецки", "в Ростоке", "спасибо"],
        ["Neustadt", "2", "ich bin 17 und spreche B1", "Ausbildung", "danke"],
        ["34 A1 Köln", "Integrationskurs", "more", "start again"],
    ]

    private func corpus(root: String, base: KnowledgeBase) throws -> [String] {
        let directory = (root as NSString).appendingPathComponent("Tests/HeldOut")
        var lines: [String] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".yml") {
            let text = (try? String(contentsOfFile: (directory as NSString).appendingPathComponent(name), encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("- ") {
                let example = line.trimmingCharacters(in: .whitespaces).dropFirst(2)
                lines.append(String(example).replacingOccurrences(of: #"\]\([a-z_]+\)"#, with: "", options: .regularExpression)
                    .replacingOccurrences(of: "[", with: ""))
            }
        }
        return lines.isEmpty ? Self.scripts.flatMap { $0 } : lines
    }

    /// CPU time of the whole process (all threads): unlike wall time, not inflated by other load on the machine.
    /// Resident and peak memory of a separate `lotse bench --memory-probe` with the training cache.
    private func freshStartMemory() throws -> (Int, Int)? {
        guard let executable = Bundle.main.executablePath else { return nil }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: executable)
        probe.arguments = ["bench", "--memory-probe", "--root", try knowledge.resolvedRoot()]
        let output = Pipe()
        probe.standardOutput = output
        try probe.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        probe.waitUntilExit()
        let numbers = String(decoding: data, as: UTF8.self).split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }

    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func milliseconds(_ duration: Duration, digits: Int = 1) -> String {
        String(format: "%.\(digits)f", seconds(duration) * 1000)
    }
}

/// Resident memory of this process, from /proc (Linux).
enum Memory {
    static func residentMegabytes() -> Int { value("VmRSS") / 1024 }
    static func peakMegabytes() -> Int { value("VmHWM") / 1024 }

    private static func value(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "0") ?? 0
        }
        return 0
    }
}
