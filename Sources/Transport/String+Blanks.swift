// Trimming of blanks from both ends of a string, as Foundation's `trimmingCharacters(in: .whitespaces)`
// does, for the modules that use `FoundationEssentials` (which has no `CharacterSet` trimming).

extension String {
    /// The text without leading and trailing blanks: tab, the Unicode space separators (`Zs`) and the zero
    /// width space, exactly the members of Foundation's `CharacterSet.whitespaces`.
    public func trimmingBlanks() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isBlank }),
            let last = scalars.lastIndex(where: { !$0.isBlank })
        else { return "" }
        return String(scalars[first...last])
    }
}

extension Unicode.Scalar {
    /// Tab, a space separator (`Zs`) or U+200B (a space separator in older Unicode, still one to Foundation).
    fileprivate var isBlank: Bool {
        self == "\t" || self == "\u{200B}" || properties.generalCategory == .spaceSeparator
    }
}
