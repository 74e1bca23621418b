import AWS
import AsyncHTTPClient
import Foundation
import IngestTesting
import Logging
import Synchronization
import Testing
import Transport

@testable import IngestPipeline

/// Leases and compare-and-swap saves of both progress stores: a local folder, and the stand-in S3 (moto's
/// conditional writes behind botocore's signature check). Every write names what it replaces; a second
/// creator, a stale replacer and the loser of two takers racing on one expired lease all get a conflict.
@Suite struct ProgressStoreTests {
    static let expired: Int64 = 1_000
    static let name = "datacapture/ep/a.jsonl"

    /// Runs `body` with each store: a fresh folder, then a prefix in a fresh stand-in S3.
    func withEachStore(_ body: (any ProgressStore) async throws -> Void) async throws {
        try await body(DirectoryProgressStore(folder: try TestPaths.temporaryDirectory().path))
        try await S3StandIn.with { s3 in
            try await s3.createBucket("progress")
            var logger = Logger(label: "progress-store-tests")
            logger.logLevel = .error
            let transport = HTTPTransport(
                client: HTTPClient.shared,
                retryPolicy: RetryPolicy(
                    maxAttempts: 2, baseDelay: .milliseconds(20), maxDelay: .milliseconds(50),
                    maxRetryAfter: .seconds(1)),
                timeout: .seconds(20), logger: logger)
            let client = try S3Client.fromEnvironment(s3.environment(), transport: transport)
            try await body(S3ProgressStore(client: client, prefix: try S3URI("s3://progress/runs/")))
        }
    }

    @Test func aLeaseIsCreatedOnceAndReleasedOnlyAsWritten() async throws {
        try await withEachStore { store in
            let first = ProgressLease(holder: "a", expiresAtMilliseconds: .max)
            let revision = try await store.writeLease(first, for: Self.name, replacing: nil)
            await #expect(throws: ProgressConflict.self) {
                try await store.writeLease(
                    ProgressLease(holder: "b", expiresAtMilliseconds: .max), for: Self.name, replacing: nil)
            }
            let stored = try #require(try await store.loadLease(Self.name))
            #expect(stored.lease == first && stored.revision == revision)
            await #expect(throws: ProgressConflict.self) {
                try await store.deleteLease(Self.name, revision: "\"stale\"")
            }
            try await store.deleteLease(Self.name, revision: revision)
            #expect(try await store.loadLease(Self.name) == nil)
        }
    }

    @Test func aLiveLeaseKeepsASecondRunOut() async throws {
        try await withEachStore { store in
            let terms = LeaseTerms(holder: "first", expiry: { .max })
            let held = try await SourceLease.take(Self.name, in: store, terms: terms)
            await #expect(throws: LeaseHeld.self) {
                try await SourceLease.take(Self.name, in: store, terms: LeaseTerms(holder: "second", expiry: { .max }))
            }
            await held.release()
            #expect(try await store.loadLease(Self.name) == nil, "released when done")
            let next = try await SourceLease.take(
                Self.name, in: store, terms: LeaseTerms(holder: "third", expiry: { .max }))
            #expect(next.tookOver == nil)
            await next.release()
        }
    }

    @Test func anExpiredLeaseIsTakenOverByExactlyOneOfTwoTakers() async throws {
        try await withEachStore { store in
            let stale = ProgressLease(holder: "killed run", expiresAtMilliseconds: Self.expired)
            _ = try await store.writeLease(stale, for: Self.name, replacing: nil)
            for round in 0..<5 {
                // Two runs race: each read the same expired lease and replaces exactly that revision.
                let expired = try #require(try await store.loadLease(Self.name))
                async let one = try? store.writeLease(
                    ProgressLease(holder: "one", expiresAtMilliseconds: Self.expired), for: Self.name,
                    replacing: expired.revision)
                async let two = try? store.writeLease(
                    ProgressLease(holder: "two", expiresAtMilliseconds: Self.expired), for: Self.name,
                    replacing: expired.revision)
                let winners = [await one, await two].compactMap { $0 }
                #expect(winners.count == 1, "round \(round): exactly one taker wins")
                let now = try #require(try await store.loadLease(Self.name))
                #expect(winners.first == now.revision, "the lease is the winner's")
            }
            // Through SourceLease: the takeover is reported, and the second of two takers finds a live lease.
            let expired = try #require(try await store.loadLease(Self.name))
            _ = try await store.writeLease(stale, for: Self.name, replacing: expired.revision)
            async let first = Result {
                try await SourceLease.take(Self.name, in: store, terms: LeaseTerms(holder: "x", expiry: { .max }))
            }
            async let second = Result {
                try await SourceLease.take(Self.name, in: store, terms: LeaseTerms(holder: "y", expiry: { .max }))
            }
            let results = [await first, await second]
            let taken = results.compactMap { try? $0.get() }
            #expect(taken.count == 1)
            #expect(taken.first?.tookOver?.holder == "killed run")
            #expect(results.contains { if case .failure(let error) = $0 { error is LeaseHeld } else { false } })
        }
    }

    @Test func aRenewalMovesTheExpiryOnUntilAnotherRunTakesTheLease() async throws {
        try await withEachStore { store in
            let clock = Mutex<Int64>(Self.expired)
            let terms = LeaseTerms(holder: "cli", host: "box", pid: 1, expiry: { clock.withLock { $0 } })
            let held = try await SourceLease.take(Self.name, in: store, terms: terms)
            clock.withLock { $0 = 5_000 }
            await held.renew()
            #expect(held.lost == nil)
            let renewed = try #require(try await store.loadLease(Self.name))
            #expect(renewed.lease?.expiresAtMilliseconds == 5_000 && renewed.lease?.holder == "cli")
            // The lease expired unrenewed and another run took it: the next renewal finds it lost, and the
            // release leaves the other run's lease alone.
            let other = try await store.writeLease(
                ProgressLease(holder: "other", expiresAtMilliseconds: .max), for: Self.name,
                replacing: renewed.revision)
            await held.renew()
            #expect(held.lost?.contains("lease lost to another run") == true)
            await held.release()
            #expect(try await store.loadLease(Self.name)?.revision == other)
        }
    }

    @Test func aSaveReplacesOnlyTheRevisionItRead() async throws {
        try await withEachStore { store in
            var record = ProgressRecord(version: "v1", source: "a.jsonl")
            let first = try await store.save(record, for: Self.name, replacing: nil)
            await #expect(throws: ProgressConflict.self) {
                try await store.save(record, for: Self.name, replacing: nil)
            }
            record.addUploaded(1...10)
            let second = try await store.save(record, for: Self.name, replacing: first)
            record.addUploaded(11...20)
            // Another holder saved meanwhile: a save naming the older revision overwrites nothing.
            await #expect(throws: ProgressConflict.self) {
                try await store.save(record, for: Self.name, replacing: first)
            }
            let stored = try #require(try await store.load(Self.name))
            #expect(stored.revision == second)
            #expect(try ProgressRecord(json: stored.bytes).uploadedLines == [1...10])
        }
    }
}

extension Result where Failure == any Error {
    /// The result of `body`.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
