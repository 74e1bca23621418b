// Trimming of blanks from both ends of a string, as Foundation's `trimmingCharacters(in: .whitespaces)`
// does, for the modules that use `FoundationEssentials` (which has no `CharacterSet` trimming).

extension String {
    /// The text without leading and trailing blanks: tab, the Unicode space separators (`Zs`) and the zero
    /// width space, exactly the members of Foundation's `CharacterSet.whitespaces`.
    public func trimmingBlanks() -> String {
        String(trimming { $0.isBlank })
    }

    /// The text without the leading and trailing Unicode scalars `isTrimmed` accepts.
    public func trimming(where isTrimmed: (Unicode.Scalar) -> Bool) -> Substring.UnicodeScalarView {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
            let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return Substring.UnicodeScalarView() }
        return scalars[first...last]
    }
}

extension Unicode.Scalar {
    /// Tab, a space separator (`Zs`) or U+200B (a space separator in older Unicode, still one to Foundation).
    fileprivate var isBlank: Bool {
        self == "\t" || self == "\u{200B}" || properties.generalCategory == .spaceSeparator
    }
}
