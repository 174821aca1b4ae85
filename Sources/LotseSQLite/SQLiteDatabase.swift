import CSQLite
import Foundation

/// An error of SQLite, with its message.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public var code: Int32
    public var message: String
    public var description: String { "SQLite error \(code): \(message)" }
}

/// A thin wrapper around one SQLite connection: open, execute, prepared statements. The stores
/// sharing a connection serialise their use of it with `serialized`.
final class SQLiteDatabase {
    let handle: OpaquePointer
    private let lock = NSLock()

    /// Opens the file, creating it unless `readOnly`.
    init(path: String, readOnly: Bool = false) throws {
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close(db) }
            throw SQLiteError(code: status, message: "\(message) (\(path))")
        }
        handle = db
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs `body` while no other thread uses this connection.
    func serialized<T>(_ body: () throws -> T) rethrows -> T { try lock.withLock(body) }

    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &error)
        if status != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "unknown"
            sqlite3_free(error)
            throw SQLiteError(code: status, message: message)
        }
    }

    func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw lastError(status) }
        return Statement(handle: statement, database: self)
    }

    func lastError(_ status: Int32) -> SQLiteError {
        SQLiteError(code: status, message: String(cString: sqlite3_errmsg(handle)))
    }

    var changes: Int { Int(sqlite3_changes(handle)) }

    /// False inside a transaction; true again when SQLite ended one by rolling it back.
    var autocommit: Bool { sqlite3_get_autocommit(handle) != 0 }
}

/// A prepared statement, reset after each use.
final class Statement {
    let handle: OpaquePointer
    unowned let database: SQLiteDatabase

    init(handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ values: [Any?]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case let text as String: status = sqlite3_bind_text(handle, index, text, -1, Self.transient)
            case let number as Int64: status = sqlite3_bind_int64(handle, index, number)
            case let number as Int: status = sqlite3_bind_int64(handle, index, Int64(number))
            case let data as Data:
                status = data.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.transient) }
            default: status = sqlite3_bind_null(handle, index)
            }
            if status != SQLITE_OK { throw database.lastError(status) }
        }
    }

    /// Runs a statement that returns no rows.
    func run(_ values: [Any?] = []) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        let status = sqlite3_step(handle)
        guard status == SQLITE_DONE || status == SQLITE_ROW else { throw database.lastError(status) }
    }

    /// Runs a query and gives each row to `row` (columns read with `int`, `blob`).
    func query(_ values: [Any?] = [], row: (Statement) throws -> Void) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while true {
            let status = sqlite3_step(handle)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw database.lastError(status) }
            try row(self)
        }
    }

    var columnCount: Int32 { sqlite3_column_count(handle) }

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: pointer)
    }

    func blob(_ column: Int32) -> Data {
        guard let pointer = sqlite3_column_blob(handle, column) else { return Data() }
        return Data(bytes: pointer, count: Int(sqlite3_column_bytes(handle, column)))
    }
}
