// Opens OpenBLAS, LAPACKE, CHOLMOD, GLPK and libxlsxwriter when a command first calls them,
// instead of at process start (issue 14). Loading and relocating them took ~9 ms of every
// process (a C program that only links them: 0.7 -> 9 ms), most of it OpenBLAS binding its
// 12,000 symbols and starting its threads; `tfp productivity`, `check` or `--help` never call
// them. The functions themselves are generated wrappers (scripts/generate_library_loader.py).
#include "library_loader.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t loading = PTHREAD_MUTEX_INITIALIZER;

static const char *package_of(const char *label) {
    switch (label[0]) {
    case 'b': return "libopenblas-dev";
    case 'l': return "liblapacke-dev";
    case 'c': return "libsuitesparse-dev";
    case 'g': return "libglpk-dev";
    default: return "libxlsxwriter-dev";
    }
}

static void load(struct tfp_library *library) {
    void *handle = NULL;
    const char *error = "no soname";
    for (const char *const *soname = library->sonames; *soname != NULL && handle == NULL; soname++) {
        handle = dlopen(*soname, RTLD_NOW | RTLD_LOCAL);
        if (handle == NULL) error = dlerror();
    }
    if (handle == NULL) {
        fprintf(stderr, "error: cannot load the %s library (%s); install it: apt-get install -y %s\n", library->label, error,
                package_of(library->label));
        exit(2);
    }
    for (int i = 0; library->names[i] != NULL; i++) {
        library->table[i] = dlsym(handle, library->names[i]);
        if (library->table[i] == NULL) {
            fprintf(stderr, "error: the %s library has no function %s; install a current one: apt-get install -y %s\n",
                    library->label, library->names[i], package_of(library->label));
            exit(2);
        }
    }
}

void *tfp_library_symbol(struct tfp_library *library, int index) {
    if (!atomic_load_explicit(&library->loaded, memory_order_acquire)) {
        pthread_mutex_lock(&loading);
        if (!atomic_load_explicit(&library->loaded, memory_order_relaxed)) {
            load(library);
            atomic_store_explicit(&library->loaded, 1, memory_order_release);
        }
        pthread_mutex_unlock(&loading);
    }
    return library->table[index];
}
