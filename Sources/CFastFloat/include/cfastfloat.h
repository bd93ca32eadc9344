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

/// Parses the longest decimal number at the start of [first, last) into *value; returns
/// the end of the number, or NULL when there is none (the fused CSV path checks that a
/// delimiter or a line end follows).
const char *tfp_parse_double_prefix(const char *first, const char *last, double *value);

/// Writes the shortest text that reads back as `value`, laid out as Swift's
/// `Double.description` (no terminator) into `out`, which must have TFP_FORMAT_SCRATCH bytes
/// (the text is at most 24 of them; the rest is scratch); returns its length, 0 when
/// `value` is not finite.
/// `value` with `digits` (0...40) decimals as printf("%.*f") writes it in the C locale, into `out`
/// (TFP_FIXED_CAPACITY bytes, no terminator); returns its length, 0 when not finite.
#define TFP_FIXED_CAPACITY 400
int tfp_format_fixed(double value, int digits, char *out);

#define TFP_FORMAT_SCRATCH 48
int tfp_format_double(double value, char *out);

#ifdef __cplusplus
}
#endif

#endif
