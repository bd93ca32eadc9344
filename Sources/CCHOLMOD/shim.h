// CHOLMOD sparse Cholesky from SuiteSparse (Debian: libsuitesparse-dev).
#include <suitesparse/cholmod.h>
