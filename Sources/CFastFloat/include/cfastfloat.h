#ifndef CFASTFLOAT_H
#define CFASTFLOAT_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Parses the decimal number in [first, last) into *value with fast_float
/// (Lemire's Eisel–Lemire algorithm, correctly rounded; Debian libfast-float-dev).
/// Returns 1 when the whole range is one number, 0 otherwise.
int tfp_parse_double(const char *first, const char *last, double *value);

#ifdef __cplusplus
}
#endif

#endif
