// Allocator settings for the tabular commands (issue 14, goal 3). perf showed a fifth of
// `tfp productivity` on 100,000 rows in page faults: glibc serves every allocation above its
// mmap threshold (128 KiB at first) with fresh mmap'd pages, each faulted in and zeroed one
// 4 KiB page at a time, and returns them with munmap when freed. Polars runs on jemalloc, which
// keeps and reuses freed memory; this is the same idea with glibc's own knobs (mallopt(3)) and
// transparent huge pages for the heap (madvise(2), MADV_HUGEPAGE; the kernel's default mode
// here is "madvise": huge pages only where asked).
#include "cheap.h"

#include <stdlib.h>  // defines __GLIBC__ on glibc

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

int tfp_prepare_heap(size_t bytes) {
    // 32 MiB: glibc's largest mmap threshold on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX); larger
    // blocks (the columns of a 10M-row estimate) still get their own mapping and go back at free.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    // Keep freed memory at the top of the heap instead of returning it to the kernel.
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    if (bytes == 0) return 0;
    // The next growth of the heap asks for `bytes` more than it needs: one brk, advised below.
    mallopt(M_TOP_PAD, (int)(bytes > (1u << 30) ? (1u << 30) : bytes));
    // Larger than the free top of a young heap, so that this allocation grows it.
    void *probe = malloc(1 << 20);
    if (probe == NULL) return 0;
    const uintptr_t huge = 2u << 20;
    uintptr_t from = ((uintptr_t)probe + huge - 1) & ~(huge - 1);
    uintptr_t to = (uintptr_t)sbrk(0) & ~(huge - 1);
    free(probe);
    // Later growths use the default pad again (each a 4 KiB-page mapping, as before).
    mallopt(M_TOP_PAD, 128 << 10);
    if (to <= from) return 0;
    return madvise((void *)from, to - from, MADV_HUGEPAGE) == 0 ? 1 : 0;
}
#else
int tfp_prepare_heap(size_t bytes) {
    (void)bytes;
    return -1;
}
#endif
