import Registry

// Vietnamese labels of the review's codes, as pages, prints and exports show them (the English
// codes stay in the API and in CSV files with English headers).

extension ListingSource {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .currentList: "Danh sách hiện hành"
        case .request: "Giấy đề nghị (Mẫu 01)"
        case .avgAgri: "Hộ có mức sống trung bình (nông, lâm, ngư, diêm nghiệp)"
        case .communeInitiated: "Xã chủ động rà soát"
        }
    }
}

extension RequestType {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .add: "Bổ sung vào danh sách"
        case .leave: "Ra khỏi danh sách"
        case .withdrawal: "Rút đề nghị"
        case .communeInitiated: "Xã chủ động rà soát"
        }
    }
}

extension RequestChannel {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .inPerson: "Trực tiếp"
        case .post: "Bưu chính"
        case .online: "Trực tuyến"
        }
    }
}

extension ComplaintType {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .shouldBeIncluded: "Cần bổ sung vào danh sách"
        case .shouldBeExcluded: "Cần đưa ra khỏi danh sách"
        case .wrongClass: "Phân loại sai"
        case .wrongData: "Thông tin sai"
        case .other: "Khác"
        }
    }
}

extension ComplaintState {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .open: "Mới tiếp nhận"
        case .rechecking: "Đang phúc tra"
        case .resolved: "Đã giải quyết"
        case .dismissed: "Không có cơ sở"
        }
    }
}

extension RecheckResult {
    /// Vietnamese label.
    public var vietnamese: String { self == .upheld ? "Giữ nguyên" : "Thay đổi" }
}

extension OpinionType {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .agree: "Thống nhất"
        case .agreeWithNotes: "Thống nhất, có lưu ý"
        case .requestRecheck: "Đề nghị phúc tra"
        }
    }
}

extension ConsultationState {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .draft: "Dự thảo"
        case .sent: "Đã gửi, chờ ý kiến"
        case .answered: "Đã có ý kiến"
        case .noOpinionReceived: "Không nhận được ý kiến"
        }
    }
}

extension PostingState {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .draft: "Dự thảo"
        case .signed: "Đã ký"
        case .posted: "Đang/đã niêm yết"
        }
    }
}

extension IdentificationState {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .listed: "Đã đề nghị"
        case .determined: "Đã xác định thu nhập"
        case .posted: "Đang niêm yết"
        case .postingClosed: "Hết thời hạn niêm yết"
        case .recognised: "Đã công nhận"
        case .rejected: "Không đủ điều kiện"
        case .withdrawn: "Dừng"
        }
    }
}

extension IncomeSource {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .crops: "Trồng trọt"
        case .livestock: "Chăn nuôi"
        case .forestry: "Lâm nghiệp"
        case .aquacultureFishing: "Nuôi trồng, khai thác thủy sản"
        case .salt: "Làm muối"
        case .wages: "Tiền lương, tiền công"
        case .nonFarmBusiness: "Kinh doanh phi nông nghiệp"
        case .pensions: "Lương hưu"
        case .remittances: "Tiền gửi về"
        case .other: "Khác"
        }
    }
}

extension QuickIDResult {
    /// Vietnamese label.
    public var vietnamese: String { self == .clearlyNotPoor ? "Không nghèo rõ ràng" : "Tiếp tục rà soát bằng phiếu B" }
}

extension MeetingOutcomeKind {
    /// Vietnamese label.
    public var vietnamese: String { self == .agreed ? "Thống nhất" : "Không thống nhất" }
}

extension AlertLevel {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .dueSoon: "Sắp đến hạn"
        case .overdue: "Quá hạn"
        case .escalated: "Quá hạn (báo cáo cấp trên)"
        }
    }
}

extension MonthlyReportState {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .draft: "Dự thảo"
        case .submitted: "Đã gửi"
        case .accepted: "Đã tiếp nhận"
        case .returned: "Bị trả lại"
        }
    }
}

extension PlanLevel {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .province: "Tỉnh"
        case .district: "Huyện"
        case .commune: "Xã"
        }
    }
}

extension TransitionSource {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .periodic: "Rà soát định kỳ"
        case .regular: "Rà soát thường xuyên"
        case .imported: "Dữ liệu cũ"
        }
    }
}

extension StatusSource {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .periodic: "Rà soát định kỳ"
        case .regular: "Rà soát thường xuyên"
        case .imported: "Dữ liệu cũ"
        case .correction: "Đính chính"
        }
    }
}

extension WithdrawalReason {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .requestWithdrawn: "Rút đề nghị bằng văn bản"
        case .dissolved: "Hộ giải thể"
        case .movedOut: "Chuyển khỏi xã"
        case .merged: "Nhập hộ"
        case .duplicate: "Trùng"
        }
    }
}

extension B2Answer {
    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .deprived: "Thiếu hụt"
        case .notDeprived: "Không thiếu hụt"
        case .unknown: "Chưa rõ"
        }
    }
}
