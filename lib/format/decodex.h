/*
 * The CBOR decoder's private interface, shared by its three parts:
 *   decode_util.c  typed items (text, integers, enumerations, dates,
 *                  numbers, arrays), maps with their known keys, unknown
 *                  entries (extras) and attribute maps;
 *   decode_node.c  a node and what it holds (deadline, assignments,
 *                  indicators, progress reports), then its children;
 *   decode.c       the document, the plan, its units and references, and
 *                  wp_plan_from_cbor.
 * The item heads are read by wp__dec_rnext, inline here: it is the inner
 * loop of loading. Every function returns 0 or a negative WP_E* code with
 * the error set, naming the byte offset.
 */
#ifndef WP_DECODEX_H
#define WP_DECODEX_H

#include "internal.h"
#include "cborio.h"
#include "codec.h"
#include "format.h"

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

/* ---- item heads (inline) ---- */

/** WP_EFORMAT: `what` at the item's offset is not `expected`. */
int wp__dec_bad_type(const wp__citem *it, const char *what, const char *expected);

static inline size_t wp__dec_here(const dec *d) { return d->r->base + d->r->pos; }

/* The next item head. The common, well-formed heads (integers, strings,
 * arrays, maps, tags, booleans, null) are decoded here, inline; anything
 * else — floats, malformed or truncated input — goes through wp__r_next
 * (libcbor), which also words every error, so messages do not depend on
 * the path taken. */
static inline int wp__dec_rnext(wp__reader *r, wp__citem *it)
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

static inline int wp__dec_next(dec *d, wp__citem *it, wp__ctype type, const char *what)
{
    int rc = wp__dec_rnext(d->r, it);
    if (rc < 0)
        return rc;
    if (it->type != type)
        return wp__dec_bad_type(it, what, wp__ctype_name(type));
    return 0;
}
static inline void wp__dec_close_array(dec *d) { d->depth--; }

/* An unsigned integer at most `max`. */
static inline int wp__dec_read_uint(dec *d, uint64_t *out, uint64_t max, const char *what)
{
    wp__citem it;
    int rc;
    *out = 0; /* 0 on failure: the callers' uses are then provably set */
    rc = wp__dec_next(d, &it, WP__C_UINT, what);
    if (rc < 0)
        return rc;
    if (it.u > max)
        return wp__err_at(WP_EFORMAT, it.offset, 0, 0, "%s at byte %zu: %llu is out of range (0..%llu)",
                          what, it.offset, (unsigned long long)it.u, (unsigned long long)max);
    *out = it.u;
    return 0;
}

static inline int wp__dec_read_enum(dec *d, int *out, int max, const char *what)
{
    uint64_t v;
    int rc = wp__dec_read_uint(d, &v, (uint64_t)max, what);
    if (rc == 0)
        *out = (int)v;
    return rc;
}

/* ---- typed items (decode_util.c) ---- */

/** Re-raise the last error (a setter's, which knows no offsets) with the
 * offset `at` of the item that caused it. */
int wp__dec_fail_with(int code, size_t at, const char *what);
/** A text string, validated and copied into the plan's arena. */
int wp__dec_read_text(dec *d, char **out, const char *what);
/** A date (tag 1004 text, or a day number). */
int wp__dec_read_date(dec *d, wp_date *out, const char *what);
/** An integer or a float. */
int wp__dec_read_number(dec *d, double *out, const char *what);
int wp__dec_read_bool(dec *d, bool *out, const char *what);
/** An array head: its length in *n; close with wp__dec_close_array. */
int wp__dec_read_array(dec *d, uint64_t *n, const char *what);
/** An array of values, each read by `one` for `node`. */
int wp__dec_read_list(dec *d, wp_node *node, int (*one)(dec *, wp_node *), const char *what);

/* ---- maps ---- */

typedef struct map_state {
    dec *d;
    const char *what;
    uint64_t left;  /* entries still to read */
    uint64_t seen;  /* known keys seen (bit k) */
    uint64_t known; /* the map's known keys (bit k: key k), WP__KNOWN */
    size_t at;      /* offset of the map head */
    wp__xlist unk;  /* the unknown entries */
} map_state;

/** Record an unknown entry of the map (start, end of key, end of value). */
int wp__dec_remember_unknown(map_state *m, size_t start, size_t keyend, size_t end);

/* One more level of nesting, for the map or array at `at`. */
static inline int wp__dec_enter(dec *d, size_t at, const char *what)
{
    if (++d->depth > MAX_DEPTH)
        return wp__err_at(WP_ELIMIT, at, 0, 0, "%s at byte %zu: nested more than %d levels deep",
                          what, at, MAX_DEPTH);
    return 0;
}

/* Open a map whose known keys are those of `known` (WP__KNOWN(last), or
 * WP__KNOWN_DOC): the JSON reader's wp__jr_members takes the same sets. */
static inline int wp__dec_open_map(dec *d, map_state *m, const char *what, uint64_t known)
{
    wp__citem it;
    int rc;
    memset(m, 0, sizeof *m);
    m->d = d;
    m->what = what;
    m->known = known;
    m->at = wp__dec_here(d);
    if ((rc = wp__dec_enter(d, m->at, what)) < 0)
        return rc;
    if ((rc = wp__dec_next(d, &it, WP__C_MAP, what)) < 0)
        return rc;
    m->left = it.u;
    return 0;
}

/* Advance to the next known key of the map: returns 1 with *key set, 0 when
 * the map is done, or an error. Unknown entries are recorded and skipped. */
static inline int wp__dec_next_key(map_state *m, unsigned *key)
{
    dec *d = m->d;
    *key = 0; /* set on every path: gcc's inliner cannot tell the loops that read it */
    while (m->left > 0) {
        wp__citem k, v;
        size_t start = d->r->pos, keyend;
        int rc;
        m->left--;
        if ((rc = wp__dec_rnext(d->r, &k)) < 0)
            return rc;
        if (k.type == WP__C_UINT && k.u < 64 && (m->known >> k.u & 1)) {
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
            (rc = wp__dec_remember_unknown(m, start, keyend, d->r->pos)) < 0)
            return rc;
    }
    return 0;
}

/** Finish a map: its unknown entries, sorted by encoded key, into `extra`. */
int wp__dec_close_map(map_state *m, wp__extra *extra);
/** Finish a node's map (or its deadline's): the unknown entries go to the
 * node's side record, created only when there are some. */
int wp__dec_close_node_map(map_state *m, wp_node *node, bool deadline);
/** WP_EFORMAT unless the map had key `key` (`name` for the message). */
int wp__dec_require(map_state *m, unsigned key, const char *name);
/** An attribute map (text keys; text, integer, float or boolean values). */
int wp__dec_read_attrs(dec *d, struct wp_attrs *attrs, const char *what);

/* Inside a function with a map_state m: on error, free m's list and return. */
#define CHECK(call)                                                            \
    do {                                                                       \
        int check_rc_ = (call);                                                \
        if (check_rc_ < 0) {                                                   \
            wp__free(m.unk.e);                                                 \
            return check_rc_;                                                  \
        }                                                                      \
    } while (0)

/* ---- nodes (decode_node.c) ---- */

/** One node map, appended to `parent`, with its subtree. */
int wp__dec_read_node(dec *d, wp_node *parent);

#endif
