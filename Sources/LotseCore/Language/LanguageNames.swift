import Foundation

/// Names of languages Lotse has no language file for («Kurdish», «Pashto», «Tigrinya»). People ask
/// for them; the honest answer names the language and offers the ones there are. Codes and names
/// come from CLDR (through Foundation), so no list of the world's languages is kept here.
public enum LanguageNames {
    private static let reference = Locale(identifier: "en")

    /// Whether `code` is an ISO 639 language code CLDR knows, such as `ku`, `ps` or `ckb`.
    public static func isKnown(_ code: String) -> Bool {
        guard (2...3).contains(code.count), code.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return reference.localizedString(forLanguageCode: code) != nil
    }

    /// The language's name as `language` writes it («Kurdisch», «الكردية», «Kürtçe»), or the code
    /// itself when CLDR has no name for it in that language.
    public static func name(of code: String, in language: LanguagePack) -> String {
        Locale(identifier: language.locale).localizedString(forLanguageCode: code) ?? code
    }
}
