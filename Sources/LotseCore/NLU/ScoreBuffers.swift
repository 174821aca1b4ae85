import Foundation

/// Score arrays lent to parses. A parse touches a few hundred of some 30,000 examples, so zeroing a
/// fresh array for each one (120 KB) cost more than the scoring itself; a lent array comes back
/// with only its touched entries reset. One per concurrent parse at most, a few kept.
final class ScoreBuffers: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [[Float]] = []
    private let size: Int
    static let kept = 8

    init(size: Int) { self.size = size }

    /// An array of `size` zeros, owned by the caller until `giveBack`.
    func borrow() -> [Float] {
        lock.withLock { free.popLast() } ?? [Float](repeating: 0, count: size)
    }

    /// Takes back an array whose entries are all zero again.
    func giveBack(_ buffer: [Float]) {
        lock.withLock { if free.count < Self.kept { free.append(buffer) } }
    }
}
