/* core/datadir.c — data-file lookup (see datadir.h for the order).
 *
 * Design: the list of folders is computed on each lookup (lookups happen a
 * few times per run, when lists are loaded), so there is no cache to keep
 * in step with the environment.  The running module — libsamestory.so, or
 * the program the static library is linked into — is found with dladdr1 on
 * an object of this file: its link map names the shared library, and the
 * main program has an empty name, for which /proc/self/exe gives the path.
 */
#include "core/datadir.h"

#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ss_paths.h" /* generated: SS_DATADIR, SS_BIN_TO_DATA, SS_LIB_TO_DATA, SS_TREE, SS_TREE_BUILD */

#define MAX_DIRS 4 /* tree data, tree build data, relative to the module, compiled in */

static char set_dir[SS_DATA_DIR_MAX];
static const char anchor = 0; /* an object of this module, for dladdr1 */

int ss_data_dir_set(const char *dir, ss_error *err)
{
    if (!dir)
        dir = "";
    size_t n = strlen(dir);
    if (n >= sizeof set_dir)
        return ss_error_set(err, SS_EINVAL, "data folder: %zu bytes long, at most %zu allowed", n,
                            sizeof set_dir - 1);
    memcpy(set_dir, dir, n + 1);
    return SS_OK;
}

/* The folder of the file the running library code was loaded from, into
 * out; *is_lib tells whether it is the shared library (else the program).
 * 0, or -1 when it cannot be found. */
static int module_dir(char *out, size_t cap, int *is_lib)
{
    Dl_info info;
    struct link_map *lm = NULL;
    char path[PATH_MAX];
    *is_lib = 0;
    if (dladdr1(&anchor, &info, (void **)&lm, RTLD_DL_LINKMAP) && lm && lm->l_name &&
        lm->l_name[0]) {
        if (!realpath(lm->l_name, path))
            return -1;
        *is_lib = 1;
    } else {
        ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
        if (n <= 0)
            return -1;
        path[n] = '\0';
    }
    char *slash = strrchr(path, '/');
    if (!slash || (size_t)(slash - path) >= cap)
        return -1;
    size_t len = (size_t)(slash - path);
    if (len == 0) /* a program in / */
        len = 1;
    memcpy(out, path, len);
    out[len] = '\0';
    return 0;
}

static int under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* The folders to search, in order, into dirs[MAX_DIRS][SS_DATA_DIR_MAX];
 * returns how many. */
static int search_dirs(char dirs[MAX_DIRS][SS_DATA_DIR_MAX])
{
    const char *env = getenv("SAMESTORY_DATA");
    if (set_dir[0] || (env && env[0])) {
        snprintf(dirs[0], SS_DATA_DIR_MAX, "%s", set_dir[0] ? set_dir : env);
        return 1;
    }
    int n = 0;
    char mod[SS_DATA_DIR_MAX];
    int is_lib;
    if (module_dir(mod, sizeof mod, &is_lib) == 0) {
        if (under(mod, SS_TREE)) {
            snprintf(dirs[n++], SS_DATA_DIR_MAX, "%s/data", SS_TREE);
            snprintf(dirs[n++], SS_DATA_DIR_MAX, "%s/data", SS_TREE_BUILD);
        }
        int w = snprintf(dirs[n], SS_DATA_DIR_MAX, "%s/%s", mod,
                         is_lib ? SS_LIB_TO_DATA : SS_BIN_TO_DATA);
        if (w > 0 && w < SS_DATA_DIR_MAX) {
            /* bin/../share/samestory said as share/samestory, when it exists */
            char real[PATH_MAX];
            if (realpath(dirs[n], real) && strlen(real) < SS_DATA_DIR_MAX)
                memcpy(dirs[n], real, strlen(real) + 1);
            /* the same folder as the compiled-in one: list it once */
            if (strcmp(dirs[n], SS_DATADIR) != 0)
                n++;
        }
    }
    snprintf(dirs[n++], SS_DATA_DIR_MAX, "%s", SS_DATADIR);
    return n;
}

const char *ss_data_dirs(char *out, size_t cap)
{
    char dirs[MAX_DIRS][SS_DATA_DIR_MAX];
    int n = search_dirs(dirs);
    size_t len = 0;
    if (cap)
        out[0] = '\0';
    for (int i = 0; i < n && len < cap; i++) {
        int w = snprintf(out + len, cap - len, "%s%s", i ? ", " : "", dirs[i]);
        if (w < 0)
            break;
        len += (size_t)w;
    }
    return out;
}

int ss_data_path(const char *name, char *out, size_t cap, ss_error *err)
{
    char dirs[MAX_DIRS][SS_DATA_DIR_MAX];
    int n = search_dirs(dirs);
    for (int i = 0; i < n; i++) {
        int w = snprintf(out, cap, "%s/%s", dirs[i], name);
        if (w > 0 && (size_t)w < cap && access(out, R_OK) == 0)
            return SS_OK;
    }
    char list[MAX_DIRS * (SS_DATA_DIR_MAX + 2)];
    ss_data_dirs(list, sizeof list);
    const char *how = set_dir[0] ? " (the folder set by ss_data_dir_set)"
                      : n == 1 && getenv("SAMESTORY_DATA") ? " (the folder $SAMESTORY_DATA names)"
                                                           : "";
    return ss_error_set(err, SS_ENODATA, "data file %s not found in %s%s", name, list, how);
}
