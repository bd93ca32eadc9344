// One pass over a piece of a CSV file before it is parsed (issue 14): its line ends give the line
// number the next piece starts at and a bound on its records, and a quote anywhere sends the file
// to the single-threaded scanner. Three memchr passes did this before (15 ms for 1M lines on one
// core: memchr returns at every LF); this loop compares 16 bytes at a time and counts in byte lanes.
#include "ctextscan.h"
#include <stdint.h>
#if defined(__x86_64__)
#include <immintrin.h>

// The same loop 32 bytes at a time, on a CPU with AVX2 (chosen at run time: the package is built for baseline x86-64).
__attribute__((target("avx2"))) static size_t count_avx2(const unsigned char *start, size_t length, size_t *position, unsigned *quote) {
    const __m256i lf = _mm256_set1_epi8('\n'), cr = _mm256_set1_epi8('\r'), dq = _mm256_set1_epi8('"'), zero = _mm256_setzero_si256();
    __m256i quotes = zero;
    size_t count = 0, i = 0;
    while (i + 33 <= length) {
        __m256i lanes = zero;
        size_t stop = i + 32 * 255;
        if (stop + 1 > length) stop = length - 1;
        for (; i + 32 <= stop; i += 32) {
            __m256i c = _mm256_loadu_si256((const __m256i *)(start + i));
            __m256i next = _mm256_loadu_si256((const __m256i *)(start + i + 1));
            __m256i bare = _mm256_andnot_si256(_mm256_cmpeq_epi8(next, lf), _mm256_cmpeq_epi8(c, cr));
            lanes = _mm256_add_epi8(lanes, _mm256_cmpeq_epi8(c, lf));
            lanes = _mm256_add_epi8(lanes, bare);
            quotes = _mm256_or_si256(quotes, _mm256_cmpeq_epi8(c, dq));
        }
        __m256i sums = _mm256_sad_epu8(_mm256_sub_epi8(zero, lanes), zero);
        count += (size_t)_mm256_extract_epi64(sums, 0) + (size_t)_mm256_extract_epi64(sums, 1) + (size_t)_mm256_extract_epi64(sums, 2) +
                 (size_t)_mm256_extract_epi64(sums, 3);
    }
    *quote = _mm256_movemask_epi8(quotes) != 0;
    *position = i;
    return count;
}
#endif

static size_t count_line_ends(const unsigned char *start, const unsigned char *end, int *has_quote, int avx2) {
    size_t count = 0, length = (size_t)(end - start), i = 0;
    unsigned quote = 0;
#if defined(__x86_64__)
    if (avx2) {
        count = count_avx2(start, length, &i, &quote);
        goto tail;
    }
#endif
#if defined(__SSE2__)
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), dq = _mm_set1_epi8('"'), zero = _mm_setzero_si128();
    __m128i quotes = zero;
    // Blocks of 16 bytes whose next byte is in range (a CR's successor is read from the same range).
    while (i + 17 <= length) {
        __m128i lanes = zero;  // per lane, minus the line ends seen (at most 255 blocks before a flush)
        size_t stop = i + 16 * 255;
        if (stop + 1 > length) stop = length - 1;
        for (; i + 16 <= stop; i += 16) {
            __m128i c = _mm_loadu_si128((const __m128i *)(start + i));
            __m128i next = _mm_loadu_si128((const __m128i *)(start + i + 1));
            __m128i bare = _mm_andnot_si128(_mm_cmpeq_epi8(next, lf), _mm_cmpeq_epi8(c, cr));
            lanes = _mm_add_epi8(lanes, _mm_cmpeq_epi8(c, lf));
            lanes = _mm_add_epi8(lanes, bare);
            quotes = _mm_or_si128(quotes, _mm_cmpeq_epi8(c, dq));
        }
        // Each lane holds -k as a byte: 256 - k summed by psadbw after negation.
        __m128i positive = _mm_sub_epi8(zero, lanes);
        __m128i sums = _mm_sad_epu8(positive, zero);
        count += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
    }
    quote = _mm_movemask_epi8(quotes) != 0;
#endif
#if defined(__x86_64__)
tail:
#endif
    for (; i < length; i++) {
        unsigned char c = start[i];
        count += c == '\n';
        count += c == '\r' && (i + 1 == length || start[i + 1] != '\n');
        quote |= c == '"';
    }
    *has_quote = quote ? 1 : 0;
    return count;
}

size_t tfp_count_line_ends(const unsigned char *start, const unsigned char *end, int *has_quote) {
#if defined(__x86_64__)
    return count_line_ends(start, end, has_quote, __builtin_cpu_supports("avx2"));
#else
    return count_line_ends(start, end, has_quote, 0);
#endif
}

size_t tfp_count_line_ends_baseline(const unsigned char *start, const unsigned char *end, int *has_quote) {
    return count_line_ends(start, end, has_quote, 0);
}
