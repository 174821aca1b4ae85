import Foundation

/// The tables of a Lotse database file, in one place, versioned with `PRAGMA user_version`. Every
/// connection that writes prepares the file the same way, so whichever command opens a file first
/// (`lotse serve` or `lotse chat --database`) leaves it complete.
///
/// Version 1: conversations and Telegram deliveries. Version 2 adds `enquiries`, the anonymous
/// statistics: counts per day and combination of facts, without a row per person (so not even
/// the order of enquiries within a day is kept).
enum SQLiteSchema {
    static let version = 2

    /// WAL lets readers (`lotse report`) in while a writer works; `synchronous=NORMAL` keeps a
    /// committed transaction across a crash of the process; `secure_delete` overwrites what is
    /// deleted (an erased or expired conversation, its sender id), so it is gone from the file too.
    /// The log is copied into the file every 1,000 pages (SQLite's default) by the commit that
    /// crosses the mark, and the turns waiting meanwhile wait for that copy: at 10,000 pages such a
    /// stall took 30 ms and set the server's p99, at 1,000 it takes under 10 ms, for the same
    /// throughput (measured with `Benchmarks/load.sh`).
    static let pragmas = """
        PRAGMA busy_timeout=5000;
        PRAGMA secure_delete=ON;
        PRAGMA journal_mode=WAL;
        PRAGMA synchronous=NORMAL;
        PRAGMA wal_autocheckpoint=1000;
        """

    static let tables = """
        CREATE TABLE IF NOT EXISTS conversations (
            sender TEXT PRIMARY KEY NOT NULL,
            state BLOB NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS conversations_updated_at ON conversations(updated_at);
        CREATE TABLE IF NOT EXISTS deliveries (
            id INTEGER PRIMARY KEY NOT NULL,
            seen_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS deliveries_seen_at ON deliveries(seen_at);
        CREATE TABLE IF NOT EXISTS enquiries (
            day TEXT NOT NULL,              -- YYYY-MM-DD in Germany; no time
            region TEXT NOT NULL,           -- pilot district key (5 digits), state key (2), or 'unknown'
            age_band TEXT NOT NULL,         -- 0-5, 6-15, 16-17, 18-26, 27-44, 45-64, 65+, or 'unknown'
            level TEXT NOT NULL,            -- none, A1 … C2, or 'unknown'
            topic TEXT NOT NULL,            -- the ask_* intent
            language TEXT NOT NULL,         -- ISO 639-1 code of the conversation
            local_offers INTEGER NOT NULL,  -- fitting offers of the district
            state_offers INTEGER NOT NULL,  -- of the state
            national_offers INTEGER NOT NULL,
            enquiries INTEGER NOT NULL,     -- how many referrals had exactly these values that day
            PRIMARY KEY (day, region, age_band, level, topic, language, local_offers, state_offers, national_offers)
        ) WITHOUT ROWID;
        """

    /// Creates or upgrades the tables; refuses a file of a newer version.
    static func prepare(_ database: SQLiteDatabase, path: String) throws {
        try database.execute(pragmas)
        let found = try userVersion(database)
        guard found <= version else { throw DatabaseError.newerSchema(path: path, found: found, known: version) }
        do {
            try database.execute("BEGIN IMMEDIATE;\n\(tables)\nPRAGMA user_version=\(version);\nCOMMIT;")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    static func userVersion(_ database: SQLiteDatabase) throws -> Int {
        var found = 0
        try database.prepare("PRAGMA user_version").query { found = Int($0.int(0)) }
        return found
    }
}
