/// The counsellor's view of a referral: every fitting offer with its reason and id, the
/// coordination office, and the offers of the right region and topic that do not fit, with why.
/// Shared by `lotse offers` and the counsellor mode of `lotse chat`.
public struct ReferralListing: Sendable {
    public let presenter: Presenter
    public let referral: Referral

    public init(presenter: Presenter, referral: Referral) {
        self.presenter = presenter
        self.referral = referral
    }

    /// The offers in the order `fitting()` numbers them: certain ones, then conditional ones.
    public var numbered: [Match] { referral.matches.filter { !$0.isConditional } + referral.matches.filter(\.isConditional) }

    /// Offers that certainly fit first; those that depend on a fact not yet known as their own group,
    /// numbered on, so `/why 7` and `/handout 7` still name them.
    public func fitting() -> String {
        let certain = referral.matches.filter { !$0.isConditional }
        let conditional = referral.matches.filter(\.isConditional)
        var blocks = [presenter.text("counsellor_fitting", ["count": String(certain.count)])]
        for (index, match) in certain.enumerated() {
            blocks.append(presenter.offerBlock(match, index: index + 1) + "\n   [\(match.offer.id)]")
        }
        if !conditional.isEmpty {
            blocks.append(presenter.text("counsellor_conditional", ["count": String(conditional.count)]))
            for (index, match) in conditional.enumerated() {
                blocks.append(presenter.offerBlock(match, index: certain.count + index + 1) + "\n   [\(match.offer.id)]")
            }
        }
        if let office = referral.coordinationOffice {
            blocks.append(presenter.text("office_hint", ["office": presenter.localized(office.title), "contact": presenter.contactLine(office.contact)]))
        }
        return blocks.joined(separator: "\n\n")
    }

    public func excluded() -> String {
        var lines = [presenter.text("counsellor_excluded", ["count": String(referral.excluded.count)])]
        for item in referral.excluded {
            lines.append("- \(presenter.localized(item.offer.title)) [\(item.offer.id)]: \(presenter.exclusion(item.reasons))")
        }
        return lines.joined(separator: "\n")
    }
}
