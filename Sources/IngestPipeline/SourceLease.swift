// The lease a run holds on one source while it ingests it: taken before the source is read, renewed (CLI) while
// the run goes on, released when it ends, whatever the outcome. See ``ProgressLease`` for the rules.

import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A lease this run holds on one source in a ``ProgressStore``.
final class SourceLease: Sendable {
    private struct State {
        var lease: ProgressLease
        var revision: String
        /// Why the lease is no longer this run's, once a renewal found another run's lease.
        var lost: String?
    }

    /// Where the lease lives.
    let store: any ProgressStore
    /// The source's name in the store.
    let name: String
    /// Who holds it and for how long.
    let terms: LeaseTerms
    /// The lease this run took over, when it took over another run's.
    let tookOver: ProgressLease?
    private let state: Mutex<State>

    private init(
        store: any ProgressStore, name: String, terms: LeaseTerms, lease: ProgressLease, revision: String,
        tookOver: ProgressLease?
    ) {
        self.store = store
        self.name = name
        self.terms = terms
        self.tookOver = tookOver
        state = Mutex(State(lease: lease, revision: revision))
    }

    /// Why the lease was lost (another run took it over after a renewal failed to come in time), if it was.
    var lost: String? { state.withLock { $0.lost } }

    /// Takes the lease on `name`: creates it where none is, or takes over one that expired or whose CLI process
    /// is gone from this host. Throws ``LeaseHeld`` when another run holds a live one.
    static func take(
        _ name: String, in store: any ProgressStore, terms: LeaseTerms,
        now: () -> Int64 = LeaseTerms.nowMilliseconds, isRunning: (Int32) -> Bool = LeaseTerms.isRunning
    ) async throws -> SourceLease {
        let lease = ProgressLease(
            holder: terms.holder, host: terms.host, pid: terms.pid, expiresAtMilliseconds: terms.expiry())
        var lastHolder: ProgressLease?
        for _ in 0..<4 {
            do {
                let revision = try await store.writeLease(lease, for: name, replacing: nil)
                return SourceLease(
                    store: store, name: name, terms: terms, lease: lease, revision: revision, tookOver: nil)
            } catch is ProgressConflict {}
            guard let current = try await store.loadLease(name) else { continue }  // released meanwhile
            if let held = current.lease, held.isLive(at: now(), onHost: terms.host, isRunning: isRunning) {
                throw LeaseHeld(lease: held)
            }
            do {
                let revision = try await store.writeLease(lease, for: name, replacing: current.revision)
                return SourceLease(
                    store: store, name: name, terms: terms, lease: lease, revision: revision,
                    tookOver: current.lease ?? ProgressLease(holder: "a damaged lease", expiresAtMilliseconds: 0))
            } catch is ProgressConflict {
                lastHolder = current.lease  // another taker won; the next round finds its lease live
            }
        }
        throw LeaseHeld(lease: lastHolder ?? ProgressLease(holder: "other runs", expiresAtMilliseconds: 0))
    }

    /// Renews the lease every ``LeaseTerms/renewEvery`` until the task is cancelled or the lease is lost.
    func renewWhileHeld() async {
        guard let interval = terms.renewEvery else { return }
        while (try? await Task.sleep(for: interval)) != nil, lost == nil {
            await renew()
        }
    }

    /// Moves the lease's expiry on; a conflict means another run took it over: the lease is then lost.
    func renew() async {
        let (lease, revision) = state.withLock { state -> (ProgressLease, String) in
            state.lease.expiresAtMilliseconds = terms.expiry()
            return (state.lease, state.revision)
        }
        do {
            let renewed = try await store.writeLease(lease, for: name, replacing: revision)
            state.withLock { $0.revision = renewed }
        } catch let conflict as ProgressConflict {
            state.withLock { $0.lost = "lease lost to another run (\(conflict))" }
        } catch {
            // Not written this time (S3 unavailable): the next renewal tries again before the lease ends.
        }
    }

    /// Deletes the lease if it is still this run's; a failure is left for the lease's expiry to settle.
    func release() async {
        let (revision, lost) = state.withLock { ($0.revision, $0.lost) }
        guard lost == nil else { return }
        try? await store.deleteLease(name, revision: revision)
    }
}

/// Another run holds a live lease on the source: it is left alone, for a retry once that run is done.
struct LeaseHeld: Error, CustomStringConvertible {
    /// The live lease found.
    var lease: ProgressLease

    /// Who holds the source and until when.
    var description: String {
        let until = Date(timeIntervalSince1970: Double(lease.expiresAtMilliseconds) / 1000)
        return "another run is ingesting it (\(lease.holder), lease until \(until.formatted(.iso8601)))"
    }
}
