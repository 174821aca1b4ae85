import CSQLite
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive claim on a database file for one process, for as long as this value lives: an
/// `flock` on `PATH.lock`. SQLite itself locks per transaction only, so that `lotse report` can
/// read while the server runs; this lock keeps a second server off the file (the conversation
/// store caches what it wrote and must be the only writer). The lock file is left in place:
/// removing it could let two processes lock two different files of the same name.
final class DatabaseLock {
    private let descriptor: Int32

    init(databasePath path: String) throws {
        let lockPath = path + ".lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw DatabaseError.inUse(path: path)
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}

