// A C entry point to fast_float (header-only C++, Debian libfast-float-dev), so that
// Swift parses decimal numbers without glibc strtod's multi-precision slow path.
#include "cfastfloat.h"
#include <fast_float/fast_float.h>

extern "C" int tfp_parse_double(const char *first, const char *last, double *value) {
    auto result = fast_float::from_chars(first, last, *value);
    return result.ec == std::errc() && result.ptr == last ? 1 : 0;
}

extern "C" const char *tfp_parse_double_prefix(const char *first, const char *last, double *value) {
    auto result = fast_float::from_chars(first, last, *value);
    return result.ec == std::errc() ? result.ptr : nullptr;
}

// Shortest round-trip formatting (issue 14): the shortest digits that read back to the same
// double, laid out as Swift's `Double.description` lays them out, so machine outputs keep their
// bytes: decimal notation for 1e-4 <= |v| <= 2^53 ("0.0003", "100.0", "9007199254740992.0"),
// exponential otherwise ("1e-05", "1e+16"). Tested against `description` (DataIOTests,
// ShortestFormatTests: 1.6M values and every layout boundary).
// The digits come from Dragonbox (Jeon 2020) as the fmt library (Debian libfmt-dev) ships it,
// ~26 ns a value here; without fmt, from std::to_chars (libstdc++'s Ryu, ~80 ns a value).
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#if __has_include(<fmt/format.h>)
#define FMT_HEADER_ONLY
#include <fmt/format.h>
#define TFP_DRAGONBOX 1
#endif

static const char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Exactly eight decimal digits of `v` (< 10^8), leading zeros included, at `p`: four pairs from the
// table with 32-bit arithmetic.
static inline void write_eight(char *p, uint32_t v) {
    const uint32_t high = v / 10000, low = v % 10000;
    std::memcpy(p, digit_pairs + (high / 100) * 2, 2);
    std::memcpy(p + 2, digit_pairs + (high % 100) * 2, 2);
    std::memcpy(p + 4, digit_pairs + (low / 100) * 2, 2);
    std::memcpy(p + 6, digit_pairs + (low % 100) * 2, 2);
}

// The `count` decimal digits of `s` (which has exactly that many, at most 17) at p[0 ..< count],
// written in place: eight at a time from the right, then the rest in pairs.
static inline void write_digits(char *p, uint64_t s, int count) {
    while (count > 8) {
        write_eight(p + count - 8, uint32_t(s % 100000000u));
        s /= 100000000u;
        count -= 8;
    }
    uint32_t v = uint32_t(s);
    char *q = p + count;
    while (v >= 100) {
        q -= 2;
        std::memcpy(q, digit_pairs + (v % 100) * 2, 2);
        v /= 100;
    }
    if (v >= 10) {
        q -= 2;
        std::memcpy(q, digit_pairs + v * 2, 2);
    } else {
        *--q = char('0' + v);
    }
}

// The shortest decimal significand of a finite non-negative `magnitude` (its `count` digits, at
// most 17) and the exponent E of its scientific form (magnitude = d.ddd × 10^E).
static uint64_t shortest_decimal(double magnitude, int *count, int *exponent) {
    if (magnitude == 0) { *count = 1; *exponent = 0; return 0; }
#ifdef TFP_DRAGONBOX
    auto decimal = fmt::detail::dragonbox::to_decimal(magnitude);  // significand × 10^exponent, no trailing zero
    *count = fmt::detail::count_digits(decimal.significand);
    *exponent = decimal.exponent + *count - 1;
    return decimal.significand;
#else
    char sci[40];
    auto result = std::to_chars(sci, sci + sizeof sci, magnitude, std::chars_format::scientific);
    int length = int(result.ptr - sci), position = 0;
    uint64_t significand = 0;
    *count = 0;
    while (position < length && sci[position] != 'e') {
        if (sci[position] != '.') { significand = significand * 10 + uint64_t(sci[position] - '0'); ++*count; }
        position++;
    }
    int e = 0;
    bool negative = false;
    if (position < length) {
        position++;
        if (sci[position] == '-') negative = true;
        position++;
        while (position < length) e = e * 10 + (sci[position++] - '0');
    }
    *exponent = negative ? -e : e;
    return significand;
#endif
}

// The digits are written straight into `out` where they belong (a copy through a buffer of digits
// stalled on store-to-load forwarding, and took as long as Dragonbox; issue 14). `out` is scratch of
// TFP_FORMAT_SCRATCH bytes, of which the first `return value` are the text.
extern "C" int tfp_format_double(double value, char *out) {
    if (!std::isfinite(value)) return 0;
    int written = 0;
    if (std::signbit(value)) out[written++] = '-';
    const double magnitude = std::fabs(value);
    int count = 0, exponent = 0;
    const uint64_t significand = shortest_decimal(magnitude, &count, &exponent);
    if (magnitude != 0 && (magnitude < 1e-4 || magnitude > 9007199254740992.0)) {
        // "d.ddde±XX", at least two exponent digits: the text of std::to_chars' scientific form
        // and of Swift's exponential form. The digits go one byte to the right, the first moves back.
        write_digits(out + written + 1, significand, count);
        out[written] = out[written + 1];
        if (count > 1) {
            out[written + 1] = '.';
            written += count + 1;
        } else {
            written += 1;
        }
        out[written++] = 'e';
        out[written++] = exponent < 0 ? '-' : '+';
        int e = exponent < 0 ? -exponent : exponent;
        if (e >= 100) { out[written++] = char('0' + e / 100); e %= 100; }
        out[written++] = char('0' + e / 10);
        out[written++] = char('0' + e % 10);
        return written;
    }
    const int point = exponent + 1;  // digits before the decimal point: -3 ... 16 here
    if (point <= 0) {
        std::memcpy(out + written, "0.000", 5);
        written += 2 - point;
        write_digits(out + written, significand, count);
        written += count;
    } else if (point < count) {
        // The integer digits move one byte back to make room for the point.
        write_digits(out + written + 1, significand, count);
        for (int i = 0; i < point; i++) out[written + i] = out[written + 1 + i];
        out[written + point] = '.';
        written += count + 1;
    } else {
        write_digits(out + written, significand, count);
        written += count;
        std::memcpy(out + written, "0000000000000000", 16);
        written += point - count;
        out[written++] = '.';
        out[written++] = '0';
    }
    return written;
}

// `value` with `digits` decimals, exactly as printf("%.*f") writes it in the C locale (std::to_chars
// with a precision is specified so), without Foundation's String(format:) and its locale lookup
// per call (issue 14: people's number texts in notes and tables). `out` must have 400 bytes.
extern "C" int tfp_format_fixed(double value, int digits, char *out) {
    if (!std::isfinite(value) || digits < 0 || digits > 40) return 0;
    auto result = std::to_chars(out, out + 400, value, std::chars_format::fixed, digits);
    return result.ec == std::errc() ? int(result.ptr - out) : 0;
}
