import Access
import Foundation
import Hummingbird
import Registry
import Review
import ReviewWorkflow
import Store

/// Photos of the dwelling taken with Phiếu B (ảnh nhà ở, review.md §3.4), shared by the pages
/// and the API: uploaded by who may survey the household, read by who covers its commune with
/// the personal-read right (each view an audited personal read), never served as static files.
///
/// Decision: a photo belongs to the household in the round; every Phiếu B version saved after
/// an upload lists the photos uploaded so far (a locked version's list never changes, a later
/// photo goes with the next version).
extension ReviewService {
    /// Stores an uploaded photo of a household of a dossier; refused for a household outside
    /// the reviewer's villages, in a terminal state or a frozen round, and past
    /// ``ReviewPhoto/maximumPerSurvey`` photos.
    func uploadPhoto(_ user: SignedInUser, round roundID: String, commune: String, code: String, data: Data,
                     request: Request, context: AppContext) throws -> ReviewPhoto {
        let round = try workflow.round(roundID)
        let (actor, access) = try acting(user, .survey, chain: round.chain, commune: commune, request: request, context: context)
        let d = try workflow.dossier(round: roundID, commune: commune)
        guard let c = d.cases[code] else { throw ReviewError.notFound("hộ \(code) trong hồ sơ rà soát") }
        try ReviewAuthority.check(.survey, actor, chain: round.chain, commune: commune, village: c.village)
        if round.frozen { throw ReviewError.frozen(roundID) }
        guard [.listed, .surveyed, .rechecking].contains(c.state) else { throw ReviewError.state("Hộ \(code)", is: c.state.vietnamese, action: "thêm ảnh") }
        let photo = try ReviewPhoto(roundID: roundID, communeCode: commune, householdCode: code, data: data, uploadedAt: now, uploadedBy: actor.account)
        let existing = try services.store.photos(roundID: roundID, householdCode: code)
        if existing.contains(where: { $0.id == photo.id }) { return photo }
        guard existing.count < ReviewPhoto.maximumPerSurvey else {
            throw ReviewError.guardFailed("photos_limit", "Mỗi hộ có tối đa \(ReviewPhoto.maximumPerSurvey) ảnh trong một đợt")
        }
        try services.store.savePhoto(photo, context: access)
        return photo
    }

    /// A photo's bytes for a user who may read it; the read is audited.
    func photoResponse(_ user: SignedInUser, id: String, request: Request, context: AppContext) throws -> Response {
        guard let p = try services.store.photo(id: id) else { throw ReviewError.notFound("ảnh \(id)") }
        let round = try workflow.round(p.roundID)
        try requireCovers(user, commune: p.communeCode, chain: round.chain)
        if let villages = villageFilter(user) {
            let village = try workflow.dossier(round: p.roundID, commune: p.communeCode).cases[p.householdCode]?.village ?? ""
            guard villages.contains(ReviewActor.villageKey(village)) else { throw ReviewError.notFound("ảnh \(id)") }
        }
        let access = context.access(request, user: user)
        guard services.policy.allows(.readPersonal, user.assignments, on: services.today) else {
            try? services.store.recordSecurityEvent("permission_denied", entityType: "action", entityIDs: ["read_personal"], context: access)
            throw WebError.forbidden
        }
        try services.store.recordSecurityEvent("read_personal", entityType: "review_photo", entityIDs: [p.id, p.householdCode], context: access)
        var headers = HTTPFields()
        headers[.contentType] = p.contentType
        headers[.cacheControl] = "private, no-store"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: p.data)))
    }
}
