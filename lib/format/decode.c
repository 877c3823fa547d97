/* The typed CBOR decoder: workplan documents to plans (doc/FORMAT.md).
 *
 * It reads item heads one at a time (rnext below, wp__r_next in cborio.c)
 * and builds the plan directly in its arena, in one pass: no generic CBOR
 * tree, every item decoded once. Every error names the byte offset. Maps
 * may come in any key order; a part that refers to another (assignments to
 * units, progress reports to indicators) is decoded in place when the part
 * it refers to came first — always so in canonical files — and otherwise
 * skipped and decoded after the map. Unknown keys are kept as extras. */
#include "internal.h"
#include "cborio.h"
#include "codec.h"
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Nesting of maps and arrays, counted as in JSON (the document's map is
 * level 1, and every array counts): d->depth is the level of the innermost
 * open map or array, and an unknown value inside it may nest MAX_DEPTH -
 * d->depth more levels. The JSON reader counts the same way, so that a
 * plan read from either format can be written to and read from the other.
 * Real files need ~20. */
#define MAX_DEPTH WP_LIMIT_DEPTH

typedef struct dec {
    wp__reader *r;
    wp_plan *plan;
    int depth;
    /* Node ids seen so far, to reject duplicates. The plan's own id table
     * is built on its first use (wp__node_ids), not here: this one is
     * freed once the plan is read. */
    wp__hashmap ids;
} dec;

static size_t here(const dec *d) { return d->r->base + d->r->pos; }

/* The next item head. The common, well-formed heads (integers, strings,
 * arrays, maps, tags, booleans, null) are decoded here, inline; anything
 * else — floats, malformed or truncated input — goes through wp__r_next
 * (libcbor), which also words every error, so messages do not depend on
 * the path taken. */
static inline int rnext(wp__reader *r, wp__citem *it)
{
    const uint8_t *p = r->data + r->pos;
    size_t left = r->len - r->pos, head;
    uint64_t v;
    unsigned ib, ai;
    if (left == 0)
        return wp__r_next(r, it);
    ib = p[0];
    ai = ib & 31u;
    if (ai < 24) {
        v = ai;
        head = 1;
    } else if (ai == 24 && left >= 2) {
        v = p[1];
        head = 2;
    } else if (ai == 25 && left >= 3) {
        v = (uint64_t)p[1] << 8 | p[2];
        head = 3;
    } else if (ai == 26 && left >= 5) {
        v = (uint64_t)p[1] << 24 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 8 | p[4];
        head = 5;
    } else if (ai == 27 && left >= 9) {
        v = 0;
        for (int i = 1; i <= 8; i++)
            v = v << 8 | p[i];
        head = 9;
    } else {
        return wp__r_next(r, it);
    }
    left -= head;
    switch (ib >> 5) {
    case 0: it->type = WP__C_UINT; break;
    case 1: it->type = WP__C_NEGINT; break;
    case 2:
    case 3:
        if (v > left || v > WP_LIMIT_STRING_BYTES) /* wp__r_next words the error */
            return wp__r_next(r, it);
        it->type = ib >> 5 == 2 ? WP__C_BYTES : WP__C_TEXT;
        it->ptr = p + head;
        it->len = (size_t)v;
        it->offset = r->base + r->pos;
        r->truncated = false;
        r->pos += head + (size_t)v;
        return 0;
    case 4:
        if (v > left)
            return wp__r_next(r, it);
        it->type = WP__C_ARRAY;
        break;
    case 5:
        if (v > left / 2 || v > WP_LIMIT_MAP_ENTRIES) /* wp__r_next words the error */
            return wp__r_next(r, it);
        it->type = WP__C_MAP;
        break;
    case 6: it->type = WP__C_TAG; break;
    default:
        if (ib == 0xf4 || ib == 0xf5) {
            it->type = WP__C_BOOL;
            v = ib == 0xf5;
        } else if (ib == 0xf6) {
            it->type = WP__C_NULL;
            v = 0;
        } else {
            return wp__r_next(r, it);
        }
        break;
    }
    it->u = v;
    it->ptr = NULL;
    it->len = 0;
    it->offset = r->base + r->pos;
    r->truncated = false;
    r->pos += head;
    return 0;
}

/* Re-raise the last error (from a setter, which knows no offsets) with the
 * offset of the item that caused it. */
static int fail_with(int code, size_t at, const char *what)
{
    char msg[400];
    if (code == WP_ENOMEM)
        return code; /* "out of memory" says all */
    snprintf(msg, sizeof msg, "%s", wp_error_last()->message);
    return wp__err_at(code == WP_ENOMEM ? WP_ENOMEM : code == WP_EUTF8 ? WP_EUTF8 : WP_EFORMAT,
                      at, 0, 0, "%s at byte %zu: %s", what, at, msg);
}

static int bad_type(const wp__citem *it, const char *what, const char *expected)
{
    return wp__err_at(WP_EFORMAT, it->offset, 0, 0, "%s at byte %zu: expected %s, found %s",
                      what, it->offset, expected, wp__ctype_name(it->type));
}

static int next(dec *d, wp__citem *it, wp__ctype type, const char *what)
{
    int rc = rnext(d->r, it);
    if (rc < 0)
        return rc;
    if (it->type != type)
        return bad_type(it, what, wp__ctype_name(type));
    return 0;
}

