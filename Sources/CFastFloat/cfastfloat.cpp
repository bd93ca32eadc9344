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
