/// Why a database file cannot be used, in words an operator can act on.
public enum DatabaseError: Error, CustomStringConvertible, Sendable {
    /// Another `lotse serve` holds the file.
    case inUse(path: String)
    /// There is no database at the path (reading never creates one).
    case missing(path: String)
    /// The file holds no enquiry statistics table.
    case noStatistics(path: String)
    /// The file was written by a newer Lotse.
    case newerSchema(path: String, found: Int, known: Int)

    public var description: String {
        switch self {
        case .inUse(let path):
            return "\(path) is in use by another lotse server (it holds \(path).lock); stop it or use another --database"
        case .missing(let path):
            return "no database at \(path); it is written by lotse serve or lotse chat --database"
        case .noStatistics(let path):
            return "\(path) holds no enquiry statistics; they are written by lotse serve and lotse chat --database of this version"
        case .newerSchema(let path, let found, let known):
            return "\(path) was written by a newer version of Lotse (schema \(found), this version knows up to \(known))"
        }
    }
}
