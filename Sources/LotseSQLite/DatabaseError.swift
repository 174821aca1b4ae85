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
    /// A reader kept the write-ahead log in use past the busy timeout, so it could not be emptied.
    case logInUse(path: String)

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
        case .logInUse(let path):
            return "the write-ahead log of \(path) is in use by a reader (lotse report?) and could not be emptied; try again"
        }
    }
}
