extension String {
    /// The text without leading and trailing spaces and tabs, the blanks a CSV cell or a typed value may carry
    /// around a number.
    func trimmingSpacesAndTabs() -> Substring {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
