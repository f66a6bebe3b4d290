import Mustache

/// A view value the templates read by name without reflection (objet de mẫu trang).
///
/// swift-mustache finds a key in a `MustacheParent` by calling ``child(named:)``; on the
/// household page, building dictionaries from structs by `Mirror` (``TemplateValues``) was a
/// sixth of the request's CPU after the escaping fix (`perf` under `Benchmarks/web.sh`). The
/// page's view types answer by a `switch` instead; ``TemplateValues/convert(_:)`` passes them
/// through unchanged. Each key is the stored property's name, as `Mirror` would give it, and a
/// `nil` optional is a missing key; `HTMLEscapingTests` checks every conforming type against
/// its `Mirror` fields, so a property added without its key fails a test.
protocol TemplateObject: MustacheParent {}

extension Layout: TemplateObject {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "signedIn": signedIn
        case "userName": userName
        case "roleName": roleName
        case "unitName": unitName
        case "csrf": csrf
        case "navDashboard": navDashboard
        case "navHouseholds": navHouseholds
        case "navImport": navImport
        case "navUsers": navUsers
        case "navAudit": navAudit
        case "navAccount": navAccount
        case "navReview": navReview
        case "canImport": canImport
        case "canManageUsers": canManageUsers
        case "canReadAudit": canReadAudit
        default: nil
        }
    }
}

extension HouseholdViews.Fact: TemplateObject {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "value": value
        default: nil
        }
    }
}

extension HouseholdViews.MemberRow: TemplateObject {
    func child(named name: String) -> Any? {
        switch name {
        case "no": no
        case "name": self.name
        case "relation": relation
        case "sex": sex
        case "birth": birth
        case "nationalID": nationalID
        case "ethnicity": ethnicity
        case "disability": disability
        case "meritorious": meritorious
        case "healthInsurance": healthInsurance
        case "organisations": organisations
        case "editLink": editLink
        default: nil
        }
    }
}

extension HouseholdViews.ClassificationRow: TemplateObject {
    func child(named name: String) -> Any? {
        switch name {
        case "year": year
        case "standard": standard
        case "className": className
        case "explanation": explanation
        default: nil
        }
    }
}

extension HouseholdViews.LiveRow: TemplateObject {
    func child(named name: String) -> Any? {
        switch name {
        case "standard": standard
        case "standardName": standardName
        case "inForce": inForce
        case "className": className
        case "classCode": classCode
        case "explanation": explanation
        default: nil
        }
    }
}

extension HouseholdViews.StatusRow: TemplateObject {
    func child(named name: String) -> Any? {
        switch name {
        case "date": date
        case "className": className
        case "standard": standard
        case "source": source
        case "decision": decision
        default: nil
        }
    }
}

extension HouseholdViews.OutcomeRow: TemplateObject {
    func child(named name: String) -> Any? {
        switch name {
        case "year": year
        case "from": from
        case "to": to
        case "flow": flow
        default: nil
        }
    }
}

extension HouseholdViews.AuditRow: TemplateObject {
    func child(named name: String) -> Any? {
        switch name {
        case "at": at
        case "account": account
        case "role": role
        case "action": action
        case "entity": entity
        default: nil
        }
    }
}

extension HouseholdViews.AuditView: TemplateObject {
    func child(named name: String) -> Any? {
        switch name {
        case "changes": changes
        case "changesCapped": changesCapped
        case "reads": reads
        case "readCount": readCount
        case "readsCapped": readsCapped
        case "readsShown": readsShown
        case "hasChanges": hasChanges
        case "hasReads": hasReads
        case "link": link
        case "linkText": linkText
        default: nil
        }
    }
}

extension HouseholdViews.PageView: TemplateObject {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "code": code
        case "communeName": communeName
        case "village": village
        case "version": version
        case "currentClass": currentClass
        case "facts": facts
        case "members": members
        case "showSensitive": showSensitive
        case "showNationalID": showNationalID
        case "deprived": deprived
        case "notDeprived": notDeprived
        case "classifications": classifications
        case "liveYear": liveYear
        case "live": live
        case "statuses": statuses
        case "outcomes": outcomes
        case "hasOutcomes": hasOutcomes
        case "audit": audit
        case "canEdit": canEdit
        case "saved": saved
        default: nil
        }
    }
}

extension HouseholdViews.Hit: TemplateObject {
    func child(named name: String) -> Any? {
        switch name {
        case "code": code
        case "name": self.name
        case "relation": relation
        case "birthYear": birthYear
        case "nationalID": nationalID
        case "village": village
        case "match": match
        default: nil
        }
    }
}

extension HouseholdViews.Row: TemplateObject {
    func child(named name: String) -> Any? {
        switch name {
        case "code": code
        case "communeName": communeName
        case "village": village
        case "head": head
        case "birthYear": birthYear
        case "members": members
        case "className": className
        case "classCode": classCode
        default: nil
        }
    }
}
