// A lease sits beside a source's progress record (`<name>.lease.json`) while one run ingests the source:
// `{"holder":"lambda request 8f1c…","host":"ip-10-0-0-1","pid":412,"expires":1705692477000,"nonce":"…"}`.
// It is created only where none is (S3 `If-None-Match: *`, a local `link(2)`), so of two runs started at once
// only one ingests; the other leaves the source for a retry. A lease past its expiry, or a CLI's whose process
// is gone from this host, is taken over by replacing exactly the version read, so two takers cannot both win.

import WireFormat

/// Who ingests a source, and until when the others must leave it alone.
public struct ProgressLease: Sendable, Equatable {
    /// Names the run: a Lambda request id, or the CLI's host and process.
    public var holder: String
    /// The host of a CLI run, so a later run on the same host can tell that its process is gone.
    public var host: String?
    /// The process id of a CLI run on ``host``.
    public var pid: Int32?
    /// When the lease ends unless renewed, in milliseconds since 1970 (UTC).
    public var expiresAtMilliseconds: Int64
    /// Makes every lease written distinct (S3's ETag is the content's MD5), so a takeover never matches an older one.
    public var nonce: String

    /// A lease for `holder` ending at `expiresAtMilliseconds`.
    public init(
        holder: String, host: String? = nil, pid: Int32? = nil, expiresAtMilliseconds: Int64,
        nonce: String = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    ) {
        self.holder = holder
        self.host = host
        self.pid = pid
        self.expiresAtMilliseconds = expiresAtMilliseconds
        self.nonce = nonce
    }

    /// True when the lease still keeps other runs out at `nowMilliseconds`: not expired, and not a CLI run on
    /// this host (`host`) whose process `isRunning` says is gone.
    public func isLive(
        at nowMilliseconds: Int64, onHost host: String?, isRunning: (Int32) -> Bool
    ) -> Bool {
        guard nowMilliseconds < expiresAtMilliseconds else { return false }
        if let host, let pid, self.host == host { return isRunning(pid) }
        return true
    }

    /// The lease as one JSON object.
    public var json: [UInt8] {
        var members = [JSONMember("holder", .string(holder))]
        if let host { members.append(JSONMember("host", .string(host))) }
        if let pid { members.append(JSONMember("pid", .number(String(pid)))) }
        members.append(JSONMember("expires", .number(String(expiresAtMilliseconds))))
        members.append(JSONMember("nonce", .string(nonce)))
        var bytes: [UInt8] = []
        JSONWriter.write(.object(members), into: &bytes)
        return bytes
    }

    /// Reads a saved lease; nil when it is not one (a damaged lease counts as expired: it is taken over).
    public init?(json bytes: [UInt8]) {
        guard let root = try? JSONReader.parse(bytes), let holder = root["holder"]?.stringValue,
            let expires = root["expires"]?.intValue
        else { return nil }
        self.holder = holder
        host = root["host"]?.stringValue
        pid = root["pid"]?.intValue.flatMap { Int32(exactly: $0) }
        expiresAtMilliseconds = Int64(expires)
        nonce = root["nonce"]?.stringValue ?? ""
    }
}
