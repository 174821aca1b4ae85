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

    public func fitting() -> String {
        var blocks = [presenter.text("counsellor_fitting", ["count": String(referral.matches.count)])]
        for (index, match) in referral.matches.enumerated() {
            blocks.append(presenter.offerBlock(match, index: index + 1) + "\n   [\(match.offer.id)]")
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
