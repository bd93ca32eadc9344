#ifndef CTEXTSCAN_H
#define CTEXTSCAN_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The line ends in [start, end) as the CSV scanner counts them: every LF, and every CR not followed
/// by an LF (a bare CR; a CR as the last byte counts as bare), in one pass over the bytes, 16 at a
/// time. `*has_quote` is set to 1 when the range holds a double quote, else 0.
size_t tfp_count_line_ends(const unsigned char *start, const unsigned char *end, int *has_quote);

/// The same count without AVX2 (SSE2 on x86-64, bytes elsewhere): so that tests run the path a
/// CPU without AVX2 takes.
size_t tfp_count_line_ends_baseline(const unsigned char *start, const unsigned char *end, int *has_quote);

#ifdef __cplusplus
}
#endif

#endif
