import Foundation

/// A folder of evaluation files (`Tests/Conversations`, `Tests/Referrals`): every `*.yml` in it,
/// read with line numbers so a bad item is reported at its line, and all items of a list key.
struct EvaluationFolder {
    let directory: String

    /// The items under `key` of every file, each with the file's name (without `.yml`); throws when the
    /// folder has no files (saying `what` it should hold) or any file has an error.
    func items<Item>(under key: String, what: String, diagnostics: Diagnostics,
                     read: (YAMLValue, _ root: YAMLValue, _ name: String) -> Item?) throws -> [Item] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yml") }.sorted()
        guard !names.isEmpty else {
            throw KnowledgeLoadError(problems: [KnowledgeError(file: directory, line: nil, reason: "no \(what) (*.yml)")])
        }
        var items: [Item] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let root = YAMLValue.load(path: path, displayName: displayPath(path), diagnostics: diagnostics) else { continue }
            for value in root[key]?.sequence ?? [] {
                if let item = read(value, root, (name as NSString).deletingPathExtension) { items.append(item) }
            }
        }
        try diagnostics.throwIfErrors()
        return items
    }
}
