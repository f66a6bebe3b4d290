import Foundation
import Registry
import VietnameseText

/// A yearly confirmation row of a certificate (xác nhận hằng năm).
public struct CertificateConfirmation: Sendable, Hashable, Codable {
    /// Year.
    public var year: Int
    /// Class recognised that year.
    public var recognisedClass: RecognisedClass
    /// Decision number and the date stamped.
    public var decision: String, stampDate: CivilDate

    /// Creates a row.
    public init(year: Int, recognisedClass: RecognisedClass, decision: String, stampDate: CivilDate) {
        self.year = year
        self.recognisedClass = recognisedClass
        self.decision = decision
        self.stampDate = stampDate
    }
}

/// Supporting paper of a member change (giấy tờ chứng minh).
public enum AmendmentPaper: String, Sendable, Codable, CaseIterable, Hashable {
    /// Birth certificate (giấy khai sinh).
    case birth
    /// Marriage certificate (giấy đăng ký kết hôn).
    case marriage
    /// Death certificate (giấy chứng tử).
    case death
    /// Residence change (xác nhận cư trú).
    case residence
}

/// An amendment row for a member change (điều chỉnh thành viên).
public struct CertificateAmendment: Sendable, Hashable, Codable {
    /// Date.
    public var date: CivilDate
    /// What changed (e.g. `Thêm con Nguyễn Văn A, sinh 02/03/2026`).
    public var change: String
    /// Supporting paper and its reference.
    public var paper: AmendmentPaper, paperReference: String
    /// Recorded by.
    public var recordedBy: String

    /// Creates a row.
    public init(date: CivilDate, change: String, paper: AmendmentPaper, paperReference: String, recordedBy: String) {
        self.date = date
        self.change = change
        self.paper = paper
        self.paperReference = paperReference
        self.recordedBy = recordedBy
    }
}

/// The head of household as printed on a certificate (chủ hộ).
public struct CertificateHead: Sendable, Hashable, Codable {
    /// Name, ethnicity, CCCD.
    public var name: String, ethnicity: String?, nationalID: String?
    /// CCCD issue date, when recorded.
    public var nationalIDIssuedOn: CivilDate?
    /// Permanent residence (nơi thường trú).
    public var residence: String

    /// Creates a head.
    public init(name: String, ethnicity: String?, nationalID: String?, nationalIDIssuedOn: CivilDate? = nil, residence: String) {
        self.name = name
        self.ethnicity = ethnicity
        self.nationalID = nationalID
        self.nationalIDIssuedOn = nationalIDIssuedOn
        self.residence = residence
    }
}

/// The certificate of a poor or near-poor household (Giấy chứng nhận hộ nghèo, hộ cận nghèo),
/// review.md §3.4: `Số: {n}/GCN-HN.HCN`, issued at the first recognition as poor or near-poor
/// within a standard period, confirmed each later year, closed with an "escaped" note when the
/// household leaves both lists. Print layout: the QĐ 24/2021 annex form (probably Mẫu số 03, **[U]**).
public struct Certificate: Sendable, Hashable, Codable, Identifiable {
    /// Id `GCN-{commune}-{period}-{n}`.
    public var id: String
    /// Sequence `n` within the commune and standard period (`review.certificate.sequence_scope`).
    public var sequence: Int
    /// Commune and standard period (the standard id).
    public var communeCode: String, standardID: String
    /// Household.
    public var householdCode: String
    /// Issue date, and the decision that first recognised the household.
    public var issuedOn: CivilDate, decision: String
    /// Class at issue.
    public var recognisedClass: RecognisedClass
    /// Head and members (names, relations, birth) at issue.
    public var head: CertificateHead
    /// Members as printed.
    public var members: [RosterMember]
    /// Yearly confirmations (the issue year's included).
    public var confirmations: [CertificateConfirmation]
    /// Member-change amendments.
    public var amendments: [CertificateAmendment]
    /// Closed: date and the note (e.g. `Hộ đã thoát nghèo theo Quyết định số …`).
    public var closedOn: CivilDate?, closingNote: String?

    /// The printed number.
    public var number: String { "\(sequence)/GCN-HN.HCN" }

    /// Creates a certificate.
    public init(sequence: Int, communeCode: String, standardID: String, householdCode: String, issuedOn: CivilDate, decision: String,
                recognisedClass: RecognisedClass, head: CertificateHead, members: [RosterMember]) {
        self.id = "GCN-\(communeCode)-\(standardID)-\(sequence)"
        self.sequence = sequence
        self.communeCode = communeCode
        self.standardID = standardID
        self.householdCode = householdCode
        self.issuedOn = issuedOn
        self.decision = decision
        self.recognisedClass = recognisedClass
        self.head = head
        self.members = members
        self.confirmations = [CertificateConfirmation(year: issuedOn.year, recognisedClass: recognisedClass, decision: decision, stampDate: issuedOn)]
        self.amendments = []
    }

    /// Whether it is still in use.
    public var isOpen: Bool { closedOn == nil }
}
