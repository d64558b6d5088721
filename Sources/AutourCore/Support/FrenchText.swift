import Foundation

/// Numbers and counts as a French reader expects them: « 0,5 », « 1 mission », « 3 missions »,
/// never « mission(s) ». Every text that shows a count or a decimal goes through here.
public enum FrenchText {
    /// « 1 mission », « 2 missions »; 0 and 1 take the singular in French.
    public static func count(_ n: Int, _ singular: String, _ plural: String) -> String {
        "\(n) \(abs(n) < 2 ? singular : plural)"
    }

    /// A decimal with a comma and at most `digits` digits after it, trailing zeros dropped:
    /// « 0,5 », « 12 », « 3,25 ».
    public static func decimal(_ value: Double, digits: Int = 1) -> String {
        guard value.isFinite else { return "—" }
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "fr_FR")
        formatter.numberStyle = .decimal
        formatter.minimumFractionDigits = 0
        formatter.maximumFractionDigits = digits
        formatter.usesGroupingSeparator = false
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }
}
