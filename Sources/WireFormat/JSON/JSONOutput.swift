/// A growable byte buffer for `JSONWriter`.
///
/// The bytes `JSONWriter` writes, before they join the caller's array: a growable buffer of its own that appends
/// with a capacity check and a store, where each `Array.append` also asks the runtime whether the array is
/// uniquely referenced. A value's text is copied into the caller's array in one piece when it is complete.
@_spi(Scanning) public struct JSONOutput: ~Copyable {
    @usableFromInline var start: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var count = 0

    /// Writes with `body` into a new buffer of `capacity` bytes (it grows as needed), then appends what was
    /// written to `array`.
    @inlinable package static func append(to array: inout [UInt8], capacity: Int, _ body: (inout JSONOutput) -> Void) {
        var output = JSONOutput(capacity: capacity)
        body(&output)
        array.append(contentsOf: UnsafeBufferPointer(start: output.start, count: output.count))
    }

    @inlinable init(capacity: Int) {
        self.capacity = max(capacity, 16)
        start = .allocate(capacity: self.capacity)
    }

    deinit {
        start.deallocate()
    }

    /// Appends one byte.
    @inline(__always)
    @inlinable package mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: 1) }
        start[count] = byte
        count += 1
    }

    /// Appends bytes.
    @inline(__always)
    @inlinable package mutating func append(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        appendReserved(bytes)
    }

    /// Appends the bytes of a literal such as `"null"`.
    @inline(__always)
    @inlinable package mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Makes room for `extra` more bytes, so that `appendReserved` can follow.
    @inline(__always)
    @inlinable package mutating func reserve(_ extra: Int) {
        if capacity - count < extra { grow(toHold: extra) }
    }

    /// Appends a byte that `reserve` made room for.
    @inline(__always)
    @inlinable package mutating func appendReserved(_ byte: UInt8) {
        start[count] = byte
        count += 1
    }

    /// Appends bytes that `reserve` made room for.
    @inline(__always)
    @inlinable package mutating func appendReserved(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        if bytes.count <= 16 {  // short runs (most keys and values) without a call to memcpy
            for offset in 0..<bytes.count {
                start[count + offset] = source.load(fromByteOffset: offset, as: UInt8.self)
            }
        } else {
            UnsafeMutableRawPointer(start + count).copyMemory(from: source, byteCount: bytes.count)
        }
        count += bytes.count
    }

    @inlinable mutating func grow(toHold extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let newStart = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStart.update(from: start, count: count)
        start.deallocate()
        start = newStart
        capacity = newCapacity
    }
}
