/* story/model.c — reading, checking and applying the story model (see
 * model.h).  The parser walks the text line by line; the checksum line is
 * found first so that a damaged file is refused before any value is read. */
#include "story/model.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datadir.h"

/* A model file is a few hundred bytes; anything far larger is not one. */
#define MODEL_MAX_BYTES (1u << 20)

uint32_t ss_crc32(const void *buf, size_t len)
{
    const unsigned char *p = buf;
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

/* Parse one finite number from s, which must be all of it (spaces around). */
static int parse_num(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || !isfinite(v))
        return -1;
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end)
        return -1;
    *out = v;
    return 0;
}

static int feature_index(const char *name)
{
    for (int i = 0; i < SS_SF_COUNT; i++)
        if (strcmp(ss_sim_feature_names[i], name) == 0)
            return i;
    return -1;
}

void ss_story_model_release(ss_story_model *m)
{
    free(m->nodes);
    free(m->roots);
    m->nodes = NULL;
    m->roots = NULL;
    m->ntrees = m->nnodes = 0;
}

/* Room for one more node and (new_tree) one more root. */
static int grow(ss_story_model *m, uint32_t *cap_nodes, uint32_t *cap_roots, int new_tree)
{
    if (m->nnodes == *cap_nodes) {
        uint32_t cap = *cap_nodes ? *cap_nodes * 2 : 256;
        ss_story_node *v = realloc(m->nodes, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        m->nodes = v;
        *cap_nodes = cap;
    }
    if (new_tree && m->ntrees == *cap_roots) {
        uint32_t cap = *cap_roots ? *cap_roots * 2 : 64;
        uint32_t *v = realloc(m->roots, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        m->roots = v;
        *cap_roots = cap;
    }
    return SS_OK;
}

static int parse_body(const char *buf, size_t len, const char *name, ss_story_model *m, ss_error *err);

int ss_story_model_parse(const char *buf, size_t len, const char *name, ss_story_model *m, ss_error *err)
{
    memset(m, 0, sizeof *m);
    int rc = parse_body(buf, len, name, m, err);
    if (rc)
        ss_story_model_release(m);
    return rc;
}

static int parse_body(const char *buf, size_t len, const char *name, ss_story_model *m, ss_error *err)
{
    /* the checksum line is the last non-empty line */
    size_t end = len;
    while (end > 0 && (buf[end - 1] == '\n' || buf[end - 1] == '\r'))
        end--;
    size_t ls = end;
    while (ls > 0 && buf[ls - 1] != '\n')
        ls--;
    if (end - ls < 7 || memcmp(buf + ls, "crc32 ", 6) != 0)
        return ss_error_set(err, SS_EFORMAT, "%s: no crc32 line at the end (the file is truncated or damaged)", name);
    char hex[16];
    size_t hl = end - ls - 6;
    if (hl > 8 || hl == 0)
        return ss_error_set(err, SS_EFORMAT, "%s: bad crc32 line", name);
    memcpy(hex, buf + ls + 6, hl);
    hex[hl] = '\0';
    char *e;
    unsigned long want = strtoul(hex, &e, 16);
    if (*e)
        return ss_error_set(err, SS_EFORMAT, "%s: bad crc32 line", name);
    uint32_t got = ss_crc32(buf, ls);
    if (got != (uint32_t)want)
        return ss_error_set(err, SS_EFORMAT,
                            "%s: checksum mismatch (stored %08lx, computed %08x): the file is damaged", name,
                            want, got);
    int have_bias = 0, have_same = 0, have_thr = 0, have_hthr = 0, nfeat = 0;
    uint32_t cap_nodes = 0, cap_roots = 0;
    uint8_t linear[SS_SF_COUNT] = {0}; /* features given a weight so far */
    uint32_t tree_left = 0, tree_size = 0, tree_at = 0; /* nodes still to come in the open tree */
    size_t pos = 0;
    uint64_t lineno = 0;
    char line[1024];
    while (pos < ls) {
        const char *nl = memchr(buf + pos, '\n', ls - pos);
        size_t l = nl ? (size_t)(nl - (buf + pos)) : ls - pos;
        lineno++;
        if (l >= sizeof line)
            return ss_error_set_at(err, SS_EFORMAT, lineno, pos, "%s:%llu: line too long", name,
                                   (unsigned long long)lineno);
        memcpy(line, buf + pos, l);
        line[l] = '\0';
        if (l && line[l - 1] == '\r')
            line[--l] = '\0';
        size_t at = pos;
        pos = nl ? (size_t)(nl - buf) + 1 : ls;
        if (lineno == 1) {
            char magic[64];
            int ver;
            if (sscanf(line, "%63s %d", magic, &ver) != 2 || strcmp(magic, SS_STORY_MODEL_MAGIC) != 0)
                return ss_error_set_at(err, SS_EFORMAT, 1, 0, "%s:1: not a samestory story model", name);
            if (ver != SS_STORY_MODEL_VERSION)
                return ss_error_set_at(err, SS_EFORMAT, 1, 0,
                                       "%s:1: model version %d; this library reads version %d", name, ver,
                                       SS_STORY_MODEL_VERSION);
            continue;
        }
        if (!l || line[0] == '#')
            continue;
        char *sp = strchr(line, ' ');
        if (!sp)
            return ss_error_set_at(err, SS_EFORMAT, lineno, at, "%s:%llu: expected \"KEY VALUE\"", name,
                                   (unsigned long long)lineno);
        *sp = '\0';
        const char *key = line, *val = sp + 1;
        int bad = 0;
        int is_node = strcmp(key, "split") == 0 || strcmp(key, "leaf") == 0;
        if (tree_left && !is_node)
            return ss_error_set_at(err, SS_EFORMAT, lineno, at, "%s:%llu: the tree above has %u node(s) missing",
                                   name, (unsigned long long)lineno, tree_left);
        if (!tree_left && is_node)
            return ss_error_set_at(err, SS_EFORMAT, lineno, at, "%s:%llu: a node outside any tree", name,
                                   (unsigned long long)lineno);
        if (is_node) {
            if (grow(m, &cap_nodes, &cap_roots, 0))
                return ss_error_set(err, SS_ENOMEM, "%s: out of memory", name);
            ss_story_node *nd = &m->nodes[m->nnodes];
            uint32_t here = tree_size - tree_left; /* index within the tree */
            if (key[0] == 'l') {
                nd->feature = -1;
                nd->left = nd->right = 0;
                bad = parse_num(val, &nd->value);
            } else {
                char fname[64];
                unsigned long cl = 0, cr = 0;
                int n = 0;
                if (sscanf(val, "%63s %n", fname, &n) != 1)
                    bad = 1;
                int f = bad ? -1 : feature_index(fname);
                if (!bad && f < 0)
                    return ss_error_set_at(err, SS_EFORMAT, lineno, at, "%s:%llu: unknown feature \"%s\"", name,
                                           (unsigned long long)lineno, fname);
                char *e1, *e2;
                if (!bad) {
                    errno = 0;
                    nd->value = strtod(val + n, &e1);
                    cl = strtoul(e1, &e2, 10);
                    cr = e2 > e1 ? strtoul(e2, &e1, 10) : 0;
                    bad = errno || !isfinite(nd->value) || e2 == e1;
                    while (!bad && (*e1 == ' ' || *e1 == '\t'))
                        e1++;
                    bad = bad || *e1;
                }
                /* children come after their parent, inside the tree: no cycles */
                if (!bad && (cl <= here || cr <= here || cl >= tree_size || cr >= tree_size))
                    return ss_error_set_at(err, SS_EFORMAT, lineno, at,
                                           "%s:%llu: node %u's children (%lu, %lu) lie outside the tree of %u nodes "
                                           "after it",
                                           name, (unsigned long long)lineno, here, cl, cr, tree_size);
                if (!bad) {
                    nd->feature = f;
                    nd->left = tree_at + (uint32_t)cl;
                    nd->right = tree_at + (uint32_t)cr;
                    m->used[f] = 1;
                }
            }
            if (!bad) {
                m->nnodes++;
                tree_left--;
            }
        } else if (strcmp(key, "tree") == 0) {
            double n;
            bad = parse_num(val, &n) || n < 1 || n != floor(n) || n > SS_STORY_MODEL_MAX_NODES ||
                  m->nnodes + n > SS_STORY_MODEL_MAX_NODES || m->ntrees >= SS_STORY_MODEL_MAX_TREES;
            if (!bad) {
                if (grow(m, &cap_nodes, &cap_roots, 1))
                    return ss_error_set(err, SS_ENOMEM, "%s: out of memory", name);
                m->roots[m->ntrees++] = m->nnodes;
                tree_at = m->nnodes;
                tree_size = tree_left = (uint32_t)n;
            }
        } else if (strcmp(key, "link") == 0) {
            if (strcmp(val, "logistic") == 0)
                m->identity = 0;
            else if (strcmp(val, "identity") == 0)
                m->identity = 1;
            else
                bad = 1;
        } else if (strcmp(key, "data") == 0) {
            snprintf(m->data, sizeof m->data, "%s", val);
        } else if (strcmp(key, "command") == 0) {
            snprintf(m->command, sizeof m->command, "%s", val);
        } else if (strcmp(key, "feature") == 0) {
            char fname[64];
            int n = 0;
            if (sscanf(val, "%63s %n", fname, &n) != 1)
                bad = 1;
            int f = bad ? -1 : feature_index(fname);
            if (!bad && f < 0)
                return ss_error_set_at(err, SS_EFORMAT, lineno, at, "%s:%llu: unknown feature \"%s\"", name,
                                       (unsigned long long)lineno, fname);
            if (!bad && linear[f])
                return ss_error_set_at(err, SS_EFORMAT, lineno, at, "%s:%llu: feature \"%s\" given twice",
                                       name, (unsigned long long)lineno, fname);
            if (!bad && !(bad = parse_num(val + n, &m->w[f]))) {
                m->used[f] = linear[f] = 1;
                nfeat++;
            }
        } else if (strcmp(key, "bias") == 0) {
            bad = parse_num(val, &m->bias);
            have_bias = !bad;
        } else if (strcmp(key, "same") == 0) {
            char *e2;
            errno = 0;
            m->same_a = strtod(val, &e2);
            bad = e2 == val || errno || parse_num(e2, &m->same_b) || !isfinite(m->same_a) || m->same_a <= 0;
            have_same = !bad;
        } else if (strcmp(key, "threshold") == 0) {
            bad = parse_num(val, &m->threshold) || m->threshold < 0 || m->threshold > 1;
            have_thr = !bad;
        } else if (strcmp(key, "headline_threshold") == 0) {
            bad = parse_num(val, &m->headline_threshold) || m->headline_threshold < 0 ||
                  m->headline_threshold > 1;
            have_hthr = !bad;
        } else {
            return ss_error_set_at(err, SS_EFORMAT, lineno, at, "%s:%llu: unknown key \"%s\"", name,
                                   (unsigned long long)lineno, key);
        }
        if (bad)
            return ss_error_set_at(err, SS_EFORMAT, lineno, at, "%s:%llu: bad value for \"%s\"", name,
                                   (unsigned long long)lineno, key);
    }
    if (lineno == 0)
        return ss_error_set(err, SS_EFORMAT, "%s: empty model", name);
    if (tree_left)
        return ss_error_set(err, SS_EFORMAT, "%s: the last tree has %u node(s) missing", name, tree_left);
    const char *missing = !nfeat && !m->ntrees ? "feature\" or \"tree" : !have_bias ? "bias" : !have_same ? "same" : !have_thr ? "threshold"
                          : !have_hthr ? "headline_threshold" : NULL;
    if (missing)
        return ss_error_set(err, SS_EFORMAT, "%s: no \"%s\" line", name, missing);
    return SS_OK;
}

int ss_story_model_load(const char *path, ss_story_model *m, ss_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ss_error_set(err, SS_EIO, "%s: cannot open: %s", path, strerror(errno));
    char *buf = malloc(MODEL_MAX_BYTES + 1);
    if (!buf) {
        fclose(f);
        return ss_error_set(err, SS_ENOMEM, "%s: out of memory", path);
    }
    size_t n = fread(buf, 1, MODEL_MAX_BYTES + 1, f);
    int rd = ferror(f);
    fclose(f);
    int rc;
    if (rd)
        rc = ss_error_set(err, SS_EIO, "%s: read error", path);
    else if (n > MODEL_MAX_BYTES)
        rc = ss_error_set(err, SS_EFORMAT, "%s: over %u bytes: not a story model", path, MODEL_MAX_BYTES);
    else
        rc = ss_story_model_parse(buf, n, path, m, err);
    free(buf);
    return rc;
}

static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static ss_story_model default_model;
static ss_error default_err;
static int default_ok;

static void load_default(void)
{
    ss_error_clear(&default_err);
    const char *env = getenv(SS_STORY_MODEL_ENV);
    char path[4096];
    if (env && env[0]) {
        default_ok = ss_story_model_load(env, &default_model, &default_err) == SS_OK;
        return;
    }
    if (ss_data_path(SS_STORY_MODEL_FILE, path, sizeof path, &default_err))
        return;
    default_ok = ss_story_model_load(path, &default_model, &default_err) == SS_OK;
}

const ss_story_model *ss_story_model_default(ss_error *err)
{
    pthread_once(&default_once, load_default);
    if (default_ok)
        return &default_model;
    if (err)
        *err = default_err;
    return NULL;
}

static double sigmoid(double z) { return 1.0 / (1.0 + exp(-z)); }

void ss_story_model_apply(const ss_story_model *m, const double x[SS_SF_COUNT], double *story, double *p_same)
{
    double z = m->bias;
    for (int i = 0; i < SS_SF_COUNT; i++)
        z += m->w[i] * x[i];
    for (uint32_t t = 0; t < m->ntrees; t++) {
        const ss_story_node *nd = &m->nodes[m->roots[t]];
        while (nd->feature >= 0)  /* children lie after parents: this ends */
            nd = &m->nodes[(double)(float)x[nd->feature] <= nd->value ? nd->left : nd->right];
        z += nd->value;
    }
    *story = m->identity ? (z < 0 ? 0 : z > 1 ? 1 : z) : sigmoid(z);
    *p_same = sigmoid(m->same_a * z + m->same_b);
}
