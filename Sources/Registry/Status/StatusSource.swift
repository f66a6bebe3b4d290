/// Where a status record comes from (nguồn bản ghi trạng thái), review.md §6.1.
///
/// Raw values are the stored codes.
public enum StatusSource: String, Sendable, Codable, CaseIterable, Hashable {
    /// Decision of the periodic annual review (rà soát định kỳ).
    case periodic
    /// Decision of a monthly regular review batch (rà soát thường xuyên).
    case regular
    /// Class loaded from an existing official list (nhập từ danh sách đã công nhận).
    case imported = "import"
    /// Correcting decision (quyết định đính chính) that fixes an earlier record; it wins over
    /// records that share its effective date.
    case correction
}
