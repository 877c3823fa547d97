/* The CBOR decoder's shared parts (decodex.h): typed items, maps with
 * their known keys and unknown entries, attribute maps. */
#include "decodex.h"
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Re-raise the last error (from a setter, which knows no offsets) with the
 * offset of the item that caused it. */
int wp__dec_fail_with(int code, size_t at, const char *what)
{
    char msg[400];
    if (code == WP_ENOMEM)
        return code; /* "out of memory" says all */
    snprintf(msg, sizeof msg, "%s", wp_error_last()->message);
    return wp__err_at(code == WP_ENOMEM ? WP_ENOMEM : code == WP_EUTF8 ? WP_EUTF8 : WP_EFORMAT,
                      at, 0, 0, "%s at byte %zu: %s", what, at, msg);
}

int wp__dec_bad_type(const wp__citem *it, const char *what, const char *expected)
{
    return wp__err_at(WP_EFORMAT, it->offset, 0, 0, "%s at byte %zu: expected %s, found %s",
                      what, it->offset, expected, wp__ctype_name(it->type));
}

/* A text string, validated and copied into the plan's arena. */
int wp__dec_read_text(dec *d, char **out, const char *what)
{
    wp__citem it;
    char *s;
    int rc = wp__dec_next(d, &it, WP__C_TEXT, what);
    size_t body = wp__dec_here(d) - it.len;
    if (rc < 0)
        return rc;
    if (memchr(it.ptr, 0, it.len) != NULL) {
        size_t at = body + (size_t)((const uint8_t *)memchr(it.ptr, 0, it.len) - it.ptr);
        return wp__err_at(WP_EFORMAT, at, 0, 0, "%s at byte %zu: text contains a NUL character",
                          what, at);
    }
    if (wp__check_utf8((const char *)it.ptr, it.len, what) < 0) {
        size_t at = body + wp_error_last()->offset;
        return wp__err_at(WP_EUTF8, at, 0, 0, "%s: invalid UTF-8 at byte %zu", what, at);
    }
    if ((s = wp__arena_alloc_bytes(&d->plan->arena, it.len + 1)) == NULL)
        return wp__err_nomem();
    memcpy(s, it.ptr, it.len);
    s[it.len] = '\0';
    *out = s;
    return 0;
}

int wp__dec_read_date(dec *d, wp_date *out, const char *what)
{
    uint64_t v;
    size_t at = wp__dec_here(d);
    int rc = wp__dec_read_uint(d, &v, 99991231, what);
    if (rc < 0)
        return rc;
    if (!wp_date_valid((wp_date)v))
        return wp__err_at(WP_EFORMAT, at, 0, 0, "%s at byte %zu: %llu is not a YYYYMMDD date",
                          what, at, (unsigned long long)v);
    *out = (wp_date)v;
    return 0;
}

int wp__dec_read_number(dec *d, double *out, const char *what)
{
    wp__citem it;
    int rc = wp__dec_rnext(d->r, &it);
    if (rc < 0)
        return rc;
    switch (it.type) {
    case WP__C_UINT: *out = (double)it.u; break;
    case WP__C_NEGINT: *out = -1.0 - (double)it.u; break;
    case WP__C_FLOAT: *out = it.f; break;
    default: return wp__dec_bad_type(&it, what, "a number");
    }
    if (!isfinite(*out))
        return wp__err_at(WP_EFORMAT, it.offset, 0, 0, "%s at byte %zu: not a finite number",
                          what, it.offset);
    return 0;
}

int wp__dec_read_bool(dec *d, bool *out, const char *what)
{
    wp__citem it;
    int rc = wp__dec_next(d, &it, WP__C_BOOL, what);
    if (rc == 0)
        *out = it.u != 0;
    return rc;
}

