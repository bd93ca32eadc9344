// R's standalone mathematics library (Debian: r-mathlib): the distribution functions
// of R itself (pt, qt, pnorm, qnorm, pchisq, pf), without an R installation.
#define MATHLIB_STANDALONE 1
#include <Rmath.h>
