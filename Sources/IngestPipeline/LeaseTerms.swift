// How long a run's leases last: the CLI's a minute at a time, renewed while it runs; a Lambda invocation's until
// its deadline, when Lambda ends it anyway.

import Platform

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Who a run's leases name and how long they last.
public struct LeaseTerms: Sendable {
    /// The run, as leases name it.
    public var holder: String
    /// This host, for a CLI run (a later run here takes over a lease whose process is gone).
    public var host: String?
    /// This process, for a CLI run.
    public var pid: Int32?
    /// When a lease taken or renewed now ends, in milliseconds since 1970.
    public var expiry: @Sendable () -> Int64
    /// How often a held lease is renewed; nil: never (it lasts the whole run).
    public var renewEvery: Duration?

    /// Terms with each field given.
    public init(
        holder: String, host: String? = nil, pid: Int32? = nil, expiry: @escaping @Sendable () -> Int64,
        renewEvery: Duration? = nil
    ) {
        self.holder = holder
        self.host = host
        self.pid = pid
        self.expiry = expiry
        self.renewEvery = renewEvery
    }

    /// A command-line run: `host pid N`, leases of `length` renewed every third of it.
    public static func commandLine(length: Duration = .seconds(60)) -> LeaseTerms {
        let host = Platform.hostName() ?? "localhost"
        let pid = Platform.processID()
        let milliseconds = Self.milliseconds(length)
        return LeaseTerms(
            holder: "ingest on \(host), process \(pid)", host: host, pid: pid,
            expiry: { nowMilliseconds() + milliseconds }, renewEvery: length / 3)
    }

    /// A Lambda invocation: its request id, leases of `length` renewed every third of it and never past its
    /// deadline. A container that dies (out of memory) stops renewing, so its lease ends within `length`, before
    /// Lambda's first retry of an asynchronous event (about a minute later) comes.
    public static func invocation(
        requestID: String, deadlineMilliseconds: Int64, length: Duration = .seconds(30)
    ) -> LeaseTerms {
        let milliseconds = Self.milliseconds(length)
        return LeaseTerms(
            holder: "Lambda request \(requestID)",
            expiry: { min(deadlineMilliseconds, nowMilliseconds() + milliseconds) }, renewEvery: length / 3)
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    /// The time now in milliseconds since 1970, as leases hold it.
    public static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// True while process `pid` runs on this host (it exists, even if owned by another user).
    static func isRunning(_ pid: Int32) -> Bool {
        Platform.isProcessRunning(pid)
    }

}

private func nowMilliseconds() -> Int64 { LeaseTerms.nowMilliseconds() }
