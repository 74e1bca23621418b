// C declarations that the Swift C-library modules (Glibc, Musl, Darwin) do not import, for the `Platform` module only.

#ifndef CPLATFORM_H
#define CPLATFORM_H

#if defined(__linux__)
#include <features.h>  // defines __GLIBC__ under glibc (not under musl)
#endif

#if defined(__GLIBC__)
#include <malloc.h>

/// glibc's `mallopt(M_MMAP_THRESHOLD, bytes)`: blocks of `bytes` or more get their own mappings.
static inline int cplatform_set_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }
#else
/// No such knob outside glibc (musl, Darwin): does nothing.
static inline int cplatform_set_mmap_threshold(int bytes) { (void)bytes; return 0; }
#endif

#endif
