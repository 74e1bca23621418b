// Progress records and leases in a local folder. A record or lease is written aside and moved into place, so a
// crash never leaves half of one. A lease is created with link(2), which fails when the name exists (the
// folder's `If-None-Match: *`); an expired one is taken over by renaming it aside first: rename(2) moves a
// given file once, so of two takers only the one that moved the lease it judged goes on.

import AWS
import Platform
import SystemPackage

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Progress records and leases in a local folder; a revision is the SHA-256 of the file's bytes.
public struct DirectoryProgressStore: ProgressStore {
    /// The folder records and leases live in.
    public let folder: String

    /// Records in `folder` (created when first written).
    public init(folder: String) { self.folder = folder }

    private func path(_ name: String, _ suffix: String = ".progress.json") -> String {
        URL(fileURLWithPath: folder).appendingPathComponent(name + suffix).path
    }

    public func load(_ name: String) async throws -> StoredProgress? {
        read(path(name)).map { StoredProgress(bytes: $0, revision: Self.revision($0)) }
    }

    /// Saves after checking that the record is still at `revision` (another run's lease write or record save
    /// between the check and the rename is kept out by the lease, which this run holds).
    public func save(_ record: ProgressRecord, for name: String, replacing revision: String?) async throws -> String {
        let target = path(name)
        let bytes = record.json
        if let revision {
            guard let current = read(target), Self.revision(current) == revision else {
                throw ProgressConflict("\(target): another run saved the progress record first")
            }
            try replace(target, with: bytes)
        } else {
            try create(target, with: bytes, what: "progress record")
        }
        return Self.revision(bytes)
    }

    public func loadLease(_ name: String) async throws -> StoredLease? {
        read(path(name, ".lease.json")).map { StoredLease(lease: ProgressLease(json: $0), revision: Self.revision($0)) }
    }

    /// Creates the lease, renews this run's own (same holder and nonce) in place, or takes over another's by
    /// moving exactly the revision judged aside before creating the new one.
    public func writeLease(_ lease: ProgressLease, for name: String, replacing revision: String?) async throws
        -> String
    {
        let target = path(name, ".lease.json")
        let bytes = lease.json
        guard let revision else {
            try create(target, with: bytes, what: "lease")
            return Self.revision(bytes)
        }
        guard let current = read(target), Self.revision(current) == revision else {
            throw ProgressConflict("\(target): another run took the lease")
        }
        if let held = ProgressLease(json: current), held.holder == lease.holder, held.nonce == lease.nonce {
            try replace(target, with: bytes)
            return Self.revision(bytes)
        }
        let aside = target + ".\(lease.nonce).taken"
        do {
            try Platform.rename(target, aside)
        } catch {
            throw ProgressConflict("\(target): another run took the lease")
        }
        defer { try? Platform.unlink(aside) }
        guard let moved = read(aside), Self.revision(moved) == revision else {
            // Another taker replaced it after this run read it: put that lease back (unless yet another came).
            try? Platform.link(aside, target)
            throw ProgressConflict("\(target): another run took the lease")
        }
        try create(target, with: bytes, what: "lease")
        return Self.revision(bytes)
    }

    public func deleteLease(_ name: String, revision: String) async throws {
        let target = path(name, ".lease.json")
        guard let current = read(target), Self.revision(current) == revision else {
            throw ProgressConflict("\(target): another run took the lease")
        }
        try? Platform.unlink(target)
    }

    /// The SHA-256 of `bytes`, in hex.
    static func revision(_ bytes: [UInt8]) -> String { SigV4Request.payloadHash(of: bytes) }

    private func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// Writes `bytes` beside `target` under a name no other run uses, and returns that name.
    private func writeAside(_ target: String, _ bytes: [UInt8]) throws -> String {
        let url = URL(fileURLWithPath: target)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = target + ".\(Platform.processID()).\(UInt64.random(in: 0...UInt64.max)).partial"
        try Data(bytes).write(to: URL(fileURLWithPath: partial))
        return partial
    }

    /// Puts `bytes` at `target` only if nothing is there (link(2) fails on an existing name).
    private func create(_ target: String, with bytes: [UInt8], what: String) throws {
        let partial = try writeAside(target, bytes)
        defer { try? Platform.unlink(partial) }
        do {
            try Platform.link(partial, target)
        } catch .fileExists {
            throw ProgressConflict("\(target): another run wrote the \(what) first")
        } catch {
            throw SourceError(source: target, error, context: "cannot save")
        }
    }

    /// Replaces `target` with `bytes` in one rename.
    private func replace(_ target: String, with bytes: [UInt8]) throws {
        let partial = try writeAside(target, bytes)
        do {
            try Platform.rename(partial, target)
        } catch {
            try? Platform.unlink(partial)
            throw SourceError(source: target, error, context: "cannot save")
        }
    }
}
