import CSQLite
import Foundation

/// Gathers the writes of concurrent turns into one transaction. The first caller that finds no
/// commit running leads: it takes every write queued meanwhile, runs them with its own between one
/// BEGIN and one COMMIT, resumes the callers of the batch, and hands the lead to the first caller
/// that queued during its commit. Each caller is answered after the commit that contains its
/// write, so a write is as durable as a single save, while the commits — their file locks, log
/// writes and page images — are shared by the batch. Under light load a batch is one write and
/// its caller commits it without waiting for anybody.
///
/// Why no writer thread of its own: handing each write to a thread and resuming the caller from it
/// cost a thread switch per turn, about as much as the SQLite work itself (`Benchmarks/load.sh`).
/// A leader commits on its own task and only the callers that queued behind it are resumed.
///
/// A write that throws fails its own caller only (SQLite undoes that statement and the transaction
/// goes on). A failure that ends the transaction, or a failed BEGIN or COMMIT, fails every caller
/// of the batch: nothing of it was committed.
final class GroupCommit: @unchecked Sendable {
    private struct Write {
        /// The statements of one caller, run inside the batch's transaction.
        let run: () throws -> any Sendable
        /// Runs after the commit with the write's result, before the caller resumes, with the
        /// connection still held (caches).
        let committed: (any Sendable) -> Void
    }

    /// What a queued caller is resumed with: its write's outcome, or the lead for the next batch.
    private enum Turn {
        case done(Result<any Sendable, any Error>)
        case lead
    }

    private struct Waiter {
        let write: Write
        let continuation: CheckedContinuation<Turn, Never>
    }

    private let database: SQLiteDatabase
    private let begin: Statement
    private let commit: Statement
    private let rollback: Statement
    private let lock = NSLock()
    private var queue: [Waiter] = []
    /// A leader is committing (or has been handed the lead and is about to).
    private var leading = false
    private var stopping = false
    private var largest = 0

    /// The largest batch so far (tests show that batches form).
    var largestBatch: Int { lock.withLock { largest } }
    /// Writes waiting for the next batch (tests wait for a batch to form instead of sleeping).
    var waiting: Int { lock.withLock { queue.count } }
    /// While held, writes queue up but no batch starts: tests form a batch of a known size without
    /// holding a database lock, which would time out on a busy machine.
    private var held = false

    func hold() { lock.withLock { held = true } }

    func release() {
        let next = lock.withLock { () -> Waiter? in
            held = false
            return leading ? nil : handOff()
        }
        next?.continuation.resume(returning: .lead)
    }

    init(database: SQLiteDatabase) throws {
        self.database = database
        begin = try database.prepare("BEGIN IMMEDIATE")
        commit = try database.prepare("COMMIT")
        rollback = try database.prepare("ROLLBACK")
    }

    /// Later writes fail; the writes queued so far are still committed by their leaders.
    func stop() { lock.withLock { stopping = true } }

    /// Runs `write` (its statements, on the connection) in the next batch and returns its result once
    /// that batch is committed; `committed` runs after the commit with the connection still held.
    func perform<T: Sendable>(_ write: @escaping () throws -> T, committed: @escaping (T) -> Void = { _ in }) async throws -> T {
        let mine = Write(run: write, committed: { committed($0 as! T) })
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let now = lock.withLock { () -> Turn? in
                if stopping { return .done(.failure(SQLiteError(code: SQLITE_MISUSE, message: "the database is closing"))) }
                if !leading && !held {
                    leading = true
                    return .lead
                }
                queue.append(Waiter(write: mine, continuation: continuation))
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
        switch turn {
        case .done(let outcome): return try outcome.get() as! T
        case .lead: return try lead(with: mine).get() as! T
        }
    }

    /// Commits `own` with every write queued so far, resumes their callers, passes the lead on.
    private func lead(with own: Write) -> Result<any Sendable, any Error> {
        let followers = lock.withLock { () -> [Waiter] in
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            largest = max(largest, batch.count + 1)
            return batch
        }
        let outcomes = database.serialized { run([own] + followers.map(\.write)) }
        // The next leader is resumed before the followers, so the next commit starts while they answer.
        let next = lock.withLock { () -> Waiter? in
            let next = held ? nil : handOff()
            if next == nil { leading = false }
            return next
        }
        next?.continuation.resume(returning: .lead)
        for (follower, outcome) in zip(followers, outcomes.dropFirst()) { follower.continuation.resume(returning: .done(outcome)) }
        return outcomes[0]
    }

    /// The first queued caller, to lead the next batch (call with the lock held).
    private func handOff() -> Waiter? {
        guard !queue.isEmpty else { return nil }
        leading = true
        return queue.removeFirst()
    }

    /// One transaction for the whole batch (call with the connection held).
    private func run(_ batch: [Write]) -> [Result<any Sendable, any Error>] {
        do { try begin.run() } catch { return batch.map { _ in .failure(error) } }
        let outcomes = batch.map { write in Result { try write.run() } }
        do {
            // A write that ended the transaction (SQLite rolled it back) took the whole batch with it.
            if database.autocommit { throw Self.firstFailure(outcomes) }
            try commit.run()
        } catch {
            if !database.autocommit { try? rollback.run() }
            return batch.map { _ in .failure(error) }
        }
        for (write, outcome) in zip(batch, outcomes) { if case .success(let value) = outcome { write.committed(value) } }
        return outcomes
    }

    private static func firstFailure(_ outcomes: [Result<any Sendable, any Error>]) -> any Error {
        for case .failure(let error) in outcomes { return error }
        return SQLiteError(code: SQLITE_ABORT, message: "the transaction ended early")
    }
}
