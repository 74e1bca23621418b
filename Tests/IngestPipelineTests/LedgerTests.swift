import Testing

@testable import IngestPipeline

@Suite struct LedgerTests {
    @Test func balanceAndAddition() {
        var ledger = Ledger()
        ledger.lines = 10
        ledger.validLines = 8
        ledger.rejectedLines = 2
        #expect(ledger.isBalanced(dryRun: true))
        #expect(!ledger.isBalanced(dryRun: false))
        ledger.uploadedLines = 7
        ledger.failedLines = 1
        #expect(ledger.isBalanced(dryRun: false))
        #expect(ledger.pendingLines == 0)
        var total = Ledger()
        total.add(ledger)
        total.add(ledger)
        #expect(total.lines == 20 && total.uploadedLines == 14 && total.failedLines == 2)
    }
}
