import Logging
import PostgresNIO

/// The tables of Lotse in PostgreSQL, as numbered migrations recorded in `lotse_schema`. Every
/// server migrates at start, inside one transaction under an advisory lock, so several instances
/// starting together migrate once; a database migrated by a newer Lotse is refused (its tables may
/// mean something this version does not know). Readers (`lotse report`) never migrate.
///
/// The tables are those of the SQLite file (`SQLiteSchema`), in PostgreSQL's types: the
/// conversation state is `ConversationCodec`'s opaque bytes, so the dialogue can grow fields
/// without a migration here.
enum PostgresSchema {
    struct Migration {
        let version: Int
        let statements: [String]
    }

    static let migrations = [
        // 1: conversations and Telegram delivery ids.
        Migration(version: 1, statements: [
            """
            CREATE TABLE conversations (
                sender text PRIMARY KEY,
                state bytea NOT NULL,           -- ConversationCodec: profile, pending question, language; never text
                updated_at bigint NOT NULL      -- milliseconds since 1970
            )
            """,
            "CREATE INDEX conversations_updated_at ON conversations (updated_at)",
            "CREATE TABLE deliveries (id bigint PRIMARY KEY, seen_at bigint NOT NULL)",
            "CREATE INDEX deliveries_seen_at ON deliveries (seen_at)",
        ]),
        // 2: the anonymous enquiry statistics, one row per day and combination of facts.
        Migration(version: 2, statements: [
            """
            CREATE TABLE enquiries (
                day text NOT NULL,              -- YYYY-MM-DD in Germany; no time
                region text NOT NULL,
                age_band text NOT NULL,
                level text NOT NULL,
                topic text NOT NULL,
                language text NOT NULL,
                local_offers bigint NOT NULL,
                state_offers bigint NOT NULL,
                national_offers bigint NOT NULL,
                enquiries bigint NOT NULL,
                PRIMARY KEY (day, region, age_band, level, topic, language, local_offers, state_offers, national_offers)
            )
            """,
        ]),
    ]

    static var latest: Int { migrations.last!.version }

    /// An arbitrary constant naming Lotse's migration lock among the database's advisory locks.
    static let migrationLock: Int64 = 0x4C6F_7473_6501

    /// Applies the migrations the database lacks, up to `target` (tests stop early to test an upgrade).
    static func migrate(_ database: PostgresDatabase, upTo target: Int = latest) async throws {
        let name = database.configuration.redacted
        try await database.perform("migration") { client in
            try await client.withTransaction(logger: database.logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: database.logger)
                try await connection.query("""
                    CREATE TABLE IF NOT EXISTS lotse_schema (
                        version integer PRIMARY KEY,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """, logger: database.logger)
                let found = try await version(connection, logger: database.logger)
                guard found <= latest else { throw PostgresStoreError.newerSchema(database: name, found: found, known: latest) }
                for migration in migrations where migration.version > found && migration.version <= target {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: database.logger)
                    }
                    try await connection.query("INSERT INTO lotse_schema (version) VALUES (\(migration.version))", logger: database.logger)
                }
            }
        }
    }

    /// For readers: the schema must hold the statistics and be one this version knows.
    static func checkReadable(_ database: PostgresDatabase) async throws {
        let name = database.configuration.redacted
        try await database.perform("schema check") { client in
            try await client.withConnection { connection in
                let exists = try await connection.query("SELECT to_regclass('lotse_schema') IS NOT NULL", logger: database.logger)
                    .decode(Bool.self).first { _ in true } ?? false
                guard exists else { throw PostgresStoreError.noStatistics(database: name) }
                let found = try await version(connection, logger: database.logger)
                guard found <= latest else { throw PostgresStoreError.newerSchema(database: name, found: found, known: latest) }
                guard found >= 2 else { throw PostgresStoreError.noStatistics(database: name) }
            }
        }
    }

    static func version(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query("SELECT COALESCE(MAX(version), 0) FROM lotse_schema", logger: logger)
        for try await version in rows.decode(Int.self) { return version }
        return 0
    }
}
