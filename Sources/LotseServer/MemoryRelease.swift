#if canImport(Glibc)
import Glibc
#endif

/// Hands memory the server freed back to the operating system.
///
/// glibc's allocator keeps freed memory in per-thread arenas for reuse and returns it only from
/// the top of the main heap. After a burst of connections (each with buffers on the event-loop
/// and task threads) the resident size stayed at its peak: a soak of 9,000 turns with bursts of
/// 2,000 connections (`Benchmarks/soak.py`) went from 66 MB to 106 MB and stayed there when idle —
/// freed, not leaked. `malloc_trim` releases the free pages of every arena; it takes a few
/// milliseconds and runs with each purge. Glibc's Swift module does not export it (it lives in
/// `malloc.h`), so it is looked up by name; elsewhere it is absent and nothing happens.
enum MemoryRelease {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()

    static func giveBack() { _ = trim?(0) }
}
