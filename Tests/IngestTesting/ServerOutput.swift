/// Reading the first line a stand-in server prints (its port), one byte at a time so nothing after
/// it is taken from the pipe.

import Foundation

/// Reading a server's startup line.
enum ServerOutput {
    /// The next line from `handle`, without its newline.
    static func readLine(from handle: FileHandle) -> String {
        var bytes: [UInt8] = []
        while true {
            let data = handle.readData(ofLength: 1)
            guard let byte = data.first, byte != 0x0A else { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
