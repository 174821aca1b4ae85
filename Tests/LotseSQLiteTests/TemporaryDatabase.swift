import Foundation
import LotseCore

/// A database file of its own for each test, removed with everything SQLite and the server lock
/// put next to it; and the enquiry the SQLite suites count.
enum TemporaryDatabase {
    static func path(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("lotse-\(name)-\(UUID().uuidString).sqlite").path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static let parchim = Enquiry(region: .district("13076"), ageBand: .from27To44, level: .a1, topic: .askLanguageCourse, language: "ar",
                                 offers: OfferCounts(local: 0, state: 1, national: 8))
}
