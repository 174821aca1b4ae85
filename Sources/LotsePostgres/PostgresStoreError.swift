/// Why PostgreSQL cannot be used, in words an operator can act on. A query's values (sender ids)
/// are never part of it: PostgresNIO's own error carries the query with its binds, so it is
/// turned into this one at the store's edge and never logged whole.
public enum PostgresStoreError: Error, CustomStringConvertible, Sendable {
    /// The `--database` URL does not parse.
    case invalidURL(reason: String)
    /// The database was migrated by a newer Lotse.
    case newerSchema(database: String, found: Int, known: Int)
    /// The database holds no Lotse tables (for reading: `lotse report`).
    case noStatistics(database: String)
    /// PostgreSQL refused a statement: its SQLSTATE and message.
    case refused(operation: String, sqlState: String, message: String)

    public var description: String {
        switch self {
        case .invalidURL(let reason):
            return "invalid PostgreSQL URL: \(reason)"
        case .newerSchema(let database, let found, let known):
            return "\(database) was migrated by a newer version of Lotse (schema \(found), this version knows up to \(known)); upgrade lotse"
        case .noStatistics(let database):
            return "\(database) holds no enquiry statistics; they are written by lotse serve --database postgres://…"
        case .refused(let operation, let sqlState, let message):
            return "PostgreSQL refused the \(operation) (SQLSTATE \(sqlState)): \(message)"
        }
    }
}
