// libxlsxwriter (Debian: libxlsxwriter-dev): writes Office Open XML workbooks.
// Not linked at start: the functions TFPKit calls are opened on first use (CLibraryLoader).
#include <xlsxwriter.h>
