// OpenBLAS CBLAS and the LAPACKE C interface (Debian: libopenblas-dev, liblapacke-dev).
// Not linked at start: the functions TFPKit calls are opened on first use (CLibraryLoader).
#include <cblas.h>
#include <lapacke.h>
