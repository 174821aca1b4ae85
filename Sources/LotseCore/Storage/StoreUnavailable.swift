/// A store could not reach its database (connection refused or lost, no connection within the
/// timeout). Unlike other errors it says nothing about the request: the same turn may succeed a
/// moment later, so the server answers 503 and stays up, and the store reconnects by itself.
/// Carries what was attempted and why it failed — never a sender id or a query's values.
public struct StoreUnavailable: Error, CustomStringConvertible, Sendable {
    /// What the store tried: "turn", "erase", "purge", …
    public var operation: String
    public var reason: String

    public init(operation: String, reason: String) {
        self.operation = operation
        self.reason = reason
    }

    public var description: String { "the database is unavailable (\(operation)): \(reason)" }
}
