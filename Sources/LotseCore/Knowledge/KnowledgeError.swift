/// A problem in a knowledge or intents file, located to the line so the person who keeps the file
/// can fix it without reading Swift.
public struct KnowledgeError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var file: String
    public var line: Int?
    public var reason: String
    public var severity: Severity

    public init(file: String, line: Int?, reason: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.reason = reason
        self.severity = severity
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return severity == .warning ? "\(place): warning: \(reason)" : "\(place): \(reason)"
    }
}

/// Thrown when loading found errors; carries every problem found, not only the first.
public struct KnowledgeLoadError: Error, Sendable, CustomStringConvertible {
    public var problems: [KnowledgeError]
    public init(problems: [KnowledgeError]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Collects problems while a set of files is read, so that `lotse check` can report all of them.
public final class Diagnostics: @unchecked Sendable {
    public private(set) var problems: [KnowledgeError] = []
    public init() {}
    public func error(_ file: String, _ line: Int?, _ reason: String) {
        problems.append(KnowledgeError(file: file, line: line, reason: reason))
    }
    public func warning(_ file: String, _ line: Int?, _ reason: String) {
        problems.append(KnowledgeError(file: file, line: line, reason: reason, severity: .warning))
    }
    func merge(_ other: Diagnostics) { problems += other.problems }
    public var hasErrors: Bool { problems.contains { $0.severity == .error } }
    public func throwIfErrors() throws {
        if hasErrors { throw KnowledgeLoadError(problems: problems) }
    }
}
