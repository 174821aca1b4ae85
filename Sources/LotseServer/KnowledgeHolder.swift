import Foundation
import LotseCore

/// The knowledge base in use, swapped whole on reload: requests in flight keep the engine they
/// started with, new requests get the new one, and a broken file leaves the old one serving.
final class KnowledgeHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var current: DialogueEngine
    private let loader: KnowledgeLoader
    private let maxMessageLength: Int

    init(loader: KnowledgeLoader, maxMessageLength: Int) throws {
        self.loader = loader
        self.maxMessageLength = maxMessageLength
        current = DialogueEngine(knowledge: try loader.load())
        current.maxMessageLength = maxMessageLength
    }

    var engine: DialogueEngine { lock.withLock { current } }

    /// Loads the files again; on failure the old knowledge stays and the problems are returned.
    func reload() -> [KnowledgeError] {
        do {
            var engine = DialogueEngine(knowledge: try loader.load())
            engine.maxMessageLength = maxMessageLength
            lock.withLock { current = engine }
            return []
        } catch let error as KnowledgeLoadError {
            return error.problems.filter { $0.severity == .error }
        } catch {
            return [KnowledgeError(file: loader.knowledgeDirectory, line: nil, reason: "\(error)")]
        }
    }
}
