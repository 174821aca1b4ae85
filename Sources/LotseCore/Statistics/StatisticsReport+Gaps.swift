extension StatisticsReport {
    /// How many gaps a report lists at most.
    public static let gapLimit = 20
    /// How much worse (share without a local offer) a group must fare than its whole topic and
    /// district, or a broader group, to be listed besides it.
    public static let gapMargin = 0.1

    /// Topic × pilot district, and within it groups (age band, German level, or both), where at
    /// least k enquiries were made, at least k of them found no local offer, and that was at least
    /// half of them. Only pilot districts: elsewhere Lotse knows no local offers. A group is listed
    /// besides a broader gap only when it fares clearly worse, so that one gap is one line and
    /// not a line per group it touches. Most enquiries without a local offer first.
    ///
    /// A gap is a filter, not a table: every number it shows is at least k, and so is the rest
    /// that found a local offer (or it is none). A broader gap is left
    /// out when a narrower one listed differs from it by fewer than k enquiries (the rest could be
    /// worked out by subtraction) or not at all (it would say the same).
    static func gaps(_ counts: [EnquiryCount]) -> [Gap] {
        var totals: [Gap: (enquiries: Int, lacking: Int)] = [:]
        for count in counts {
            guard case .district(let district) = count.enquiry.region else { continue }
            for group in groups(count.enquiry) {
                let key = Gap(topic: count.enquiry.topic, district: district, ageBand: group.ageBand, level: group.level,
                              enquiries: 0, lackingLocal: 0)
                totals[key, default: (0, 0)].enquiries += count.count
                if count.enquiry.lacksLocalOffer { totals[key, default: (0, 0)].lacking += count.count }
            }
        }
        let k = Suppression.threshold
        let candidates = totals.compactMap { key, value -> Gap? in
            guard value.enquiries >= k, value.lacking >= k, 2 * value.lacking >= value.enquiries,
                  !Suppression.isSmall(value.enquiries - value.lacking) else { return nil }
            var gap = key
            gap.enquiries = value.enquiries
            gap.lackingLocal = value.lacking
            return gap
        }
        let distinct = candidates.filter { narrow in
            !candidates.contains { broad in narrow.refines(broad) && narrow.rate < broad.rate + gapMargin }
        }
        let listed = distinct.filter { broad in
            !distinct.contains { narrow in
                narrow.refines(broad) && (narrow.enquiries > broad.enquiries - k || narrow.lackingLocal > broad.lackingLocal - k)
            }
        }
        return Array(listed.sorted(by: Gap.ranksBefore).prefix(gapLimit))
    }

    /// The groups an enquiry counts in: everyone, its age band, its level, and both, as far as known.
    private static func groups(_ enquiry: Enquiry) -> [(ageBand: AgeBand?, level: CEFRLevel?)] {
        var groups: [(AgeBand?, CEFRLevel?)] = [(nil, nil)]
        if let band = enquiry.ageBand { groups.append((band, nil)) }
        if let level = enquiry.level { groups.append((nil, level)) }
        if let band = enquiry.ageBand, let level = enquiry.level { groups.append((band, level)) }
        return groups
    }
}

extension StatisticsReport.Gap {
    /// Same topic and district, and a narrower group than `other`.
    func refines(_ other: Self) -> Bool {
        topic == other.topic && district == other.district && specificity > other.specificity
            && (other.ageBand == nil || other.ageBand == ageBand) && (other.level == nil || other.level == level)
    }

    var specificity: Int { (ageBand == nil ? 0 : 1) + (level == nil ? 0 : 1) }

    static func ranksBefore(_ a: Self, _ b: Self) -> Bool {
        if a.lackingLocal != b.lackingLocal { return a.lackingLocal > b.lackingLocal }
        if a.rate != b.rate { return a.rate > b.rate }
        if a.specificity != b.specificity { return a.specificity > b.specificity }
        return (a.topic.rawValue, a.district, a.ageBand?.lowerBound ?? -1, a.level?.rawValue ?? -1)
            < (b.topic.rawValue, b.district, b.ageBand?.lowerBound ?? -1, b.level?.rawValue ?? -1)
    }
}
