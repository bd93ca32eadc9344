// GNU Linear Programming Kit (Debian: libglpk-dev), for data envelopment analysis.
// Not linked at start: the functions TFPKit calls are opened on first use (CLibraryLoader).
#include <glpk.h>
