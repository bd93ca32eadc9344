// CHOLMOD sparse Cholesky from SuiteSparse (Debian: libsuitesparse-dev).
// Not linked at start: the functions TFPKit calls are opened on first use (CLibraryLoader).
#include <suitesparse/cholmod.h>
