import Logging
import PostgresNIO

/// What the stores need of both a pooled client and a connection inside a transaction: run a
/// statement, read a count.
protocol PostgresQueryRunner: Sendable {
    func query(_ query: PostgresQuery, logger: Logger, file: String, line: Int) async throws -> PostgresRowSequence
}

extension PostgresConnection: PostgresQueryRunner {}

extension PostgresClient: PostgresQueryRunner {
    func query(_ query: PostgresQuery, logger: Logger, file: String, line: Int) async throws -> PostgresRowSequence {
        try await self.query(query, logger: Optional(logger), file: file, line: line)
    }
}

extension PostgresQueryRunner {
    /// Runs a statement and drains its rows (a connection is free for the next one only then).
    func run(_ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line) async throws {
        for try await _ in try await self.query(query, logger: logger, file: file, line: line) {}
    }

    /// The single number a statement returns (`COUNT(*)`).
    func count(_ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line) async throws -> Int {
        var result = 0
        for try await value in try await self.query(query, logger: logger, file: file, line: line).decode(Int.self) { result = value }
        return result
    }
}