/* An array head: a level of nesting until wp__dec_close_array(). */
int wp__dec_read_array(dec *d, uint64_t *n, const char *what)
{
    wp__citem it;
    size_t at = wp__dec_here(d);
    int rc = wp__dec_next(d, &it, WP__C_ARRAY, what);
    if (rc == 0 && (rc = wp__dec_enter(d, at, what)) == 0)
        *n = it.u;
    return rc;
}

/* An array of values, each read by `one`; `pos` (if not NULL) tells where
 * to read from (a deferred part) and the reader comes back afterwards. */
int wp__dec_read_list(dec *d, wp_node *node, int (*one)(dec *, wp_node *), const char *what)
{
    uint64_t n = 0;
    int rc = wp__dec_read_array(d, &n, what);
    for (uint64_t i = 0; rc == 0 && i < n; i++)
        rc = one(d, node);
    if (rc == 0)
        wp__dec_close_array(d);
    return rc;
}

/* ---- maps: known keys, duplicates and extras ------------------------------- */

int wp__xlist_push(wp__xlist *l, wp__xentry e)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 4;
        void *p = wp__realloc(l->e, cap * sizeof *l->e);
        if (p == NULL)
            return wp__err_nomem();
        l->e = p;
        l->cap = cap;
    }
    l->e[l->n++] = e;
    return 0;
}

int wp__dec_remember_unknown(map_state *m, size_t start, size_t keyend, size_t end)
{
    return wp__xlist_push(&m->unk, (wp__xentry){start, keyend - start, end - start});
}

static int cmp_key(const uint8_t *data, const wp__xentry *a, const wp__xentry *b)
{
    size_t n = a->keylen < b->keylen ? a->keylen : b->keylen;
    int c = memcmp(data + a->start, data + b->start, n);
    return c ? c : (a->keylen > b->keylen) - (a->keylen < b->keylen);
}

/* Sort the entries by encoded key: a stable merge sort, O(n log n) for
 * any order (an insertion sort here was quadratic on shuffled unknown
 * members: 60k of them in 0.36 MB of CBOR or 80k in 1 MB of JSON took
 * seconds). */
static int entry_cmp(const void *a, const void *b, void *data)
{
    return cmp_key(data, a, b);
}

static int sort_entries(const uint8_t *data, wp__xentry *e, uint32_t n)
{
    return wp__msort(e, n, sizeof *e, entry_cmp, (void *)data);
}

/* A key by its value: an integer's or a string's, whatever its head's
 * length (18 30 and 19 00 30 are both 48). Other keys (arrays, maps, tags,
 * floats, simple values) compare by their bytes, as before. */
typedef struct vkey {
    unsigned type; /* wp__ctype; WP__C_INDEF: "by bytes", left out */
    uint64_t u;
    const uint8_t *ptr;
    size_t len, at;
} vkey;

static int vkey_cmp(const void *a, const void *b, void *unused)
{
    const vkey *x = a, *y = b;
    (void)unused;
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    if (x->type == WP__C_TEXT || x->type == WP__C_BYTES) {
        int c;
        if (x->len != y->len)
            return x->len < y->len ? -1 : 1;
        c = memcmp(x->ptr, y->ptr, x->len);
        return c;
    }
    return (x->u > y->u) - (x->u < y->u);
}

/* Two keys of one value written in two ways: a map with a repeated key,
 * which RFC 8949 calls invalid and other decoders would collapse. */
