import Foundation

/// The intents files made ready for the classifier: every example as words with entity
/// placeholders, the synonym phrases, and the ordinary vocabulary.
struct PreparedTraining: Sendable {
    struct Example: Sendable {
        var intent: Intent
        var language: String
        var text: String
        var units: [String]
    }

    var examples: [Example]
    var synonyms: [(value: String, phrase: String)]
    var vocabulary: [String]
    /// The languages that have an intents file.
    var languages: [String]
}

/// Keeps prepared training examples and the classifier built from them between runs, keyed by a
/// fingerprint of every file under `knowledge/` and `intents/`: an unchanged knowledge base starts
/// without parsing, tokenising and extracting entities from every example again, nor featurising
/// and indexing them. Any change to any file gives a new fingerprint. Written only after a load
/// without errors; a missing, stale or damaged cache is simply rebuilt.
enum TrainingCache {
    /// 2: the built classifier is kept too. 3: with its linear model and the examples' texts.
    /// 4: the linear model is an SVM over letter groups of two and three, with their IDF.
    static let version = 4

    /// `LOTSE_CACHE_DIR`, else `$XDG_CACHE_HOME/lotse` or `~/.cache/lotse`, else the temporary folder.
    static var directory: String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["LOTSE_CACHE_DIR"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/lotse" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.cache/lotse" }
        return NSTemporaryDirectory() + "lotse-cache"
    }

    static var disabled: Bool { ProcessInfo.processInfo.environment["LOTSE_CACHE_DIR"] == "off" }

    /// FNV-1a over the relative path and the bytes of every file, in path order, and over the
    /// running program's size and date: how examples are prepared is code, and a new build may
    /// prepare them differently. Eight bytes per step: the phrase files are megabytes, and byte by
    /// byte this took a tenth of the start-up. Each step is a bijection of the state, so any one
    /// changed word of a file changes the fingerprint.
    static func fingerprint(_ directories: [String]) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325 ^ UInt64(version)
        func mix(_ bytes: UnsafeRawBufferPointer) {
            var offset = 0
            while offset + 8 <= bytes.count {
                hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x100000001b3
                offset += 8
            }
            while offset < bytes.count {
                hash = (hash ^ UInt64(bytes[offset])) &* 0x100000001b3
                offset += 1
            }
        }
        func mix(_ text: String) { var text = text; text.withUTF8 { mix(UnsafeRawBufferPointer($0)) } }
        if let program = Bundle.main.executablePath,
           let attributes = try? FileManager.default.attributesOfItem(atPath: program) {
            mix("\(attributes[.size] ?? 0)|\((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)")
        }
        for directory in directories {
            let files = (FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []).sorted()
            for file in files {
                let path = (directory as NSString).appendingPathComponent(file)
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                mix(file)
                data.withUnsafeBytes { mix($0) }
            }
        }
        return hash
    }

    static func path(for fingerprint: UInt64) -> String {
        (directory as NSString).appendingPathComponent(String(fingerprint, radix: 16) + ".training")
    }

    /// The prepared examples and, when it was stored, the classifier built from them.
    static func load(fingerprint: UInt64) -> (prepared: PreparedTraining, classifier: IntentClassifier?)? {
        guard !disabled, let data = FileManager.default.contents(atPath: path(for: fingerprint)) else { return nil }
        var reader = BinaryReader(bytes: [UInt8](data))
        guard reader.int() == version, let count = reader.int(), count >= 0 else { return nil }
        var examples: [PreparedTraining.Example] = []
        examples.reserveCapacity(count)
        for _ in 0..<count {
            guard let intentName = reader.string(), let intent = Intent(rawValue: intentName), let language = reader.string(),
                  let text = reader.string(), let units = reader.strings() else { return nil }
            examples.append(.init(intent: intent, language: language, text: text, units: units))
        }
        guard let synonymCount = reader.int(), synonymCount >= 0 else { return nil }
        var synonyms: [(value: String, phrase: String)] = []
        for _ in 0..<synonymCount {
            guard let value = reader.string(), let phrase = reader.string() else { return nil }
            synonyms.append((value, phrase))
        }
        guard let vocabulary = reader.strings(), let languages = reader.strings(), let hasClassifier = reader.bool() else { return nil }
        let prepared = PreparedTraining(examples: examples, synonyms: synonyms, vocabulary: vocabulary, languages: languages)
        guard hasClassifier else { return reader.atEnd ? (prepared, nil) : nil }
        guard let classifier = IntentClassifier(reading: &reader), reader.atEnd else { return nil }
        return (prepared, classifier)
    }

    static func store(_ prepared: PreparedTraining, classifier: IntentClassifier?, fingerprint: UInt64) {
        guard !disabled else { return }
        var writer = BinaryWriter()
        writer.int(version)
        writer.int(prepared.examples.count)
        for example in prepared.examples {
            writer.string(example.intent.rawValue)
            writer.string(example.language)
            writer.string(example.text)
            writer.strings(example.units)
        }
        writer.int(prepared.synonyms.count)
        for synonym in prepared.synonyms { writer.string(synonym.value); writer.string(synonym.phrase) }
        writer.strings(prepared.vocabulary)
        writer.strings(prepared.languages)
        writer.bool(classifier != nil)
        classifier?.write(to: &writer)
        // Written beside and renamed into place, so a reader never sees half a file.
        let target = path(for: fingerprint)
        let temporary = target + ".\(UUID().uuidString).tmp"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(writer.bytes).write(to: URL(fileURLWithPath: temporary))
            _ = try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.moveItem(atPath: temporary, toPath: target)
            pruneOldEntries()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
        }
    }

    /// Keeps the most recently written entries only, so edits over months do not fill the disk.
    static let keptEntries = 6

    private static func pruneOldEntries() {
        let manager = FileManager.default
        let names = ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".training") }
        guard names.count > keptEntries else { return }
        let dated = names.map { name -> (String, Date) in
            let path = (directory as NSString).appendingPathComponent(name)
            return (path, ((try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast)
        }
        for (path, _) in dated.sorted(by: { $0.1 > $1.1 }).dropFirst(keptEntries) { try? manager.removeItem(atPath: path) }
    }
}
