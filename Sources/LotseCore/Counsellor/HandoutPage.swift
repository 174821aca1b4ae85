/// The handout as one self-contained HTML page that prints on A4: no scripts, no external files,
/// fonts from the system (Noto covers Arabic and Cyrillic). Each language sits in its own column
/// with its own direction, so Arabic and Farsi run right to left beside the German text; phone
/// numbers, addresses and web addresses are isolated so they keep left-to-right order.
struct HandoutPage {
    let handout: Handout

    private var knowledge: KnowledgeBase { handout.knowledge }

    func render() -> String {
        let client = knowledge.language(handout.language)
        var body = [pair { presenter in
            let place = handout.residence.map { presenter.text("handout_place", ["place": presenter.placeName($0)]) }
            return element("h1", presenter.text("handout_title"))
                + element("p", presenter.text("handout_intro"), class: "intro")
                + element("p", ([place, presenter.text("handout_date", ["date": handout.day])].compactMap { $0 }).joined(separator: " · "), class: "meta")
        }]
        for (index, match) in handout.matches.enumerated() {
            body.append(section(offer(match, number: index + 1), class: "offer"))
        }
        if let office = handout.office {
            body.append(section(pair { presenter in
                element("p", presenter.text("handout_office", ["office": presenter.localized(office.title)]))
                    + element("p", presenter.contactLine(office.contact, full: true), class: "contact")
            }, class: "office"))
        }
        body.append(section(pair { element("p", $0.text("handout_footer"), class: "footer") }, class: "end"))
        let title = handout.columns.map { Presenter(knowledge: knowledge, language: $0).text("handout_title") }.joined(separator: " · ")
        return """
            <!DOCTYPE html>
            <html lang="\(client.code)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>\(Self.style)</style>
            </head>
            <body class="\(handout.columns.count == 1 ? "single" : "double")">
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    /// One offer: title, description, why it fits, conditions and contact, per language.
    private func offer(_ match: Match, number: Int) -> String {
        pair { presenter in
            var html = element("h2", "\(number). " + presenter.localized(match.offer.title))
            html += element("p", presenter.localized(match.offer.description))
            if !match.reasons.isEmpty {
                html += element("p", presenter.text("offer_reason", ["reason": presenter.reason(match.reasons)]), class: "why")
            }
            if let conditions = match.offer.eligibility.conditions {
                html += element("p", presenter.text("offer_conditions", ["conditions": presenter.localized(conditions)]), class: "conditions")
            }
            html += element("p", presenter.contactLine(match.offer.contact, full: true), class: "contact")
            return html
        }
    }

    /// The same content once per language, side by side; the client's language comes first in its
    /// own reading direction (on the right for Arabic and Farsi).
    private func pair(_ content: (Presenter) -> String) -> String {
        let client = knowledge.language(handout.language)
        let columns = handout.columns.map { code -> String in
            let pack = knowledge.language(code)
            return "<div class=\"column\" lang=\"\(code)\" dir=\"\(pack.direction.rawValue)\">"
                + content(Presenter(knowledge: knowledge, language: code)) + "</div>"
        }
        return "<div class=\"pair\" dir=\"\(client.direction.rawValue)\">" + columns.joined() + "</div>"
    }

    private func section(_ content: String, class name: String) -> String {
        "<section class=\"\(name)\">\(content)</section>"
    }

    private func element(_ tag: String, _ text: String, class name: String? = nil) -> String {
        let attribute = name.map { " class=\"\($0)\"" } ?? ""
        return "<\(tag)\(attribute)>\(escape(text).replacingOccurrences(of: "\n", with: "<br>"))</\(tag)>"
    }

    private func escape(_ text: String) -> String { HTML.escape(text) }

    static let style = """

        @page { size: A4; margin: 15mm 14mm 16mm 14mm; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0 auto; max-width: 190mm; padding: 8mm 0; color: #111;
               font: 11pt/1.45 "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
        [lang=ar], [lang=fa] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", sans-serif; font-size: 12pt; line-height: 1.6; }
        .pair { display: grid; gap: 8mm; }
        .double .pair { grid-template-columns: 1fr 1fr; }
        .column[lang=de] { color: #333; }
        .double .column:first-child { border-inline-end: 1px solid #bbb; padding-inline-end: 4mm; }
        h1 { font-size: 17pt; line-height: 1.25; margin: 0 0 3mm; }
        h2 { font-size: 12.5pt; line-height: 1.3; margin: 0 0 1.5mm; }
        p { margin: 0 0 1.8mm; }
        .intro { font-size: 11.5pt; }
        .meta, .footer { color: #555; font-size: 9.5pt; }
        section { break-inside: avoid; page-break-inside: avoid; border-top: 1.5pt solid #222; padding: 3.5mm 0 2mm; margin-top: 3mm; }
        .why { font-weight: 600; }
        .conditions { font-style: italic; }
        .contact { font-size: 10pt; overflow-wrap: anywhere; unicode-bidi: plaintext; }
        .office { border-top-width: 3pt; }
        .end { border-top: 0.5pt solid #999; }
        @media screen { body { padding: 12mm; } }

        """
}
