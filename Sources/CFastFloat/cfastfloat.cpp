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

// Shortest round-trip formatting (issue 14): std::to_chars (C++17, Ryu in libstdc++ 11+) gives
// the shortest digits that read back to the same double; they are laid out as Swift's
// `Double.description` lays them out, so machine outputs keep their bytes: decimal notation
// for 1e-4 <= |v| <= 2^53 ("0.0003", "100.0", "9007199254740992.0"), exponential otherwise
// ("1e-05", "1e+16"). Tested against `description` (DataIOTests, ShortestFormatTests).
#include <charconv>
#include <cmath>
#include <cstring>

extern "C" int tfp_format_double(double value, char *out) {
    if (!std::isfinite(value)) return 0;
    char sci[40];
    auto result = std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific);
    if (result.ec != std::errc()) return 0;
    int length = int(result.ptr - sci);
    const double magnitude = std::fabs(value);
    if (magnitude != 0 && (magnitude < 1e-4 || magnitude > 9007199254740992.0)) {
        std::memcpy(out, sci, length);  // "d.ddde±XX": the same text as Swift's exponential form
        return length;
    }
    // Split "-d.ddde±XX" into sign, digits and the exponent E (value = d.ddd × 10^E).
    int position = 0, written = 0;
    if (sci[0] == '-') { out[written++] = '-'; position = 1; }
    char digits[20];
    int count = 0;
    while (position < length && sci[position] != 'e') {
        if (sci[position] != '.') digits[count++] = sci[position];
        position++;
    }
    int exponent = 0;
    bool negative = false;
    if (position < length) {
        position++;
        if (sci[position] == '-') negative = true;
        position++;
        while (position < length) exponent = exponent * 10 + (sci[position++] - '0');
    }
    if (negative) exponent = -exponent;
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
