import Foundation

/// A CSV file (RFC 4180 quoting, UTF-8) whose rows remember their line numbers. Lines starting with
/// `#` before the header are comments, which is where the source and licence notes live.
struct CSVTable {
    struct Row {
        let line: Int
        let values: [String]
        let columns: [String: Int]
        subscript(_ column: String) -> String { columns[column].map { values[$0] } ?? "" }
        func value(_ column: String) -> String? { columns[column].map { values[$0] } }
    }

    let file: String
    let header: [String]
    let rows: [Row]

    static func load(path: String, displayName: String, required: [String], diagnostics: Diagnostics) -> CSVTable? {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.error(displayName, nil, "cannot read file"); return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.error(displayName, nil, "file is not valid UTF-8"); return nil
        }
        var records = parse(text, file: displayName, diagnostics: diagnostics)
        while let first = records.first, first.fields.first?.hasPrefix("#") == true { records.removeFirst() }
        guard let headerRecord = records.first else { diagnostics.error(displayName, 1, "no header line"); return nil }
        let header = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        for column in required where !header.contains(column) {
            diagnostics.error(displayName, headerRecord.line, "missing column '\(column)'")
        }
        let columns = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [Row] = []
        for record in records.dropFirst() {
            if record.fields.count == 1 && record.fields[0].isEmpty { continue }
            guard record.fields.count == header.count else {
                diagnostics.error(displayName, record.line, "expected \(header.count) fields, found \(record.fields.count)")
                continue
            }
            rows.append(Row(line: record.line, values: record.fields, columns: columns))
        }
        return CSVTable(file: displayName, header: header, rows: rows)
    }

    /// Splits text into records of fields; quoted fields may contain commas, quotes and newlines.
    static func parse(_ text: String, file: String, diagnostics: Diagnostics) -> [(line: Int, fields: [String])] {
        // Most files quote nothing: then a record is a line and a field is what lies between commas.
        if !text.utf8.contains(UInt8(ascii: "\"")) {
            return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
                let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
                if trimmed.isEmpty && index > 0 { return nil }
                return (index + 1, trimmed.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
            }
        }
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = n }
                    } else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: inQuotes = true
            case ",": fields.append(field); field = ""
            case "\r": continue
            case "\n":
                fields.append(field); field = ""
                records.append((recordLine, fields)); fields = []
                line += 1; recordLine = line
            default: field.unicodeScalars.append(c)
            }
        }
        if inQuotes { diagnostics.error(file, recordLine, "unterminated quoted field") }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); records.append((recordLine, fields)) }
        return records
    }
}