static int same_value_keys(const uint8_t *data, const wp__xentry *e, uint32_t n, size_t base,
                           const char *what)
{
    vkey *k;
    uint32_t m = 0;
    int rc = 0;
    if ((k = wp__malloc((size_t)n * sizeof *k)) == NULL)
        return wp__err_nomem();
    for (uint32_t i = 0; i < n; i++) {
        wp__reader r = {data, e[i].start + e[i].keylen, e[i].start, 0, false};
        wp__citem it;
        if (wp__r_next(&r, &it) < 0 ||
            (it.type != WP__C_UINT && it.type != WP__C_NEGINT && it.type != WP__C_TEXT &&
             it.type != WP__C_BYTES))
            continue; /* compared by bytes above */
        k[m++] = (vkey){(unsigned)it.type, it.u, it.ptr, it.len, e[i].start};
    }
    if ((rc = wp__msort(k, m, sizeof *k, vkey_cmp, NULL)) == 0) {
        for (uint32_t i = 1; i < m; i++)
            if (vkey_cmp(&k[i - 1], &k[i], NULL) == 0) {
                size_t a = k[i - 1].at < k[i].at ? k[i - 1].at : k[i].at;
                size_t b = k[i - 1].at < k[i].at ? k[i].at : k[i - 1].at;
                rc = base == WP__NO_BASE
                         ? wp__err(WP_EFORMAT, "%s: duplicate key (one key written with two heads)", what)
                         : wp__err_at(WP_EFORMAT, base + b, 0, 0,
                                      "%s at byte %zu: duplicate key (the key at byte %zu, written "
                                      "with another head)", what, base + b, base + a);
                break;
            }
    }
    wp__free(k);
    return rc;
}

int wp__extra_build(wp__arena *arena, const uint8_t *data, wp__xentry *e, uint32_t n,
                    wp__extra *out, size_t base, const char *what)
{
    size_t total = 0;
    uint8_t *p;
    int rc = sort_entries(data, e, n);
    if (rc < 0)
        return rc;
    for (uint32_t i = 1; i < n; i++)
        if (cmp_key(data, &e[i - 1], &e[i]) == 0)
            return base == WP__NO_BASE
                       ? wp__err(WP_EFORMAT, "%s: duplicate key", what)
                       : wp__err_at(WP_EFORMAT, base + e[i].start, 0, 0,
                                    "%s at byte %zu: duplicate key", what, base + e[i].start);
    if (n > 1 && (rc = same_value_keys(data, e, n, base, what)) < 0)
        return rc;
    for (uint32_t i = 0; i < n; i++)
        total += e[i].len;
    if (total > UINT32_MAX)
        return wp__err(WP_ELIMIT, "%s: unknown entries too large", what);
    if (total == 0)
        return 0;
    if ((p = wp__arena_alloc(arena, total)) == NULL)
        return wp__err_nomem();
    out->data = p;
    out->len = (uint32_t)total;
    out->count = n;
    for (uint32_t i = 0; i < n; i++) {
        memcpy(p, data + e[i].start, e[i].len);
        p += e[i].len;
    }
    return 0;
}

/* Finish a map: sort its unknown entries by encoded key into `extra`. */
int wp__dec_close_map(map_state *m, wp__extra *extra)
{
    dec *d = m->d;
    int rc;
    d->depth--;
    rc = wp__extra_build(&d->plan->arena, d->r->data, m->unk.e, m->unk.n, extra, d->r->base,
                         m->what);
    wp__free(m->unk.e);
    m->unk.e = NULL;
    return rc;
}

/* Finish a node's map (or its deadline's): unknown entries go to the
 * node's side record, which is created only when there are some. */
int wp__dec_close_node_map(map_state *m, wp_node *node, bool deadline)
{
    wp__extra x = {NULL, 0, 0};
    int rc = wp__dec_close_map(m, &x);
    if (rc == 0)
        rc = deadline ? wp__node_adopt_deadline_extra(node, &x) : wp__node_adopt_extra(node, &x);
    return rc;
}

int wp__dec_require(map_state *m, unsigned key, const char *name)
{
    if (!(m->seen & (1ull << key)))
        return wp__err_at(WP_EFORMAT, m->at, 0, 0, "%s at byte %zu: required key %u (%s) is missing",
                          m->what, m->at, key, name);
    return 0;
}

/* ---- attribute maps ---- */
/* One attribute as read: set once all are read, in key order. */
typedef struct attr_in {
    char *key;
    wp_value value;
    size_t at; /* offset of the key */
} attr_in;

