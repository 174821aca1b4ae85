import Foundation
import Logging
import LotseCore
import NIOSSL
import PostgresNIO

/// One connection pool to PostgreSQL (PostgresNIO's `PostgresClient`), shared by the conversation
/// and the statistics store, with the rules every operation follows: a deadline (a database that
/// is away answers 503 within the timeout instead of holding the request), and errors translated
/// at this edge — connection trouble becomes `StoreUnavailable`, a refused statement
/// `PostgresStoreError.refused` with its SQLSTATE; neither carries the query's values.
///
/// The pool reconnects by itself: after the database comes back, the next operation gets a
/// fresh connection, without a restart of the server.
final class PostgresDatabase: Sendable {
    let client: PostgresClient
    let configuration: PostgresConfiguration
    /// PostgresNIO's own logging stays at warnings: its debug output includes the query values.
    let logger: Logger
    private let running: Task<Void, Never>

    init(_ configuration: PostgresConfiguration, logger: Logger) throws {
        var options = PostgresClient.Configuration.Options()
        options.maximumConnections = configuration.poolSize
        options.connectTimeout = configuration.timeout
        var client = PostgresClient.Configuration(host: configuration.host, port: configuration.port, username: configuration.user,
                                                  password: configuration.password, database: configuration.database,
                                                  tls: try Self.tls(configuration.sslMode))
        client.options = options
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .warning)
        self.logger = quiet
        self.configuration = configuration
        self.client = PostgresClient(configuration: client, backgroundLogger: quiet)
        let pool = self.client
        running = Task { await pool.run() }
    }

    /// Closes the pool's connections.
    func close() async {
        running.cancel()
        await running.value
    }

    /// Tells the pool to stop without waiting for it: what a store that failed to open does, since
    /// a pool that cannot reach its server ends only when its own circuit breaker gives up (60 s).
    func abandon() {
        running.cancel()
    }

    private static func tls(_ mode: PostgresConfiguration.SSLMode) throws -> PostgresClient.Configuration.TLS {
        var unchecked = TLSConfiguration.makeClientConfiguration()
        unchecked.certificateVerification = .none
        switch mode {
        case .disable: return .disable
        case .prefer: return .prefer(unchecked)
        case .require: return .require(unchecked)
        case .verifyCA:
            var checked = TLSConfiguration.makeClientConfiguration()
            checked.certificateVerification = .noHostnameVerification
            return .require(checked)
        case .verifyFull: return .require(TLSConfiguration.makeClientConfiguration())
        }
    }

    /// Runs `body` within the timeout, translating its errors (see the type's comment).
    ///
    /// The deadline does not wait for `body` to notice its cancellation: a connection request to a
    /// server that cannot be reached is held by the pool until its circuit breaker gives up (60 s),
    /// whatever the cancellation says, and a task group would wait for it. So `body` runs in a task
    /// of its own, and whichever comes first — its answer, the deadline or the caller's
    /// cancellation — answers the caller; the other is cancelled and left to end by itself.
    func perform<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let (client, timeout, seconds) = (self.client, configuration.timeout, configuration.timeoutSeconds)
        let answer = FirstAnswer<T>()
        let work = Task { answer.give(await Result(catching: { try await body(client) })) }
        let deadline = Task {
            try await Task.sleep(for: timeout)
            answer.give(.failure(StoreUnavailable(operation: operation, reason: "no answer within \(seconds) s")))
        }
        defer {
            work.cancel()
            deadline.cancel()
        }
        do {
            return try await withTaskCancellationHandler {
                try await answer.value
            } onCancel: {
                answer.give(.failure(CancellationError()))
            }
        } catch {
            throw Self.translate(error, operation: operation)
        }
    }

    /// The store's own errors and the caller's pass as they are; a transaction's error is the
    /// first of its parts that failed.
    static func translate(_ error: any Error, operation: String) -> any Error {
        switch error {
        case is StoreUnavailable, is PostgresStoreError:
            return error
        case let error as PostgresTransactionError:
            guard let cause = error.beginError ?? error.closureError ?? error.commitError else {
                return StoreUnavailable(operation: operation, reason: "transaction failed")
            }
            return translate(cause, operation: operation)
        case let error as PSQLError:
            return translate(error, operation: operation)
        case is CancellationError:
            return StoreUnavailable(operation: operation, reason: "cancelled")
        default:
            // The pool's own errors: its circuit breaker while the server cannot be reached.
            let name = "\(type(of: error))"
            return name.contains("ConnectionPool") ? StoreUnavailable(operation: operation, reason: name) : error
        }
    }

    /// SQLSTATE classes that mean the server went away or is not ready, not that the statement is wrong:
    /// 08 connection exception, 57P01–57P03 shutdown and start-up, 53 insufficient resources.
    private static let unavailableStates = ["08", "57P01", "57P02", "57P03", "53"]

    static func translate(_ error: PSQLError, operation: String) -> any Error {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else {
            return StoreUnavailable(operation: operation, reason: error.code.description)
        }
        if unavailableStates.contains(where: { state.hasPrefix($0) }) {
            return StoreUnavailable(operation: operation, reason: "SQLSTATE \(state)")
        }
        return PostgresStoreError.refused(operation: operation, sqlState: state, message: error.serverInfo?[.message] ?? "")
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}
