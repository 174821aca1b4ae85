import Foundation

/// Runs operations with the same key one after another, in arrival order, and operations with
/// different keys in parallel: two messages of one sender are never processed interleaved.
/// The uncontended path takes a lock and nothing else; waiters queue as continuations.
final class SerialByKey: @unchecked Sendable {
    private let lock = NSLock()
    /// Keys in use, with the operations waiting for them in arrival order.
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    func run<T: Sendable>(_ key: String, _ operation: () async throws -> T) async throws -> T {
        await acquire(key)
        defer { release(key) }
        return try await operation()
    }

    private func acquire(_ key: String) async {
        if lock.withLock({ claim(key) }) { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // The key may have been released between the first try and now.
            let free = lock.withLock { () -> Bool in
                if claim(key) { return true }
                waiting[key]!.append(continuation)
                return false
            }
            if free { continuation.resume() }
        }
    }

    /// Takes the key when nobody holds it (call with the lock held).
    private func claim(_ key: String) -> Bool {
        guard waiting[key] == nil else { return false }
        waiting[key] = []
        return true
    }

    private func release(_ key: String) {
        let next = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            guard var queue = waiting[key], !queue.isEmpty else {
                waiting[key] = nil
                return nil
            }
            let next = queue.removeFirst()
            waiting[key] = queue
            return next
        }
        next?.resume()
    }
}
