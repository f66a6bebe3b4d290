import Foundation
import Mustache

/// Turns a page's view value into the dictionaries and arrays the templates read (giá trị cho
/// mẫu trang), reflecting each value once.
///
/// swift-mustache looks a key up in a plain struct through `Mirror`, afresh for every tag and
/// for every level of the context stack it climbs; on the household page that was four fifths of
/// the request's CPU (measured with `perf` under `Benchmarks/web.sh`). Dictionaries conform to
/// `MustacheParent`, so after this one pass every lookup is a hash probe. What a template sees
/// does not change: a `nil` optional is a missing key (Mustache then climbs the stack, as it did
/// for a `nil` found by `Mirror`), Booleans, numbers and strings stay as they are, arrays stay
/// sequences.
enum TemplateValues {
    static func convert(_ value: Any) -> Any? {
        switch value {
        case is String, is Bool, is Int, is Int64, is Double, is Substring: return value
        case let array as [Any]: return array.compactMap(convert)
        case let dictionary as [String: Any]: return dictionary.compactMapValues(convert)
        case is TemplateObject: return value
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first?.value else { return nil }
            return convert(wrapped)
        case .struct, .class, .tuple:
            var object: [String: Any] = [:]
            object.reserveCapacity(Int(mirror.children.count))
            for child in mirror.children {
                guard let label = child.label, let converted = convert(child.value) else { continue }
                // Unlabelled tuple elements are `.0`, `.1`: keep their names without the dot.
                object[label.hasPrefix(".") ? String(label.dropFirst()) : label] = converted
            }
            // A value that prints itself (a date, a code) still prints the same in `{{value}}`.
            if let printable = value as? CustomStringConvertible {
                return Printable(fields: object, text: printable.description)
            }
            return object
        case .collection, .set:
            return mirror.children.compactMap { convert($0.value) }
        default:
            return value
        }
    }
}

/// A converted value that also has its own text.
struct Printable: MustacheParent, CustomStringConvertible {
    var fields: [String: Any]
    var text: String
    func child(named name: String) -> Any? { fields[name] }
    var description: String { text }
}

extension WebServices {
    /// Renders a page template with a view value (see ``TemplateValues``).
    func render(_ view: Any, _ template: String) -> String {
        templates.render(TemplateValues.convert(view) ?? [String: Any](), withTemplate: template) ?? ""
    }
}
