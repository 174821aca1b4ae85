import Foundation
import Testing

/// Headless Chromium, for the tests that look at a rendered page. Where it is missing the tests
/// skip with a notice saying how to install it — except under `.ci/run` (`LOTSE_CI=1`), which
/// installs it, so there a missing browser fails instead of passing silently.
enum Chromium {
    static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static let required = ProcessInfo.processInfo.environment["LOTSE_CI"] == "1"

    /// The trait of a test that renders with Chromium.
    static let needed = ConditionTrait.enabled(if: path != nil || required,
                                               "chromium is not installed (apt-get install chromium fonts-noto-core; .ci/run installs it)")

    /// Longest a rendering may take before the browser is stopped.
    static let timeout: Double = 90

    /// Renders `page` with `options` (`--screenshot=…`, `--print-to-pdf=…`) in a profile of its
    /// own that is removed afterwards; the browser's exit status.
    static func render(_ page: String, _ options: [String]) throws -> Int32 {
        let browser = try #require(path, "headless Chromium is needed (apt-get install chromium fonts-noto-core)")
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-chromium-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                             "--hide-scrollbars", "--user-data-dir=\(profile)"] + options + ["file://" + page]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(100_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