/* A text string, validated and copied into the plan's arena. */
static int read_text(dec *d, char **out, const char *what)
{
    wp__citem it;
    char *s;
    int rc = next(d, &it, WP__C_TEXT, what);
    size_t body = here(d) - it.len;
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

static int read_uint(dec *d, uint64_t *out, uint64_t max, const char *what)
{
    wp__citem it;
    int rc = next(d, &it, WP__C_UINT, what);
    if (rc < 0)
        return rc;
    if (it.u > max)
        return wp__err_at(WP_EFORMAT, it.offset, 0, 0, "%s at byte %zu: %llu is out of range (0..%llu)",
                          what, it.offset, (unsigned long long)it.u, (unsigned long long)max);
    *out = it.u;
    return 0;
}

static int read_enum(dec *d, int *out, int max, const char *what)
{
    uint64_t v;
    int rc = read_uint(d, &v, (uint64_t)max, what);
    if (rc == 0)
        *out = (int)v;
    return rc;
}

static int read_date(dec *d, wp_date *out, const char *what)
{
    uint64_t v;
    size_t at = here(d);
    int rc = read_uint(d, &v, 99991231, what);
    if (rc < 0)
        return rc;
    if (!wp_date_valid((wp_date)v))
        return wp__err_at(WP_EFORMAT, at, 0, 0, "%s at byte %zu: %llu is not a YYYYMMDD date",
                          what, at, (unsigned long long)v);
    *out = (wp_date)v;
    return 0;
}

static int read_number(dec *d, double *out, const char *what)
{
    wp__citem it;
    int rc = rnext(d->r, &it);
    if (rc < 0)
        return rc;
    switch (it.type) {
    case WP__C_UINT: *out = (double)it.u; break;
    case WP__C_NEGINT: *out = -1.0 - (double)it.u; break;
    case WP__C_FLOAT: *out = it.f; break;
    default: return bad_type(&it, what, "a number");
    }
    if (!isfinite(*out))
        return wp__err_at(WP_EFORMAT, it.offset, 0, 0, "%s at byte %zu: not a finite number",
                          what, it.offset);
    return 0;
}

static int read_bool(dec *d, bool *out, const char *what)
{
    wp__citem it;
    int rc = next(d, &it, WP__C_BOOL, what);
    if (rc == 0)
        *out = it.u != 0;
    return rc;
}

/* One more level of nesting, for the map or array at `at`. */
static int enter(dec *d, size_t at, const char *what)
{
    if (++d->depth > MAX_DEPTH)
        return wp__err_at(WP_ELIMIT, at, 0, 0, "%s at byte %zu: nested more than %d levels deep",
                          what, at, MAX_DEPTH);
    return 0;
}

/* An array head: a level of nesting until close_array(). */
static int read_array(dec *d, uint64_t *n, const char *what)
{
    wp__citem it;
    size_t at = here(d);
    int rc = next(d, &it, WP__C_ARRAY, what);
    if (rc == 0 && (rc = enter(d, at, what)) == 0)
        *n = it.u;
    return rc;
}

static void close_array(dec *d) { d->depth--; }

/* ---- maps: known keys, duplicates and extras ------------------------------- */

typedef wp__xentry unknown_entry;

typedef struct map_state {
    dec *d;
    const char *what;
    uint64_t left;  /* entries still to read */
    uint64_t seen;  /* known keys seen (bit k) */
    unsigned max_key; /* keys 1..max_key (and 0 if zero_ok) are known */
    bool zero_ok;
    size_t at;      /* offset of the map head */
    unknown_entry *unk;
    uint32_t n_unk, cap_unk;
} map_state;

static int open_map(dec *d, map_state *m, const char *what, unsigned max_key)
{
    wp__citem it;
    int rc;
    memset(m, 0, sizeof *m);
    m->d = d;
    m->what = what;
    m->max_key = max_key;
    m->at = here(d);
    if ((rc = enter(d, m->at, what)) < 0)
        return rc;
    if ((rc = next(d, &it, WP__C_MAP, what)) < 0)
        return rc;
    m->left = it.u;
    return 0;
}

static int remember_unknown(map_state *m, size_t start, size_t keyend, size_t end)
{
    if (m->n_unk == m->cap_unk) {
        uint32_t cap = m->cap_unk ? m->cap_unk * 2 : 4;
        void *p = wp__realloc(m->unk, cap * sizeof *m->unk);
        if (p == NULL)
            return wp__err_nomem();
        m->unk = p;
        m->cap_unk = cap;
    }
    m->unk[m->n_unk++] = (unknown_entry){start, keyend - start, end - start};
    return 0;
}

/* Advance to the next known key of the map: returns 1 with *key set, 0 when
 * the map is done, or an error. Unknown entries are recorded and skipped. */
static int next_key(map_state *m, unsigned *key)
{
    dec *d = m->d;
    while (m->left > 0) {
        wp__citem k, v;
        size_t start = d->r->pos, keyend;
        int rc;
        m->left--;
        if ((rc = rnext(d->r, &k)) < 0)
            return rc;
        if (k.type == WP__C_UINT && k.u <= m->max_key && (k.u > 0 || m->zero_ok)) {
            if (m->seen & (1ull << k.u))
                return wp__err_at(WP_EFORMAT, k.offset, 0, 0, "%s at byte %zu: duplicate key %llu",
                                  m->what, k.offset, (unsigned long long)k.u);
            m->seen |= 1ull << k.u;
            *key = (unsigned)k.u;
            return 1;
        }
        /* Unknown (a newer version's): keep the encoded key and value. */
        if ((rc = wp__r_skip(d->r, &k, MAX_DEPTH - d->depth)) < 0)
            return rc;
        keyend = d->r->pos;
        if ((rc = wp__r_next(d->r, &v)) < 0 ||
            (rc = wp__r_skip(d->r, &v, MAX_DEPTH - d->depth)) < 0 ||
            (rc = remember_unknown(m, start, keyend, d->r->pos)) < 0)
            return rc;
    }
    return 0;
}

static int cmp_key(const uint8_t *data, const unknown_entry *a, const unknown_entry *b)
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
            return wp__err_at(WP_EFORMAT, base + e[i].start, 0, 0,
                              "%s at byte %zu: duplicate key", what, base + e[i].start);
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
static int close_map(map_state *m, wp__extra *extra)
{
    dec *d = m->d;
    int rc;
    d->depth--;
    rc = wp__extra_build(&d->plan->arena, d->r->data, m->unk, m->n_unk, extra, d->r->base,
                         m->what);
    wp__free(m->unk);
    m->unk = NULL;
    return rc;
}

/* Finish a node's map (or its deadline's): unknown entries go to the
 * node's side record, which is created only when there are some. */
static int close_node_map(map_state *m, wp_node *node, bool deadline)
{
    wp__extra x = {NULL, 0, 0};
    int rc = close_map(m, &x);
    if (rc == 0)
        rc = deadline ? wp__node_adopt_deadline_extra(node, &x) : wp__node_adopt_extra(node, &x);
    return rc;
}

static int require(map_state *m, unsigned key, const char *name)
{
    if (!(m->seen & (1ull << key)))
        return wp__err_at(WP_EFORMAT, m->at, 0, 0, "%s at byte %zu: required key %u (%s) is missing",
                          m->what, m->at, key, name);
    return 0;
}

/* Inside a function with a map_state m: on error, free m's list and return. */
#define CHECK(call)                                                            \
    do {                                                                       \
        int check_rc_ = (call);                                                \
        if (check_rc_ < 0) {                                                   \
            wp__free(m.unk);                                                   \
            return check_rc_;                                                  \
        }                                                                      \
    } while (0)

/* ---- parts ------------------------------------------------------------------- */

static int read_doc_number(dec *d, wp_doc_number *n, wp__extra *extra, const char *what)
{
    map_state m;
    unsigned k;
    int more;
    uint64_t v;
    memset(n, 0, sizeof *n);
    CHECK(open_map(d, &m, what, K_DOCNUM_SERIAL));
    while ((more = next_key(&m, &k)) > 0) {
        switch (k) {
        case K_DOCNUM_TEXT: CHECK(read_text(d, (char **)&n->text, "doc number text")); break;
        case K_DOCNUM_PREFIX: CHECK(read_text(d, (char **)&n->prefix, "doc number prefix")); break;
        case K_DOCNUM_YEAR:
            CHECK(read_uint(d, &v, 9999, "doc number year"));
            n->year = (int)v;
            break;
        default:
            CHECK(read_uint(d, &v, INT32_MAX, "doc number serial"));
            n->serial = (int)v;
            break;
        }
    }
    CHECK(more);
    CHECK(require(&m, K_DOCNUM_TEXT, "text"));
    return close_map(&m, extra);
}

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
static int read_attrs(dec *d, struct wp_attrs *attrs, const char *what)
{
    wp__citem it;
    uint32_t n = 0;
    attr_in *in;
    int rc = 0;
    size_t at = here(d);
    if ((rc = next(d, &it, WP__C_MAP, what)) < 0 || (rc = enter(d, at, what)) < 0)
        return rc;
    n = (uint32_t)it.u; /* at most WP_LIMIT_MAP_ENTRIES (rnext) */
    if ((in = wp__malloc((n ? n : 1) * sizeof *in)) == NULL)
        return wp__err_nomem();
    for (uint32_t i = 0; i < n && rc == 0; i++) {
        wp_value *v = &in[i].value;
        size_t kat = here(d);
        in[i].at = kat;
        if ((rc = read_text(d, &in[i].key, "attribute key")) < 0)
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
            rc = read_text(d, (char **)&v->as.text, "attribute value");
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
            rc = bad_type(&it, "attribute value", "text, integer, float or boolean");
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
            rc = fail_with(rc, in[i].at, "attribute");
    wp__free(in);
    if (rc == 0)
        d->depth--;
    return rc;
}

static int read_deadline(dec *d, wp_node *node)
{
    map_state m;
    unsigned k;
    int more, v = 0;
    wp_deadline dl = {NULL, 0, 0, WP_PRECISION_DAY, false};
    CHECK(open_map(d, &m, "deadline", K_DL_ASPIRATIONAL));
    while ((more = next_key(&m, &k)) > 0) {
        switch (k) {
        case K_DL_TEXT: CHECK(read_text(d, (char **)&dl.text, "deadline text")); break;
        case K_DL_START: CHECK(read_date(d, &dl.start, "deadline start")); break;
        case K_DL_END: CHECK(read_date(d, &dl.end, "deadline end")); break;
        case K_DL_PRECISION:
            CHECK(read_enum(d, &v, WP_PRECISION_YEAR, "deadline precision"));
            dl.precision = (wp_precision)v;
            break;
        default: CHECK(read_bool(d, &dl.aspirational, "deadline aspirational")); break;
        }
    }
    CHECK(more);
    CHECK(require(&m, K_DL_END, "end"));
    CHECK(require(&m, K_DL_PRECISION, "precision"));
    if (dl.start > dl.end)
        CHECK(wp__err_at(WP_EFORMAT, m.at, 0, 0, "deadline at byte %zu: start is after end", m.at));
    node->deadline = dl;
    node->flags |= WP__HAS_DEADLINE;
    return close_node_map(&m, node, true);
}

/* One assignment, appended without wp_node_assign's scan for the same
 * unit and role (O(k) each, O(k^2) for a node: read_assignments checks
 * them all at once). `*at` receives the offset of its map. */
static int read_assignment(dec *d, wp_node *node, size_t *at)
{
    map_state m;
    unsigned k;
    int more, role = 0;
    uint64_t unit = 0;
    char *person = NULL;
    size_t unit_at = 0;
    int rc;
    CHECK(open_map(d, &m, "assignment", K_ASSIGN_PERSON));
    while ((more = next_key(&m, &k)) > 0) {
        switch (k) {
        case K_ASSIGN_UNIT:
            unit_at = here(d);
            CHECK(read_uint(d, &unit, UINT32_MAX, "assignment unit"));
            break;
        case K_ASSIGN_ROLE: CHECK(read_enum(d, &role, WP_ROLE_RESPONSIBLE, "assignment role")); break;
        default: CHECK(read_text(d, &person, "assignment person")); break;
        }
    }
    CHECK(more);
    CHECK(require(&m, K_ASSIGN_UNIT, "unit"));
    CHECK(require(&m, K_ASSIGN_ROLE, "role"));
    if (unit >= d->plan->units.n)
        CHECK(wp__err_at(WP_EFORMAT, unit_at, 0, 0,
                         "assignment unit at byte %zu: unit %llu does not exist (%u units)",
                         unit_at, (unsigned long long)unit, d->plan->units.n));
    *at = m.at;
    {
        void *items = node->assigns;
        CHECK(wp__arena_reserve(&d->plan->arena, &items, &node->cap_assigns, node->n_assigns + 1,
                                sizeof(wp__assign)));
        node->assigns = items;
        node->assigns[node->n_assigns++] = (wp__assign){(uint32_t)unit, (wp_role)role};
    }
    if (person != NULL) { /* already validated */
        wp__assign_x *x = wp__assign_x_mut(node, node->n_assigns - 1);
        if (x == NULL)
            CHECK(WP_ENOMEM);
        x->person = person;
    }
    {
        wp__extra x = {NULL, 0, 0};
        if ((rc = close_map(&m, &x)) < 0)
            return rc;
        return wp__assign_adopt_extra(node, node->n_assigns - 1, &x);
    }
}

/* The assignments of a node, then one check for two with the same unit
 * and role: a stable merge sort of their positions, O(k log k). A node
 * assigned to 160,000 units took 4 s when each was checked against those
 * before it. */
static int read_assignments(dec *d, wp_node *node)
{
    uint64_t na = 0;
    uint32_t base = node->n_assigns, k = 0;
    size_t *ats = NULL, cap = 0;
    long dup = -1;
    int rc = read_array(d, &na, "assignments");
    if (rc < 0)
        return rc;
    if (na > 0 && na <= 1024 && node->cap_assigns == 0) {
        /* room for all of them at once: no doubling, no abandoned copies */
        void *items = wp__arena_alloc(&d->plan->arena, na * sizeof(wp__assign));
        if (items == NULL)
            return wp__err_nomem();
        node->assigns = items;
        node->cap_assigns = (uint32_t)na;
    }
    for (uint64_t i = 0; i < na && rc == 0; i++, k++) {
        if (k == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            void *p = wp__realloc(ats, ncap * sizeof *ats);
            if (p == NULL) {
                rc = wp__err_nomem();
                break;
            }
            ats = p;
            cap = ncap;
        }
        rc = read_assignment(d, node, &ats[k]);
    }
    /* the side parts cover every assignment (only those with a person or
     * unknown entries made them grow) */
    if (rc == 0 && node->more != NULL && node->more->assign_x != NULL && node->n_assigns > 0 &&
        wp__assign_x_mut(node, node->n_assigns - 1) == NULL)
        rc = WP_ENOMEM;
    if (rc == 0 && k > 1) {
        const wp__assign *a = node->assigns + base;
        if ((dup = wp__assign_first_repeat(node, base)) == -2) {
            rc = wp__err_nomem();
        } else if (dup >= 0) {
            const wp_unit *u = d->plan->units.items[a[dup].unit_ix];
            rc = wp__err_at(WP_EFORMAT, ats[dup], 0, 0,
                            "assignment at byte %zu: unit '%.200s' is already assigned as %s",
                            ats[dup], u->name, wp_role_name(a[dup].role));
        }
    }
    wp__free(ats);
    if (rc == 0)
        close_array(d);
    return rc;
}

static int read_indicator(dec *d, wp_node *node)
{
    map_state m;
    unsigned k;
    int more, op = 0;
    wp_indicator *ind;
    CHECK(open_map(d, &m, "indicator", K_IND_MAX));
    if ((ind = wp__arena_alloc(&d->plan->arena, sizeof *ind)) == NULL)
        CHECK(wp__err_nomem());
    ind->node = node;
    ind->cumulative = true;
    ind->baseline = NAN;
    ind->max = NAN;
    while ((more = next_key(&m, &k)) > 0) {
        switch (k) {
        case K_IND_TEXT: CHECK(read_text(d, &ind->text, "indicator text")); break;
        case K_IND_SUBJECT: CHECK(read_text(d, &ind->subject, "indicator subject")); break;
        case K_IND_OP:
            CHECK(read_enum(d, &op, WP_OP_RANGE, "indicator op"));
            ind->op = (wp_op)op;
            break;
        case K_IND_VALUE: CHECK(read_number(d, &ind->value, "indicator value")); break;
        case K_IND_UNIT: CHECK(read_text(d, &ind->unit, "indicator unit")); break;
        case K_IND_ASPIRATIONAL: CHECK(read_bool(d, &ind->aspirational, "indicator aspirational")); break;
        case K_IND_CUMULATIVE: CHECK(read_bool(d, &ind->cumulative, "indicator cumulative")); break;
        case K_IND_BASELINE: CHECK(read_number(d, &ind->baseline, "indicator baseline")); break;
        default: CHECK(read_number(d, &ind->max, "indicator max")); break;
        }
    }
    CHECK(more);
    CHECK(require(&m, K_IND_TEXT, "text"));
    CHECK(require(&m, K_IND_VALUE, "value"));
    if (ind->text[0] == '\0')
        CHECK(wp__err_at(WP_EFORMAT, m.at, 0, 0, "indicator at byte %zu: empty text", m.at));
    CHECK(wp__ptrvec_push(&d->plan->arena, &node->indicators, ind));
    return close_map(&m, &ind->extra);
}

/* One actual as read, for the duplicate check. */
typedef struct actual_in {
    uint32_t index; /* of the indicator */
    uint32_t order; /* position in the array */
    size_t at;
    double value;
} actual_in;

/* The first duplicate indicator (in input order) among in[0..n), or -1: a
 * stable merge sort by indicator, O(n log n). Checking each actual against
 * those before it (wp_report_actual_for, then wp_report_set_actual) was
 * O(n^2): 40,000 actuals in 0.44 MB of CBOR took 1 s, a 64 MiB file hours. */
static int actual_cmp(uint32_t a, uint32_t b, void *ctx)
{
    const actual_in *in = ctx;
    return (in[a].index > in[b].index) - (in[a].index < in[b].index);
}

static long first_duplicate(const actual_in *in, uint32_t n)
{
    return wp__first_repeat(n, actual_cmp, (void *)in);
}

static int read_actuals(dec *d, wp_report *rep)
{
    uint64_t n = 0, pair = 0, index = 0;
    uint32_t ni = rep->node->indicators.n, k = 0;
    actual_in *in = NULL;
    double value = 0;
    long dup;
    int rc;
    if ((rc = read_array(d, &n, "report actuals")) < 0)
        return rc;
    /* more than ni actuals hold a duplicate among the first ni + 1 */
    if (n > 0 && (in = wp__malloc(((size_t)(n < ni ? n : ni) + 1) * sizeof *in)) == NULL)
        return wp__err_nomem();
    for (uint64_t i = 0; i < n && k <= ni; i++) {
        size_t at = here(d);
        if ((rc = read_array(d, &pair, "report actual")) < 0)
            break;
        if (pair != 2) {
            rc = wp__err_at(WP_EFORMAT, at, 0, 0,
                            "report actual at byte %zu: expected [indicator, value]", at);
            break;
        }
        if ((rc = read_uint(d, &index, UINT32_MAX, "actual indicator")) < 0 ||
            (rc = read_number(d, &value, "actual value")) < 0)
            break;
        close_array(d);
        if (index >= ni) {
            if (first_duplicate(in, k) != -1) /* an earlier error first */
                break;
            rc = wp__err_at(WP_EFORMAT, at, 0, 0,
                            "report actual at byte %zu: indicator %llu does not exist", at,
                            (unsigned long long)index);
            break;
        }
        in[k] = (actual_in){(uint32_t)index, k, at, value};
        k++;
    }
    if (rc == 0 || k > 0) {
        if ((dup = first_duplicate(in, k)) == -2) {
            rc = wp__err_nomem();
        } else if (dup >= 0) {
            rc = wp__err_at(WP_EFORMAT, in[dup].at, 0, 0,
                            "report actual at byte %zu: indicator %u given twice", in[dup].at,
                            in[dup].index);
        }
    }
    if (rc == 0 && k > 0) { /* distinct, existing, finite: appended as they are */
        void *items = rep->actuals;
        if ((rc = wp__arena_reserve(&d->plan->arena, &items, &rep->cap_actuals, rep->n_actuals + k,
                                    sizeof(wp__actual))) == 0) {
            rep->actuals = items;
            for (uint32_t i = 0; i < k; i++)
                rep->actuals[rep->n_actuals++] =
                    (wp__actual){rep->node->indicators.items[in[i].index], in[i].value};
        }
    }
    wp__free(in);
    if (rc == 0)
        close_array(d);
    return rc;
}

static int read_report(dec *d, wp_node *node)
{
    map_state m;
    unsigned k;
    int more, state = 0;
    uint64_t by = 0;
    size_t by_at = 0, actuals_at = 0;
    wp_report *rep;
    CHECK(open_map(d, &m, "progress report", K_REP_ACTUALS));
    if ((rep = wp__arena_alloc(&d->plan->arena, sizeof *rep)) == NULL)
        CHECK(wp__err_nomem());
    rep->node = node;
    rep->percent = NAN;
    while ((more = next_key(&m, &k)) > 0) {
        switch (k) {
        case K_REP_DATE: CHECK(read_date(d, &rep->date, "report date")); break;
        case K_REP_BY:
            by_at = here(d);
            CHECK(read_uint(d, &by, UINT32_MAX, "report by"));
            if (by >= d->plan->units.n)
                CHECK(wp__err_at(WP_EFORMAT, by_at, 0, 0,
                                 "report by at byte %zu: unit %llu does not exist", by_at,
                                 (unsigned long long)by));
            rep->by = d->plan->units.items[by];
            break;
        case K_REP_TEXT: CHECK(read_text(d, &rep->text, "report text")); break;
        case K_REP_PERCENT:
            CHECK(read_number(d, &rep->percent, "report percent"));
            if (rep->percent < 0 || rep->percent > 100)
                CHECK(wp__err_at(WP_EFORMAT, here(d), 0, 0,
                                 "report percent before byte %zu is outside 0..100", here(d)));
            break;
        case K_REP_STATE:
            CHECK(read_enum(d, &state, WP_REPORT_RETURNED, "report state"));
            rep->state = (wp_report_state)state;
            break;
        default: /* actuals refer to indicators: read them after the node's map */
            actuals_at = d->r->pos;
            {
                wp__citem it;
                CHECK(wp__r_next(d->r, &it));
                CHECK(wp__r_skip(d->r, &it, MAX_DEPTH - d->depth));
            }
            break;
        }
    }
    CHECK(more);
    CHECK(require(&m, K_REP_DATE, "date"));
    if (wp__more_mut(node) == NULL)
        CHECK(WP_ENOMEM);
    CHECK(wp__ptrvec_push(&d->plan->arena, &node->more->reports, rep));
    CHECK(close_map(&m, &rep->extra));
    if (m.seen & (1ull << K_REP_ACTUALS)) {
        size_t end = d->r->pos;
        int rc;
        d->r->pos = actuals_at;
        d->depth++; /* as inside the report's map */
        rc = read_actuals(d, rep);
        d->depth--;
        d->r->pos = end;
        return rc;
    }
    return 0;
}

static int read_node(dec *d, wp_node *parent);

/* An array of values, each read by `one`; `pos` (if not NULL) tells where
 * to read from (a deferred part) and the reader comes back afterwards. */
static int read_list(dec *d, wp_node *node, int (*one)(dec *, wp_node *), const char *what)
{
    uint64_t n = 0;
    int rc = read_array(d, &n, what);
    for (uint64_t i = 0; rc == 0 && i < n; i++)
        rc = one(d, node);
    if (rc == 0)
        close_array(d);
    return rc;
}

static int read_progress_list(dec *d, wp_node *node) { return read_report(d, node); }

static int read_node(dec *d, wp_node *parent)
{
    map_state m;
    unsigned k;
    int more, kind = -1, status = 0;
    uint64_t v = 0, pair = 0;
    size_t progress_at = 0, id_at = 0;
    bool progress_inline = false;
    char *id = NULL;
    wp_node *node;
    int rc;
    CHECK(open_map(d, &m, "node", K_NODE_CHILDREN));
    if ((rc = wp__node_alloc(&node, d->plan, WP_NODE_PARAGRAPH)) == WP_ELIMIT)
        CHECK(wp__err_at(WP_ELIMIT, m.at, 0, 0,
                         "node at byte %zu: more than %d nodes in one plan (WP_LIMIT_NODES)",
                         m.at, WP_LIMIT_NODES));
    CHECK(rc);
    while ((more = next_key(&m, &k)) > 0) {
        switch (k) {
        case K_NODE_ID:
            id_at = here(d);
            CHECK(read_text(d, &id, "node id"));
            break;
        case K_NODE_KIND: CHECK(read_enum(d, &kind, WP_NODE_ATTACHMENT, "node kind")); break;
        case K_NODE_LABEL: CHECK(read_text(d, &node->label, "node label")); break;
        case K_NODE_NUMBER:
            CHECK(read_uint(d, &v, INT64_MAX, "node number"));
            node->number = (int64_t)v;
            break;
        case K_NODE_TITLE: CHECK(read_text(d, &node->title, "node title")); break;
        case K_NODE_TEXT: CHECK(read_text(d, &node->text, "node text")); break;
        case K_NODE_CATEGORY:
            if (wp__more_mut(node) == NULL)
                CHECK(WP_ENOMEM);
            CHECK(read_text(d, &node->more->category, "node category"));
            break;
        case K_NODE_DEADLINE: CHECK(read_deadline(d, node)); break;
        case K_NODE_STATUS:
            CHECK(read_enum(d, &status, WP_STATUS_CANCELLED, "node status"));
            node->status = (uint8_t)status;
            break;
        case K_NODE_ASSIGNMENTS: CHECK(read_assignments(d, node)); break;
        case K_NODE_INDICATORS: CHECK(read_list(d, node, read_indicator, "indicators")); break;
        case K_NODE_PROGRESS:
            /* Refers to the node's indicators: read in place when they came
             * before (canonical order), else after the map. */
            if (m.seen & (1ull << K_NODE_INDICATORS)) {
                CHECK(read_list(d, node, read_progress_list, "progress"));
                progress_inline = true;
                break;
            }
            progress_at = d->r->pos;
            {
                wp__citem it;
                CHECK(wp__r_next(d->r, &it));
                CHECK(wp__r_skip(d->r, &it, MAX_DEPTH - d->depth));
            }
            break;
        case K_NODE_SOURCE: {
            uint64_t off, len;
            size_t at = here(d);
            CHECK(read_array(d, &pair, "node source"));
            if (pair != 2)
                CHECK(wp__err_at(WP_EFORMAT, at, 0, 0,
                                 "node source at byte %zu: expected [offset, length]", at));
            /* within INT64_MAX, as wp_node_set_source and JSON */
            CHECK(read_uint(d, &off, INT64_MAX, "source offset"));
            CHECK(read_uint(d, &len, INT64_MAX - off, "source length"));
            close_array(d);
            CHECK(wp__node_put_source(node, off, len));
            break;
        }
        case K_NODE_ATTRS: CHECK(read_attrs(d, wp__node_attrs(node), "node attrs")); break;
        default: CHECK(read_list(d, node, read_node, "children")); break;
        }
    }
    CHECK(more);
    CHECK(require(&m, K_NODE_KIND, "kind"));
    node->kind = (int8_t)kind;
    for (wp_node *c = node->first_child; c; c = c->next)
        if (!wp__can_contain(kind, c->kind))
            CHECK(wp__err_at(WP_EFORMAT, m.at, 0, 0, "node at byte %zu: a %s cannot contain a %s",
                             m.at, wp_node_kind_name(kind), wp_node_kind_name(c->kind)));
    if (id != NULL) {
        /* The id is validated and in the arena already: no second copy;
         * wp_node_set_id's messages for an empty or taken id. */
        if (id[0] == '\0') {
            if ((rc = wp_node_set_id(node, id)) < 0)
                CHECK(fail_with(rc, id_at, "node id"));
        } else if (wp__hashmap_get(&d->ids, id) != NULL) {
            rc = wp__err(WP_EEXISTS, "node id '%.200s' is already used in this plan", id);
            CHECK(fail_with(rc, id_at, "node id"));
        } else {
            if (wp__hashmap_put(&d->ids, id, node) < 0)
                CHECK(wp__err_nomem());
            node->id = id;
        }
    }
    CHECK(close_node_map(&m, node, false));
    if ((m.seen & (1ull << K_NODE_PROGRESS)) && !progress_inline) {
        size_t end = d->r->pos;
        d->r->pos = progress_at;
        d->depth++; /* as inside the node's map */
        rc = read_list(d, node, read_progress_list, "progress");
        d->depth--;
        d->r->pos = end;
        if (rc < 0)
            return rc;
    }
    /* Link directly: the node is new, and its parent checks the kinds of
     * its children once its own kind is known (any kind may be top-level). */
    node->parent = parent;
    if (parent->first_child != NULL) {
        wp_node *last = parent->first_child->prev;
        last->next = node;
        node->prev = last;
        parent->first_child->prev = node;
    } else {
        parent->first_child = node;
        node->prev = node;
    }
    return 0;
}

static int read_unit(dec *d, wp_plan *plan)
{
    map_state m;
    unsigned k;
    int more, rc;
    char *id = NULL, *name = NULL;
    uint64_t n = 0;
    size_t aliases_at = 0;
    wp_unit *u;
    CHECK(open_map(d, &m, "unit", K_UNIT_ALIASES));
    while ((more = next_key(&m, &k)) > 0) {
        switch (k) {
        case K_UNIT_ID: CHECK(read_text(d, &id, "unit id")); break;
        case K_UNIT_NAME: CHECK(read_text(d, &name, "unit name")); break;
        default:
            aliases_at = d->r->pos;
            {
                wp__citem it;
                CHECK(wp__r_next(d->r, &it));
                CHECK(wp__r_skip(d->r, &it, MAX_DEPTH - d->depth));
            }
            break;
        }
    }
    CHECK(more);
    CHECK(require(&m, K_UNIT_ID, "id"));
    CHECK(require(&m, K_UNIT_NAME, "name"));
    if ((rc = wp_unit_add(&u, plan, name, id)) < 0)
        CHECK(fail_with(rc, m.at, "unit"));
    CHECK(close_map(&m, &u->extra));
    if (m.seen & (1ull << K_UNIT_ALIASES)) {
        size_t end = d->r->pos;
        d->r->pos = aliases_at;
        d->depth++; /* as inside the unit's map */
        if ((rc = read_array(d, &n, "unit aliases")) < 0)
            return rc;
        for (uint64_t i = 0; i < n; i++) {
            char *alias;
            size_t at = here(d);
            if ((rc = read_text(d, &alias, "unit alias")) < 0)
                return rc;
            if (wp__unit_find_exact(plan, alias) != NULL)
                return wp__err_at(WP_EFORMAT, at, 0, 0,
                                  "unit alias at byte %zu: '%.100s' already names a unit", at, alias);
            if ((rc = wp_unit_add_alias(u, alias)) < 0)
                return fail_with(rc, at, "unit alias");
        }
        close_array(d);
        d->depth--;
        d->r->pos = end;
    }
    return 0;
}

static int read_plan_map(dec *d, wp_plan *plan)
{
    map_state m;
    unsigned k;
    int more, kind = 0, rc;
    uint64_t n = 0, v = 0;
    size_t nodes_at = 0;
    bool nodes_inline = false;
    CHECK(open_map(d, &m, "plan", K_PLAN_NODES));
    while ((more = next_key(&m, &k)) > 0) {
        switch (k) {
        case K_PLAN_ID: CHECK(read_text(d, &plan->id, "plan id")); break;
        case K_PLAN_KIND:
            CHECK(read_enum(d, &kind, WP_PLAN_OTHER, "plan kind"));
            plan->kind = (wp_plan_kind)kind;
            break;
        case K_PLAN_TITLE: CHECK(read_text(d, &plan->title, "plan title")); break;
        case K_PLAN_ISSUER: CHECK(read_text(d, &plan->issuer, "plan issuer")); break;
        case K_PLAN_DOC_NUMBER:
            CHECK(read_doc_number(d, &plan->doc_number, &plan->doc_number_extra, "plan doc number"));
            plan->has_doc_number = true;
            break;
        case K_PLAN_ISSUED: CHECK(read_date(d, &plan->issued, "plan issued")); break;
        case K_PLAN_PUBLISHED: CHECK(read_date(d, &plan->published, "plan published")); break;
        case K_PLAN_PUBLISHER: CHECK(read_text(d, &plan->publisher, "plan publisher")); break;
        case K_PLAN_YEAR:
            CHECK(read_uint(d, &v, 9999, "plan year"));
            plan->year = (int)v;
            break;
        case K_PLAN_SCRIPT: CHECK(read_text(d, &plan->script, "plan script")); break;
        case K_PLAN_RECIPIENTS:
            CHECK(read_array(d, &n, "plan recipients"));
            for (uint64_t i = 0; i < n; i++) {
                char *s;
                size_t at = here(d);
                CHECK(read_text(d, &s, "recipient"));
                if (s[0] == '\0') /* as the JSON reader and wp_plan_add_recipient say */
                    CHECK(wp__err_at(WP_EFORMAT, at, 0, 0, "recipient at byte %zu is empty", at));
                CHECK(wp__ptrvec_push(&plan->arena, &plan->recipients, s));
            }
            close_array(d);
            break;
        case K_PLAN_PREAMBLE: CHECK(read_text(d, &plan->preamble, "plan preamble")); break;
        case K_PLAN_REFERENCES:
            CHECK(read_array(d, &n, "plan references"));
            for (uint64_t i = 0; i < n; i++) {
                map_state rm;
                unsigned rk;
                int rmore;
                wp__reference *r = wp__arena_alloc(&plan->arena, sizeof *r);
                if (r == NULL)
                    CHECK(wp__err_nomem());
                CHECK(open_map(d, &rm, "reference", K_REF_DOC_NUMBER));
                while ((rmore = next_key(&rm, &rk)) > 0) {
                    if (rk == K_REF_TITLE)
                        rc = read_text(d, &r->title, "reference title");
                    else if ((rc = read_doc_number(d, &r->number, &r->number_extra,
                                                   "reference doc number")) == 0)
                        r->has_number = true;
                    if (rc < 0) {
                        wp__free(rm.unk);
                        CHECK(rc);
                    }
                }
                if (rmore < 0) {
                    wp__free(rm.unk);
                    CHECK(rmore);
                }
                CHECK(close_map(&rm, &r->extra));
                if (r->title == NULL && !r->has_number) /* as the JSON reader says */
                    CHECK(wp__err_at(WP_EFORMAT, rm.at, 0, 0,
                                     "reference at byte %zu needs a title or a doc number",
                                     rm.at));
                CHECK(wp__ptrvec_push(&plan->arena, &plan->references, r));
            }
            close_array(d);
            break;
        case K_PLAN_ATTACHMENTS:
            CHECK(read_array(d, &n, "plan attachments"));
            for (uint64_t i = 0; i < n; i++) {
                map_state am;
                unsigned ak;
                int amore;
                wp__attachment *a = wp__arena_alloc(&plan->arena, sizeof *a);
                if (a == NULL)
                    CHECK(wp__err_nomem());
                CHECK(open_map(d, &am, "attachment", K_ATT_TITLE));
                while ((amore = next_key(&am, &ak)) > 0)
                    if ((rc = read_text(d, &a->title, "attachment title")) < 0) {
                        wp__free(am.unk);
                        CHECK(rc);
                    }
                if (amore < 0 || (amore = require(&am, K_ATT_TITLE, "title")) < 0) {
                    wp__free(am.unk);
                    CHECK(amore);
                }
                CHECK(close_map(&am, &a->extra));
                CHECK(wp__ptrvec_push(&plan->arena, &plan->attachments, a));
            }
            close_array(d);
            break;
        case K_PLAN_UNITS:
            CHECK(read_array(d, &n, "plan units"));
            for (uint64_t i = 0; i < n; i++)
                CHECK(read_unit(d, plan));
            close_array(d);
            break;
        case K_PLAN_ATTRS: CHECK(read_attrs(d, wp__node_attrs(&plan->root), "plan attrs")); break;
        default:
            /* Nodes refer to units: decoded in place, in one pass, when the
             * units came before them (canonical order), else after the map. */
            if (m.seen & (1ull << K_PLAN_UNITS)) {
                CHECK(read_list(d, &plan->root, read_node, "plan nodes"));
                nodes_inline = true;
                break;
            }
            nodes_at = d->r->pos;
            {
                wp__citem it;
                CHECK(wp__r_next(d->r, &it));
                CHECK(wp__r_skip(d->r, &it, MAX_DEPTH - d->depth));
            }
            break;
        }
    }
    CHECK(more);
    CHECK(require(&m, K_PLAN_KIND, "kind"));
    if (plan->script != NULL && plan->script[0] == '\0')
        CHECK(wp__err_at(WP_EFORMAT, m.at, 0, 0, "plan at byte %zu: empty script tag", m.at));
    CHECK(close_map(&m, &plan->extra));
    if ((m.seen & (1ull << K_PLAN_NODES)) && !nodes_inline) {
        size_t end = d->r->pos;
        d->r->pos = nodes_at;
        d->depth++;
        rc = read_list(d, &plan->root, read_node, "plan nodes");
        d->depth--;
        if (rc < 0)
            return rc;
        d->r->pos = end;
    }
    return 0;
}

int wp__decode_plan(wp__reader *r, wp_plan **out)
{
    dec d = {r, NULL, 0, {0}};
    wp__citem it;
    map_state m;
    unsigned k;
    int more, rc;
    uint64_t version = 0;
    *out = NULL;
    if ((rc = wp__r_next(r, &it)) < 0)
        return rc;
    if (it.type == WP__C_TAG && it.u == WP__TAG_SELF_DESCRIBE && (rc = wp__r_next(r, &it)) < 0)
        return rc;
    if (it.type != WP__C_TAG || it.u != WP__TAG_WORKPLAN)
        return wp__err_at(WP_EFORMAT, it.offset, 0, 0,
                          "not a workplan document: byte %zu should start the tag 55799 or "
                          "1464880206 (\"WPLN\")", it.offset);
    if ((rc = wp_plan_new(&d.plan)) < 0)
        return rc;
    if ((rc = open_map(&d, &m, "document", K_DOC_PLAN)) < 0)
        goto fail;
    m.zero_ok = true;
    /* The version comes first in canonical files; read it before the plan. */
    while ((more = next_key(&m, &k)) > 0) {
        if (k == K_DOC_VERSION) {
            size_t at = here(&d);
            if ((rc = read_uint(&d, &version, UINT32_MAX, "format version")) < 0)
                goto fail_map;
            if (version != WP__FORMAT_VERSION) {
                rc = wp__err_at(WP_EVERSION, at, 0, 0,
                                "format version %llu at byte %zu: this library reads version %d",
                                (unsigned long long)version, at, WP__FORMAT_VERSION);
                goto fail_map;
            }
        } else {
            if (!(m.seen & 1)) {
                rc = wp__err_at(WP_EFORMAT, here(&d), 0, 0,
                                "document: the format version (key 0) must come before the plan");
                goto fail_map;
            }
            if ((rc = read_plan_map(&d, d.plan)) < 0)
                goto fail_map;
        }
    }
    if ((rc = more) < 0 || (rc = require(&m, K_DOC_VERSION, "version")) < 0 ||
        (rc = require(&m, K_DOC_PLAN, "plan")) < 0)
        goto fail_map;
    if ((rc = close_map(&m, &d.plan->doc_extra)) < 0)
        goto fail;
    wp__hashmap_free(&d.ids);
    d.plan->generation = 0;
    *out = d.plan;
    return 0;
fail_map:
    wp__free(m.unk);
fail:
    wp__hashmap_free(&d.ids);
    wp_plan_free(d.plan);
    return rc;
}

int wp_plan_from_cbor(wp_plan **out, const uint8_t *data, size_t len)
{
    wp__reader r = {data, len, 0, 0, false};
    int rc;
    if (out == NULL || (data == NULL && len > 0))
        return wp__err(WP_EINVAL, "wp_plan_from_cbor: NULL argument");
    *out = NULL;
    /* as wp_plan_from_json and wp_plan_load (doc/API.md "Limits") */
    if (len > WP_LIMIT_DOCUMENT_BYTES)
        return wp__err_at(WP_ELIMIT, WP_LIMIT_DOCUMENT_BYTES, 0, 0,
                          "CBOR: %zu bytes, more than %zu for one document (WP_LIMIT_DOCUMENT_BYTES)",
                          len, WP_LIMIT_DOCUMENT_BYTES);
    if ((rc = wp__decode_plan(&r, out)) < 0)
        return rc;
    if (r.pos != len) {
        wp_plan_free(*out);
        *out = NULL;
        return wp__err_at(WP_EFORMAT, r.pos, 0, 0,
                          "%zu bytes of trailing data after the document, from byte %zu "
                          "(a corpus of several plans is read with wp_corpus_reader)",
                          len - r.pos, r.pos);
    }
    return 0;
}
