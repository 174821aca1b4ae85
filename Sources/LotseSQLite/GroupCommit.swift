import CSQLite
import Foundation

/// Gathers the writes of concurrent turns into one transaction. A thread of its own takes every
/// write queued meanwhile, runs them between one BEGIN and one COMMIT, and only then resumes the
/// callers: each caller is still answered after the commit that contains its write, so a write is
/// as durable as a single save, while the commits — their file locks, log writes and page images —
/// are shared by the batch. Batches form by themselves: while one commits, the next gathers; under
/// light load a batch is one write and nobody waits for company.
///
/// A write that throws fails its own caller only (SQLite undoes that statement and the transaction
/// goes on). A failure that ends the transaction, or a failed BEGIN or COMMIT, fails every caller
/// of the batch: nothing of it was committed.
final class GroupCommit: @unchecked Sendable {
    private struct Pending {
        /// The statements of one caller, run inside the batch's transaction.
        let run: () throws -> any Sendable
        /// Runs after the commit, before the caller resumes, with the connection still held (caches).
        let committed: () -> Void
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let database: SQLiteDatabase
    private let begin: Statement
    private let commit: Statement
    private let rollback: Statement
    private let condition = NSCondition()
    private var queue: [Pending] = []
    private var stopping = false

    private var largest = 0

    /// The largest batch so far (tests show that batches form).
    var largestBatch: Int { condition.withLock { largest } }
    /// Writes waiting for the next batch (tests wait for a batch to form instead of sleeping).
    var waiting: Int { condition.withLock { queue.count } }
    /// While held, writes queue up but no batch starts: tests form a batch of a known size without
    /// holding a database lock, which would time out on a busy machine.
    private var held = false

    func hold() { condition.withLock { held = true } }

    func release() {
        condition.withLock {
            held = false
            condition.signal()
        }
    }

    init(database: SQLiteDatabase) throws {
        self.database = database
        begin = try database.prepare("BEGIN IMMEDIATE")
        commit = try database.prepare("COMMIT")
        rollback = try database.prepare("ROLLBACK")
        let thread = Thread { [self] in drain() }
        thread.name = "lotse-group-commit"
        thread.start()
    }

    /// Lets the thread end once the writes queued so far are committed; later writes fail. Does not
    /// wait, so it may run on the thread itself (when a batch held the last reference to the owner).
    func stop() {
        condition.withLock {
            stopping = true
            condition.signal()
        }
    }

    /// Runs `write` (its statements, on the connection) in the next batch and returns its result once
    /// that batch is committed; `committed` runs after the commit with the connection still held.
    func perform<T: Sendable>(_ write: @escaping () throws -> T, committed: @escaping () -> Void = {}) async throws -> T {
        let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            let accepted = condition.withLock { () -> Bool in
                guard !stopping else { return false }
                queue.append(Pending(run: write, committed: committed, continuation: continuation))
                if queue.count == 1 { condition.signal() }
                return true
            }
            if !accepted { continuation.resume(throwing: SQLiteError(code: SQLITE_MISUSE, message: "the database is closing")) }
        }
        return result as! T
    }

    private func drain() {
        while let batch = next() {
            let outcomes = database.serialized { run(batch) }
            for (pending, outcome) in zip(batch, outcomes) { pending.continuation.resume(with: outcome) }
        }
    }

    /// Waits for writes; nil when stopping and nothing is left.
    private func next() -> [Pending]? {
        condition.withLock {
            while (queue.isEmpty || held) && !stopping { condition.wait() }
            guard !queue.isEmpty else { return nil }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            largest = max(largest, batch.count)
            return batch
        }
    }

    /// One transaction for the whole batch (call with the connection held).
    private func run(_ batch: [Pending]) -> [Result<any Sendable, any Error>] {
        do { try begin.run() } catch { return batch.map { _ in .failure(error) } }
        let outcomes = batch.map { pending in Result { try pending.run() } }
        do {
            // A write that ended the transaction (SQLite rolled it back) took the whole batch with it.
            if database.autocommit { throw Self.firstFailure(outcomes) }
            try commit.run()
        } catch {
            if !database.autocommit { try? rollback.run() }
            return batch.map { _ in .failure(error) }
        }
        for (pending, outcome) in zip(batch, outcomes) where (try? outcome.get()) != nil { pending.committed() }
        return outcomes
    }

    private static func firstFailure(_ outcomes: [Result<any Sendable, any Error>]) -> any Error {
        for case .failure(let error) in outcomes { return error }
        return SQLiteError(code: SQLITE_ABORT, message: "the transaction ended early")
    }
}
