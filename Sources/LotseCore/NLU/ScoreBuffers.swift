import Foundation

/// Score arrays lent to parses. A parse touches a few hundred of some 30,000 examples, so zeroing a
/// fresh array for each one (120 KB) cost more than the scoring itself; a lent array comes back
/// with only its touched entries reset. One per concurrent parse at most, a few kept.
final class ScoreBuffers: @unchecked Sendable {
    /// A score per example, all zero when lent, and room for the number of every example touched
    /// (written by position, never appended: no capacity check per posting).
    struct Buffer {
        var scores: [Float]
        var touched: [Int32]
    }

    private let lock = NSLock()
    private var free: [Buffer] = []
    private let size: Int
    static let kept = 8

    init(size: Int) { self.size = size }

    /// Arrays of `size` zeros, owned by the caller until `giveBack`.
    func borrow() -> Buffer {
        lock.withLock { free.popLast() } ?? Buffer(scores: [Float](repeating: 0, count: size), touched: [Int32](repeating: 0, count: size))
    }

    /// Takes back a buffer whose scores are all zero again.
    func giveBack(_ buffer: Buffer) {
        lock.withLock { if free.count < Self.kept { free.append(buffer) } }
    }
}
