import Foundation

/// A CSV file (RFC 4180 quoting, UTF-8 with or without a byte order mark, LF or CRLF line ends)
/// whose rows remember their line numbers. Lines starting with `#` before the header are comments,
/// which is where the source and licence notes live.
struct CSVTable {
    struct Row {
        let line: Int
        let values: [String]
        let columns: [String: Int]
        subscript(_ column: String) -> String { columns[column].map { values[$0] } ?? "" }
        func value(_ column: String) -> String? { columns[column].map { values[$0] } }

        /// The line a field starts on: a quoted field may span lines, and so may the fields before it.
        func line(ofField index: Int) -> Int {
            line + values[..<index].reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } }
        }
    }

    let file: String
    let header: [String]
    let headerLine: Int
    let rows: [Row]

    static func load(path: String, displayName: String, required: [String], diagnostics: Diagnostics) -> CSVTable? {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.error(displayName, nil, "cannot read file"); return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.error(displayName, nil, "file is not valid UTF-8"); return nil
        }
        return read(text, file: displayName, required: required, diagnostics: diagnostics)
    }

    /// Reads a table from text: the header is the first line that is not a comment.
    static func read(_ text: String, file displayName: String, required: [String], delimiter: Unicode.Scalar = ",",
                     diagnostics: Diagnostics) -> CSVTable? {
        let text = text.unicodeScalars.first == byteOrderMark ? String(text.unicodeScalars.dropFirst()) : text
        var records = parse(text, file: displayName, delimiter: delimiter, diagnostics: diagnostics)
        while let first = records.first, first.fields.first?.hasPrefix("#") == true { records.removeFirst() }
        guard let headerRecord = records.first else { diagnostics.error(displayName, 1, "no header line"); return nil }
        let header = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        for column in required where !header.contains(column) {
            diagnostics.error(displayName, headerRecord.line, "missing column '\(column)'")
        }
        let columns = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [Row] = []
        for record in records.dropFirst() {
            if record.fields.allSatisfy(\.isEmpty) { continue }  // blank lines, and rows a spreadsheet left empty
            guard record.fields.count == header.count else {
                diagnostics.error(displayName, record.line, "expected \(header.count) fields, found \(record.fields.count)")
                continue
            }
            rows.append(Row(line: record.line, values: record.fields, columns: columns))
        }
        return CSVTable(file: displayName, header: header, headerLine: headerRecord.line, rows: rows)
    }

    /// Splits text into records of fields; quoted fields may contain commas, quotes and newlines.
    static func parse(_ text: String, file: String, delimiter: Unicode.Scalar = ",",
                      diagnostics: Diagnostics) -> [(line: Int, fields: [String])] {
        // Most files quote nothing: then a record is a line and a field is what lies between commas.
        if !text.utf8.contains(UInt8(ascii: "\"")) {
            return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
                let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
                if trimmed.isEmpty && index > 0 { return nil }
                return (index + 1, trimmed.split(separator: Character(delimiter), omittingEmptySubsequences: false).map(String.init))
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
            case delimiter: fields.append(field); field = ""
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

    /// Spreadsheets (Excel) need it to read a CSV file as UTF-8; it is skipped when reading.
    static let byteOrderMark: Unicode.Scalar = "\u{FEFF}"

    /// Writes records as RFC 4180 CSV: a field is quoted when it holds the delimiter, a quote or a
    /// line break (kept as LF inside the field, as spreadsheets write them), records end with CRLF.
    static func format(_ records: [[String]], delimiter: Unicode.Scalar = ",") -> String {
        var out = ""
        for record in records {
            out += record.map { quoted($0, delimiter: delimiter) }.joined(separator: String(delimiter))
            out += "\r\n"
        }
        return out
    }

    private static func quoted(_ field: String, delimiter: Unicode.Scalar) -> String {
        let needsQuotes = field.unicodeScalars.contains { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }
}
