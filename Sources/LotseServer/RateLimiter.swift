import Foundation
import Hummingbird

/// A token bucket per sender: `perMinute` requests a minute, with bursts up to the same number.
final class RateLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, updated: Double)] = [:]
    private let capacity: Double
    private let refillPerSecond: Double

    init(perMinute: Int) {
        capacity = Double(max(1, perMinute))
        refillPerSecond = capacity / 60
    }

    /// Nil when the request may go ahead, else the seconds to wait.
    func retryAfter(_ key: String, now: Double = Date().timeIntervalSince1970) -> Int? {
        lock.withLock {
            var bucket = buckets[key] ?? (capacity, now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * refillPerSecond)
            bucket.updated = now
            defer {
                buckets[key] = bucket
                if buckets.count > 100_000 { forgetFullBuckets(now: now) }
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / refillPerSecond).rounded(.up)))
        }
    }

    /// Throws 429 with Retry-After when `key` (a sender, a client address) is over its rate,
    /// counting the refusal.
    func enforce(_ key: String, metrics: Metrics, what: String = "messages from this sender") throws {
        guard let wait = retryAfter(key) else { return }
        metrics.increment("lotse_rate_limited_total")
        throw APIError(.tooManyRequests, "too many \(what); retry in \(wait) s", headers: [.retryAfter: String(wait)])
    }

    func forget(_ key: String) { lock.withLock { _ = buckets.removeValue(forKey: key) } }

    /// Buckets that have refilled completely carry no information.
    private func forgetFullBuckets(now: Double) {
        buckets = buckets.filter { $0.value.tokens + (now - $0.value.updated) * refillPerSecond < capacity }
    }
}
