/// When school obligation begins and ends in a state (`knowledge/regions.yml`, `school`).
/// Lotse knows ages in years, not birthdays: a child of `entryAge - 1` may start school this year,
/// depending on the cut-off date, so school offers are listed for it «if the child turns 6 by …».
public struct SchoolRule: Sendable, Hashable {
    /// Children who turn this age by the cut-off date start school that summer.
    public let entryAge: Int
    /// The cut-off date as written in the file, «MM-DD»; nil where Lotse does not know it (a state
    /// without an entry in the file, or no place given).
    public let entryCutoff: String?
    /// The last age at which school obligation still holds: 9 full-time years, then vocational school
    /// or a further school until 18 (RLP 12 school years, M-V until the half-year of the 18th birthday,
    /// Sachsen 9 + 3 years). Adult courses are for people past it; school offers for those within it.
    public let obligationUntilAge: Int

    public enum Standing: Sendable, Hashable {
        /// Too young for school.
        case beforeSchool
        /// Starts school this year only if the birthday falls before the cut-off.
        case entryThisYear(cutoff: String?)
        /// Obliged to attend school.
        case obliged
        /// Past school obligation.
        case past
    }

    public func standing(age: Int) -> Standing {
        if age < entryAge - 1 { return .beforeSchool }
        if age == entryAge - 1 { return .entryThisYear(cutoff: entryCutoff) }
        if age <= obligationUntilAge { return .obliged }
        return .past
    }
}

/// What an offer asks of school obligation: only for school-age children, or only for people past it.
public enum SchoolRequirement: String, Sendable, Hashable, CaseIterable {
    case obliged
    case notObliged = "not_obliged"
}
