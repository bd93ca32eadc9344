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
#include <cstring>
#if __has_include(<fmt/format.h>)
#define FMT_HEADER_ONLY
#include <fmt/format.h>
#define TFP_DRAGONBOX 1
#endif

// The shortest decimal digits of a finite non-negative `magnitude` and the exponent E of its
// scientific form (magnitude = d.ddd × 10^E); returns the number of digits (at most 17).
static int shortest_digits(double magnitude, char digits[20], int *exponent) {
    if (magnitude == 0) { digits[0] = '0'; *exponent = 0; return 1; }
#ifdef TFP_DRAGONBOX
    auto decimal = fmt::detail::dragonbox::to_decimal(magnitude);  // significand × 10^exponent, no trailing zero
    // The significand's digits written in place, two at a time from a table, from the last: fmt's
    // `format_int` wrote them into its own buffer and a copy of variable length (a memmove call per
    // number) moved them here, which took as long as Dragonbox itself (issue 14).
    static const char pairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    uint64_t rest = decimal.significand;
    const int count = fmt::detail::count_digits(rest);
    char *p = digits + count;
    while (rest >= 100) {
        p -= 2;
        std::memcpy(p, pairs + (rest % 100) * 2, 2);
        rest /= 100;
    }
    if (rest >= 10) {
        p -= 2;
        std::memcpy(p, pairs + rest * 2, 2);
    } else {
        *--p = char('0' + rest);
    }
    *exponent = decimal.exponent + count - 1;
    return count;
#else
    char sci[40];
    auto result = std::to_chars(sci, sci + sizeof sci, magnitude, std::chars_format::scientific);
    int length = int(result.ptr - sci), position = 0, count = 0;
    while (position < length && sci[position] != 'e') {
        if (sci[position] != '.') digits[count++] = sci[position];
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
    return count;
#endif
}

// Copies are of fixed sizes (inlined as a few moves, not calls with a length): `out` is scratch of
// TFP_FORMAT_SCRATCH bytes, of which the first `return value` are the text.
extern "C" int tfp_format_double(double value, char *out) {
    if (!std::isfinite(value)) return 0;
    int written = 0;
    if (std::signbit(value)) out[written++] = '-';
    const double magnitude = std::fabs(value);
    char digits[40];  // at most 17 digits; read 24 at a time
    int exponent = 0;
    const int count = shortest_digits(magnitude, digits, &exponent);
    if (magnitude != 0 && (magnitude < 1e-4 || magnitude > 9007199254740992.0)) {
        // "d.ddde±XX", at least two exponent digits: the text of std::to_chars' scientific form
        // and of Swift's exponential form.
        out[written++] = digits[0];
        if (count > 1) {
            out[written++] = '.';
            std::memcpy(out + written, digits + 1, 16);
            written += count - 1;
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
        std::memcpy(out + written, digits, 24);
        written += count;
    } else if (point < count) {
        std::memcpy(out + written, digits, 16);
        written += point;
        out[written++] = '.';
        std::memcpy(out + written, digits + point, 16);
        written += count - point;
    } else {
        std::memcpy(out + written, digits, 16);
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
