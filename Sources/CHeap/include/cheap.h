#ifndef CHEAP_H
#define CHEAP_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Prepares glibc's heap for a process that builds large tables and frees them (issue 14):
/// allocations below 32 MiB come from the heap and freed memory stays there for the next
/// allocation (no munmap and fresh zero pages each time), and the heap is grown once by
/// `bytes`, advised for transparent huge pages (one page fault per 2 MiB instead of per 4 KiB).
/// Returns 1 when the heap was grown and advised, 0 when only the thresholds were set, -1 when
/// nothing was done (not glibc on Linux).
int tfp_prepare_heap(size_t bytes);

#ifdef __cplusplus
}
#endif

#endif
