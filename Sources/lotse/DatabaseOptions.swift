import ArgumentParser
import Foundation
import LotseCore
import LotsePostgres
import LotseSQLite
import LotseServer

/// The database file, the same option for every command that touches it: `serve` keeps
/// conversations and statistics there, `chat` records statistics into it, `report` reads them.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database"),
            help: "SQLite file (a path or sqlite:PATH) or, for serve and report, postgres://user@host:port/db (LOTSE_DATABASE; lotse serve: lotse.sqlite when not given).")
    var given: String?

    var path: String? { given ?? env("LOTSE_DATABASE") }
}

/// How long enquiry statistics are kept, for the commands that record them.
struct RetentionOptions: ParsableArguments {
    @Option(help: "Days the enquiry statistics are kept; older days are deleted (LOTSE_STATISTICS_RETENTION_DAYS; default \(ServerConfiguration().statisticsRetentionDays)).")
    var statisticsRetentionDays: Int?

    func validate() throws {
        guard try days() >= 1 else { throw ValidationError("--statistics-retention-days (LOTSE_STATISTICS_RETENTION_DAYS) must be at least 1") }
    }

    /// The flag, else the environment variable, else the server's default.
    func days() throws -> Int {
        try EnvironmentSetting.value(statisticsRetentionDays, "LOTSE_STATISTICS_RETENTION_DAYS") ?? ServerConfiguration().statisticsRetentionDays
    }

    /// The first day kept today (the days were checked by `validate`).
    var firstDayKept: Day { Day(Date()).adding(days: -((try? days()) ?? ServerConfiguration().statisticsRetentionDays)) }
}

/// Records the referrals of a terminal conversation: opens the database (deleting the days past
/// the retention), counts each enquiry on today's date, and reports a failure on standard error
/// without ending the conversation.
struct StatisticsRecorder {
    let store: SQLiteStatisticsStore

    init?(database: DatabaseOptions, retention: RetentionOptions) throws {
        guard let path = database.path else { return nil }
        guard !PostgresConfiguration.isPostgresURL(path) else {
            throw ValidationError("lotse chat records statistics into a SQLite file; PostgreSQL is for lotse serve and lotse report")
        }
        store = try SQLiteStatisticsStore(path: path)
        _ = try store.deleteEnquiries(before: retention.firstDayKept)
    }

    func record(_ enquiry: Enquiry?) {
        guard let enquiry else { return }
        do { try store.record(enquiry, on: Day(Date())) } catch { printError("statistics not recorded: \(error)") }
    }
}
