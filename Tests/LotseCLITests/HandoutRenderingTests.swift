import Foundation
import Testing

/// The handout as a browser shows and prints it: rendered by headless Chromium to PNG and PDF.
/// The pictures stay in `.build/handouts/` to be looked at; the test checks that they exist, that
/// the page is A4, and that Arabic and Cyrillic were set in real fonts (embedded in the PDF), not
/// as empty boxes.
@Suite(.serialized) struct HandoutRenderingTests {
    static let output = CLITests.root + "/.build/handouts"

    @Test(Chromium.needed, arguments: [("ar", "Naskh"), ("uk", "Noto"), ("fa", "Naskh")])
    func handoutRendersOnA4WithRealFonts(language: String, font: String) throws {
        try FileManager.default.createDirectory(atPath: Self.output, withIntermediateDirectories: true)
        let directory = Self.output + "/\(language)-\(UUID().uuidString.prefix(6))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let session = try CLITests.run(["chat", "--counsellor", "--language", language, "--handout-dir", directory],
                                       input: "/profile 34 A1 Rostock\n/handout\n")
        #expect(session.status == 0)
        let html = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasSuffix(".html") })
        let page = directory + "/" + html
        let png = Self.output + "/handout-\(language).png"
        let pdf = Self.output + "/handout-\(language).pdf"
        try? FileManager.default.removeItem(atPath: png)
        try? FileManager.default.removeItem(atPath: pdf)
        #expect(try Chromium.render(page, ["--screenshot=\(png)", "--window-size=1240,1754"]) == 0)
        #expect(try Chromium.render(page, ["--print-to-pdf=\(pdf)", "--no-pdf-header-footer"]) == 0)

        let picture = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(picture.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        #expect(picture.count > 50_000, "a page with text is not a few kilobytes of white")
        let document = try Data(contentsOf: URL(fileURLWithPath: pdf))
        let text = String(decoding: document, as: UTF8.self)
        #expect(text.contains("/MediaBox [0 0 594.95996 841.91998]") || text.contains("/MediaBox [0 0 595"), "A4 pages")
        #expect(text.contains(font), "the \(language) text is set in a \(font) font")
    }
}
