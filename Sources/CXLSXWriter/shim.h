// libxlsxwriter (Debian: libxlsxwriter-dev): writes Office Open XML workbooks.
#include <xlsxwriter.h>
