#ifndef TFP_LIBRARY_LOADER_H
#define TFP_LIBRARY_LOADER_H
#include <pthread.h>
#include <stdatomic.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A shared library opened on first use (issue 14): its sonames, tried in order, and the
/// functions TFPKit calls, resolved together into `table` the first time one is called.
struct tfp_library {
    const char *label;
    const char *const *sonames;
    const char *const *names;
    void **table;
    atomic_int loaded;
};

/// The address of function `index` of `library`, opening and resolving the library on the
/// first call from any thread. A library or function that cannot be found ends the process
/// with a message naming the Debian package to install and exit code 2.
void *tfp_library_symbol(struct tfp_library *library, int index);

#ifdef __cplusplus
}
#endif

#endif
