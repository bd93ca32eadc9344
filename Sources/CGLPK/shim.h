// GNU Linear Programming Kit (Debian: libglpk-dev), for data envelopment analysis.
#include <glpk.h>
