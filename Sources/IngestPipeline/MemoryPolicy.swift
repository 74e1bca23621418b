import Platform

/// The process-wide allocator settings of the front doors.
///
/// Keeps peak memory bounded by what the pipeline holds, not by how the allocator recycles it.
///
/// Upload chunks are megabytes each. glibc serves blocks that large with `mmap` and unmaps them on
/// `free` — until the first such free, when it raises its threshold so later chunks come from the heaps
/// of whichever threads touched them, where freed space is reused unevenly and resident memory grows
/// (measured: 78 MiB peak for a 256 MiB upload with 4 MiB chunks). Fixing the threshold keeps chunks
/// mapped and returned to the system as soon as they are freed.
public enum MemoryPolicy {
    /// Call once at start: allocations of 256 KiB and more are mapped and unmapped on their own.
    public static func apply() {
        Platform.setMmapThreshold(256 << 10)
    }
}
