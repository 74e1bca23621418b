import Foundation
import Testing

@testable import IngestPipeline

/// The lease rules in process: when a lease keeps other runs out, and its JSON form.
@Suite struct ProgressLeaseTests {
    static let now: Int64 = 1_705_692_477_000

    @Test func aLeaseLivesUntilItsExpiry() {
        let lease = ProgressLease(holder: "Lambda request r-1", expiresAtMilliseconds: Self.now + 1)
        #expect(lease.isLive(at: Self.now, onHost: nil, isRunning: { _ in false }))
        #expect(!lease.isLive(at: Self.now + 1, onHost: nil, isRunning: { _ in true }))
    }

    @Test func aCommandLineLeaseOnThisHostDiesWithItsProcess() {
        let lease = ProgressLease(holder: "ingest", host: "box", pid: 4242, expiresAtMilliseconds: Self.now + 60_000)
        #expect(lease.isLive(at: Self.now, onHost: "box", isRunning: { $0 == 4242 }))
        #expect(!lease.isLive(at: Self.now, onHost: "box", isRunning: { _ in false }))
        // Another host cannot see that process: only the expiry counts there.
        #expect(lease.isLive(at: Self.now, onHost: "other", isRunning: { _ in false }))
        // A Lambda run names no host, so a process check never applies to it.
        #expect(lease.isLive(at: Self.now, onHost: nil, isRunning: { _ in false }))
    }

    @Test func jsonRoundTripAndDamagedLeases() throws {
        let lease = ProgressLease(
            holder: "ingest on box, process 7", host: "box", pid: 7, expiresAtMilliseconds: Self.now, nonce: "n1")
        #expect(ProgressLease(json: lease.json) == lease)
        #expect(ProgressLease(json: Array("{\"holder\":\"x\"}".utf8)) == nil)
        #expect(ProgressLease(json: Array("not json".utf8)) == nil)
        // Two leases of one holder and expiry still differ (S3's ETag is the MD5 of the bytes).
        let again = ProgressLease(holder: "h", expiresAtMilliseconds: Self.now)
        #expect(ProgressLease(holder: "h", expiresAtMilliseconds: Self.now).json != again.json)
    }
}
