/// Text for HTML and SVG documents (the handout, the report): the five characters with a meaning
/// in markup become entities, so offer texts and place names can never break the page.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            if let entity = entities[character] { result += entity } else { result.append(character) }
        }
        return result
    }

    private static let entities: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]
}
