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
    char reversed[20];
    int count = 0;
    auto significand = decimal.significand;
    do { reversed[count++] = char('0' + significand % 10); significand /= 10; } while (significand > 0);
    for (int k = 0; k < count; k++) digits[k] = reversed[count - 1 - k];
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

extern "C" int tfp_format_double(double value, char *out) {
    if (!std::isfinite(value)) return 0;
    int written = 0;
    if (std::signbit(value)) out[written++] = '-';
    const double magnitude = std::fabs(value);
    char digits[20];
    int exponent = 0;
    const int count = shortest_digits(magnitude, digits, &exponent);
    if (magnitude != 0 && (magnitude < 1e-4 || magnitude > 9007199254740992.0)) {
        // "d.ddde±XX", at least two exponent digits: the text of std::to_chars' scientific form
        // and of Swift's exponential form.
        out[written++] = digits[0];
        if (count > 1) {
            out[written++] = '.';
            std::memcpy(out + written, digits + 1, count - 1);
            written += count - 1;
        }
        out[written++] = 'e';
        out[written++] = exponent < 0 ? '-' : '+';
        int e = exponent < 0 ? -exponent : exponent;
        if (e >= 100) { out[written++] = char('0' + e / 100); e %= 100; out[written++] = char('0' + e / 10); out[written++] = char('0' + e % 10); }
        else { out[written++] = char('0' + e / 10); out[written++] = char('0' + e % 10); }
        return written;
    }
    const int point = exponent + 1;  // digits before the decimal point
    if (point <= 0) {
        out[written++] = '0';
        out[written++] = '.';
        for (int k = 0; k < -point; k++) out[written++] = '0';
        std::memcpy(out + written, digits, count);
        written += count;
    } else if (point < count) {
        std::memcpy(out + written, digits, point);
        written += point;
        out[written++] = '.';
        std::memcpy(out + written, digits + point, count - point);
        written += count - point;
    } else {
        std::memcpy(out + written, digits, count);
        written += count;
        for (int k = count; k < point; k++) out[written++] = '0';
        out[written++] = '.';
        out[written++] = '0';
    }
    return written;
}