/* Sort by key, stably (of two entries with one key, the later in the
 * input comes second): a bottom-up merge sort, O(n log n) for any order. */
static int attr_cmp(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    return strcmp(((const attr_in *)a)->key, ((const attr_in *)b)->key);
}

static int sort_attrs(attr_in *e, uint32_t n)
{
    return wp__msort(e, n, sizeof *e, attr_cmp, NULL);
}

/* The attributes are read first and set in key order: the map is a sorted
 * array, and setting keys as they come (in canonical CBOR order, shorter
 * keys first, or in any order) moved the array at every insertion, O(n^2):
 * 65,536 keys in reverse order took seconds per map. */
int wp__dec_read_attrs(dec *d, struct wp_attrs *attrs, const char *what)
{
    wp__citem it;
    uint32_t n = 0;
    attr_in *in;
    int rc = 0;
    size_t at = wp__dec_here(d);
    if ((rc = wp__dec_next(d, &it, WP__C_MAP, what)) < 0 || (rc = wp__dec_enter(d, at, what)) < 0)
        return rc;
    n = (uint32_t)it.u; /* at most WP_LIMIT_MAP_ENTRIES (rnext) */
    if ((in = wp__malloc((n ? n : 1) * sizeof *in)) == NULL)
        return wp__err_nomem();
    for (uint32_t i = 0; i < n && rc == 0; i++) {
        wp_value *v = &in[i].value;
        size_t kat = wp__dec_here(d);
        in[i].at = kat;
        if ((rc = wp__dec_read_text(d, &in[i].key, "attribute key")) < 0)
            break;
        if (in[i].key[0] == '\0') {
            rc = wp__err_at(WP_EFORMAT, kat, 0, 0, "attribute key at byte %zu is empty", kat);
            break;
        }
        if ((rc = wp__r_next(d->r, &it)) < 0)
            break;
        switch (it.type) {
        case WP__C_TEXT:
            d->r->pos = it.offset - d->r->base; /* re-read through read_text */
            v->type = WP_VALUE_TEXT;
            rc = wp__dec_read_text(d, (char **)&v->as.text, "attribute value");
            break;
        case WP__C_UINT:
        case WP__C_NEGINT:
            if (it.u > INT64_MAX) {
                rc = wp__err_at(WP_EFORMAT, it.offset, 0, 0,
                                "attribute value at byte %zu does not fit in 64 bits", it.offset);
                break;
            }
            v->type = WP_VALUE_INT;
            v->as.integer = it.type == WP__C_UINT ? (int64_t)it.u : -1 - (int64_t)it.u;
            break;
        case WP__C_FLOAT:
            if (!isfinite(it.f)) {
                rc = wp__err_at(WP_EFORMAT, it.offset, 0, 0,
                                "attribute '%.100s' at byte %zu: float value must be finite",
                                in[i].key, it.offset);
                break;
            }
            v->type = WP_VALUE_FLOAT;
            v->as.real = it.f;
            break;
        case WP__C_BOOL:
            v->type = WP_VALUE_BOOL;
            v->as.boolean = it.u != 0;
            break;
        default:
            rc = wp__dec_bad_type(&it, "attribute value", "text, integer, float or boolean");
            break;
        }
    }
    if (rc == 0)
        rc = sort_attrs(in, n);
    for (uint32_t i = 1; i < n && rc == 0; i++)
        if (strcmp(in[i - 1].key, in[i].key) == 0)
            rc = wp__err_at(WP_EFORMAT, in[i].at, 0, 0, "%s at byte %zu: duplicate key '%.100s'",
                            what, in[i].at, in[i].key);
    for (uint32_t i = 0; i < n && rc == 0; i++) /* each at the end: no move */
        if ((rc = wp_attrs_set(attrs, in[i].key, &in[i].value)) < 0)
            rc = wp__dec_fail_with(rc, in[i].at, "attribute");
    wp__free(in);
    if (rc == 0)
        d->depth--;
    return rc;
}
