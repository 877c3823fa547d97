/* The JSON reader's shared helpers (json_readx.h): paths and errors,
 * scalar values, unknown members and "_cbor_extra", objects and arrays,
 * attribute maps. */
#include "json_readx.h"
#include "format.h"
#include "cborio.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Push a path segment (".key" or "[i]"); returns the length to restore. */
size_t wp__jr_push_key(jr *j, const char *key)
{
    size_t len = strlen(j->path), k = strlen(key);
    if (len + 1 < sizeof j->path) { /* ".key", cut to fit */
        if (k > sizeof j->path - len - 2) { /* at a character's first byte */
            k = sizeof j->path - len - 2;
            while (k > 0 && ((unsigned char)key[k] & 0xc0) == 0x80)
                k--;
        }
        j->path[len] = '.';
        memcpy(j->path + len + 1, key, k);
        j->path[len + 1 + k] = '\0';
    }
    return len;
}

size_t wp__jr_push_index(jr *j, size_t index)
{
    size_t len = strlen(j->path);
    snprintf(j->path + len, sizeof j->path - len, "[%zu]", index);
    return len;
}

/* An error at the value last checked: its byte, line and column. */
static int at_err(jr *j, int code, const char *a, const char *b)
{
    size_t off = j->tape.t && j->at < j->tape.n ? j->tape.t[j->at].off : 0;
    int line, column;
    wp__jtape_where(&j->tape, off, &line, &column);
    return wp__err_at(code, off, line, column, "%s: %s", a, b);
}

int wp__jr_bad(jr *j, int code, const char *what, const char *detail)
{
    char msg[400];
    snprintf(msg, sizeof msg, "%s%s", what, detail ? detail : "");
    return at_err(j, code, j->path, msg);
}

/* Re-raise a setter's error with the path in front. */
int wp__jr_rewrap(jr *j, int rc)
{
    char msg[400];
    if (rc == WP_ENOMEM)
        return rc; /* "out of memory" says all */
    snprintf(msg, sizeof msg, "%s", wp_error_last()->message);
    return at_err(j, rc == WP_EUTF8 || rc == WP_ELIMIT ? rc : WP_EFORMAT, j->path, msg);
}

const char *wp__jr_type_name(jr *j, jv v)
{
    switch (wp__jr_type(j, v)) {
    case WP__J_OBJECT: return "an object";
    case WP__J_ARRAY: return "an array";
    case WP__J_STRING: return "a string";
    case WP__J_INTEGER: return "an integer";
    case WP__J_REAL: return "a number";
    case WP__J_TRUE: case WP__J_FALSE: return "a boolean";
    default: return "null";
    }
}

int wp__jr_want(jr *j, jv v, int t, const char *what)
{
    int have = wp__jr_type(j, v);
    char msg[200];
    j->at = v;
    if (have == t || (t == WP__J_TRUE && have == WP__J_FALSE) ||
        (t == WP__J_REAL && have == WP__J_INTEGER))
        return 0;
    snprintf(msg, sizeof msg, "expected %s, found %s", what, wp__jr_type_name(j, v));
    return wp__jr_bad(j, WP_EFORMAT, msg, NULL);
}

/* String value v decoded into scratch slot `slot`, NUL-terminated (the
 * tokenizer rejects \u0000); NULL when out of memory. */
const char *wp__jr_sv_slot(jr *j, jv v, int slot)
{
    wp__wbuf *b = &j->sc[slot];
    b->len = 0;
    b->failed = false;
    wp__jtape_string(&j->tape, v, b);
    wp__w_raw(b, "", 1);
    return b->failed ? NULL : (const char *)b->data;
}
#define wp__jr_sv(j, v) wp__jr_sv_slot(j, v, 0)

/* Member `key` of object `obj`, or NONE. */
jv wp__jr_get(jr *j, jv obj, const char *key)
{
    const wp__jtape *t = &j->tape;
    size_t n = strlen(key);
    if (wp__jr_type(j, obj) != WP__J_OBJECT)
        return NONE;
    for (jv k = obj + 1; k < t->t[obj].aux; k = wp__jtape_next(t, k + 1))
        if (wp__jtape_string_is(t, k, key, n))
            return k + 1;
    return NONE;
}

size_t wp__jr_osize(jr *j, jv obj)
{
    size_t n = 0;
    for (jv k = obj + 1; k < j->tape.t[obj].aux; k = wp__jtape_next(&j->tape, k + 1))
        n++;
    return n;
}

/* A string member copied into the arena. */
int wp__jr_str(jr *j, jv v, char **out)
{
    int rc = wp__jr_want(j, v, WP__J_STRING, "a string");
    const char *s;
    if (rc < 0)
        return rc;
    if ((s = wp__jr_sv(j, v)) == NULL || (*out = wp__arena_strdup(&j->plan->arena, s)) == NULL)
        return wp__err_nomem();
    return 0;
}

int wp__jr_integer(jr *j, jv v, long long min, long long max, long long *out)
{
    int rc = wp__jr_want(j, v, WP__J_INTEGER, "an integer");
    if (rc < 0)
        return rc;
    *out = wp__jtape_integer(&j->tape, v);
    if (*out < min || *out > max) {
        char range[64];
        snprintf(range, sizeof range, "%lld is out of range %lld..%lld", *out, min, max);
        return wp__jr_bad(j, WP_EFORMAT, range, NULL);
    }
    return 0;
}

int wp__jr_number(jr *j, jv v, double *out)
{
    int rc = wp__jr_want(j, v, WP__J_REAL, "a number");
    if (rc == 0 && isnan(*out = wp__jtape_number(&j->tape, v)))
        return wp__err_nomem(); /* JSON has no NaN: a long number's copy failed */
    return rc;
}

int wp__jr_boolean(jr *j, jv v, bool *out)
{
    int rc = wp__jr_want(j, v, WP__J_TRUE, "a boolean");
    if (rc == 0)
        *out = wp__jr_type(j, v) == WP__J_TRUE;
    return rc;
}

int wp__jr_date(jr *j, jv v, wp_date *out)
{
    int rc = wp__jr_want(j, v, WP__J_STRING, "a date string");
    const char *s;
    if (rc == 0 && (s = wp__jr_sv(j, v)) == NULL)
        return wp__err_nomem();
    if (rc == 0 && (rc = wp_date_parse(out, s)) < 0)
        return wp__jr_rewrap(j, WP_EFORMAT);
    return rc;
}

/* An enumeration given by name. */
int wp__jr_name(jr *j, jv v, int (*parse)(int *, const char *), int *out)
{
    int rc = wp__jr_want(j, v, WP__J_STRING, "a name");
    const char *s;
    *out = 0;
    if (rc < 0)
        return rc;
    if ((s = wp__jr_sv(j, v)) == NULL)
        return wp__err_nomem();
    if (parse(out, s) < 0)
        return wp__jr_rewrap(j, WP_EFORMAT);
    return 0;
}

/* ---- unknown members -> extras ---------------------------------------------- */

/* Unknown members of one object, collected as CBOR (wp__extra). */
typedef struct xcollect {
    wp__wbuf buf;
    wp__xlist list;
    uint64_t known; /* the map's known keys (WP__KNOWN): refused as extras */
} xcollect;

/* Free what `x` holds (after an error; x_finish frees it too). */
static void x_drop(xcollect *x)
{
    wp__free(x->buf.data);
    wp__free(x->list.e);
    memset(x, 0, sizeof *x);
}

/* The entry whose key starts at `start` and whose value ends the buffer. */
static int xadd(xcollect *x, size_t start, size_t keyend)
{
    if (x->buf.failed)
        return wp__err_nomem();
    return wp__xlist_push(&x->list, (wp__xentry){start, keyend - start, x->buf.len - start});
}

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* "_cbor_extra": hex of CBOR key/value pairs, each checked. They are
 * entries of the object that holds the hex string (at level j->depth - 1),
 * so their values may nest as deep as that object's members may:
 * WP_LIMIT_DEPTH - (j->depth - 1) levels, the bound the CBOR decoder
 * applies to them once saved. */
static int x_hex(jr *j, xcollect *x, jv v)
{
    int left = WP_LIMIT_DEPTH - (j->depth - 1);
    const char *s;
    size_t n, start;
    int rc;
    if ((rc = wp__jr_want(j, v, WP__J_STRING, "a hex string")) < 0)
        return rc;
    if ((s = wp__jr_sv(j, v)) == NULL)
        return wp__err_nomem();
    n = j->sc[0].len - 1;
    if (n % 2)
        return wp__jr_bad(j, WP_EFORMAT, "odd number of hex digits", NULL);
    start = x->buf.len;
    for (size_t i = 0; i < n; i += 2) {
        int hi = hexval(s[i]), lo = hexval(s[i + 1]);
        uint8_t byte;
        if (hi < 0 || lo < 0)
            return wp__jr_bad(j, WP_EFORMAT, "not a hex digit", NULL);
        byte = (uint8_t)(hi << 4 | lo);
        wp__w_raw(&x->buf, &byte, 1);
    }
    if (x->buf.failed)
        return wp__err_nomem();
    {
        wp__reader r = {x->buf.data, x->buf.len, start, 0, false};
        while (r.pos < r.len) {
            size_t es = r.pos, ke;
            wp__citem it;
            if ((rc = wp__r_next(&r, &it)) < 0)
                return wp__jr_rewrap(j, rc);
            /* The CBOR reader takes an integer key by its value, however
             * encoded (1808 is 8): a known one would come back as a field. */
            if (it.type == WP__C_UINT && it.u < 64 && (x->known >> it.u & 1)) {
                char msg[96];
                snprintf(msg, sizeof msg,
                         "entry at hex digit %zu: key %u is a known key of this object",
                         2 * (es - start), (unsigned)it.u);
                return wp__jr_bad(j, WP_EFORMAT, msg, NULL);
            }
            if ((rc = wp__r_skip(&r, &it, left)) < 0)
                return wp__jr_rewrap(j, rc);
            ke = r.pos;
            if ((rc = wp__r_next(&r, &it)) < 0 || (rc = wp__r_skip(&r, &it, left)) < 0)
                return wp__jr_rewrap(j, rc);
            if ((rc = wp__xlist_push(&x->list, (wp__xentry){es, ke - es, r.pos - es})) < 0)
                return rc;
        }
    }
    return 0;
}

/* Deterministic order of map keys: by encoded bytes, i.e. shorter first
 * (the order of wp__extra_build and of the CBOR writer). */
typedef struct xkey {
    size_t off, len; /* in the name buffer */
    jv value;
} xkey;

/* Sort keys[0..n) by name, stably (a bottom-up merge sort: qsort would
 * need the name buffer in a global): shorter names first, or with
 * `lexical` bytewise as strcmp orders them (attribute maps). */
static int key_cmp_encoded(const void *a, const void *b, void *names)
{
    const xkey *x = a, *y = b;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return memcmp((const uint8_t *)names + x->off, (const uint8_t *)names + y->off, x->len);
}

static int key_cmp_lexical(const void *a, const void *b, void *names)
{
    const xkey *x = a, *y = b;
    int c = memcmp((const uint8_t *)names + x->off, (const uint8_t *)names + y->off,
                   x->len < y->len ? x->len : y->len);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static int sort_keys(xkey *k, size_t n, const uint8_t *names, bool lexical)
{
    return wp__msort(k, n, sizeof *k, lexical ? key_cmp_lexical : key_cmp_encoded, (void *)names);
}

/* Append the CBOR of JSON value v: definite lengths, map keys in
 * deterministic order. Straight from the tape; an object's names are
 * decoded into a buffer of its own while its members are written. */
static int to_cbor(jr *j, wp__wbuf *b, jv v, int depth)
{
    const wp__jtape *t = &j->tape;
    int rc = 0;
    if (depth > 32)
        return wp__err(WP_ELIMIT, "JSON value nested too deeply");
    switch (wp__jr_type(j, v)) {
    case WP__J_OBJECT: {
        size_t n = wp__jr_osize(j, v), i = 0;
        wp__wbuf names = {NULL, 0, 0, false};
        xkey *keys = wp__malloc((n ? n : 1) * sizeof *keys);
        if (keys == NULL)
            return wp__err_nomem();
        for (jv k = v + 1; k < t->t[v].aux; k = wp__jtape_next(t, k + 1), i++) {
            size_t at = names.len;
            wp__jtape_string(t, k, &names);
            keys[i] = (xkey){at, names.len - at, k + 1};
        }
        if (names.failed)
            rc = wp__err_nomem();
        /* names.data stays NULL when every name is "" */
        const uint8_t *nm = names.data ? names.data : (const uint8_t *)"";
        if (rc == 0)
            rc = sort_keys(keys, n, nm, false);
        if (rc == 0)
            wp__w_map(b, n);
        for (i = 0; i < n && rc == 0; i++) {
            wp__w_text_n(b, (const char *)nm + keys[i].off, keys[i].len);
            rc = to_cbor(j, b, keys[i].value, depth + 1);
        }
        wp__free(names.data);
        wp__free(keys);
        return rc;
    }
    case WP__J_ARRAY: {
        size_t n = 0;
        for (jv e = v + 1; e < t->t[v].aux; e = wp__jtape_next(t, e))
            n++;
        wp__w_array(b, n);
        for (jv e = v + 1; e < t->t[v].aux && rc == 0; e = wp__jtape_next(t, e))
            rc = to_cbor(j, b, e, depth + 1);
        return rc;
    }
    case WP__J_STRING: {
        wp__wbuf *s = &j->sc[1]; /* the text head needs the length first */
        s->len = 0;
        s->failed = false;
        wp__jtape_string(t, v, s);
        if (s->failed)
            return wp__err_nomem();
        wp__w_text_n(b, s->len ? (const char *)s->data : "", s->len);
        return 0;
    }
    case WP__J_INTEGER:
        wp__w_int(b, (int64_t)wp__jtape_integer(t, v));
        return 0;
    case WP__J_REAL: {
        double d = wp__jtape_number(t, v);
        if (isnan(d))
            return wp__err_nomem();
        wp__w_float(b, d);
        return 0;
    }
    case WP__J_TRUE:
    case WP__J_FALSE:
        wp__w_bool(b, wp__jr_type(j, v) == WP__J_TRUE);
        return 0;
    default:
        wp__w_null(b);
        return 0;
    }
}

static int x_member(jr *j, xcollect *x, const char *key, jv v)
{
    size_t start = x->buf.len, keyend;
    int rc;
    if (strcmp(key, "_cbor_extra") == 0)
        return x_hex(j, x, v);
    wp__w_text(&x->buf, key);
    keyend = x->buf.len;
    if ((rc = to_cbor(j, &x->buf, v, 0)) < 0)
        return wp__jr_rewrap(j, rc);
    return xadd(x, start, keyend);
}

static int x_finish(jr *j, xcollect *x, wp__extra *out)
{
    int rc = x->buf.failed ? wp__err_nomem() : 0;
    if (rc == 0) /* it sorts the entries */
        rc = wp__extra_build(&j->plan->arena, x->buf.data, x->list.e, x->list.n, out, WP__NO_BASE,
                             "unknown members");
    x_drop(x);
    if (rc < 0 && rc != WP_ENOMEM) { /* at the object's place in the JSON */
        char msg[200];
        snprintf(msg, sizeof msg, "%s", wp_error_last()->message);
        return wp__jr_bad(j, rc, msg, NULL);
    }
    return rc;
}

/* Iterate an object's members; `fn` handles known names and returns 1 for
 * names it does not know, which become extras (or an error when `extra`
 * is NULL). Names are decoded onto j->keys, a stack: `fn` may recurse, so
 * the name is found again by its offset after the call. */

int wp__jr_members(jr *j, jv obj, member_fn fn, void *ctx, wp__extra *extra, uint64_t known)
{
    const wp__jtape *t = &j->tape;
    xcollect x;
    int rc = wp__jr_want(j, obj, WP__J_OBJECT, "an object");
    if (rc < 0)
        return rc;
    memset(&x, 0, sizeof x);
    x.known = known;
    for (jv k = obj + 1; k < t->t[obj].aux && rc >= 0; k = wp__jtape_next(t, k + 1)) {
        size_t base = j->keys.len, mark;
        wp__jtape_string(t, k, &j->keys);
        wp__w_raw(&j->keys, "", 1);
        if (j->keys.failed) {
            rc = wp__err_nomem();
            break;
        }
        mark = wp__jr_push_key(j, (const char *)j->keys.data + base);
        j->at = k + 1;
        j->depth++;
        rc = fn(j, ctx, (const char *)j->keys.data + base, k + 1);
        if (rc == 1) {
            j->at = k + 1;
            rc = extra ? x_member(j, &x, (const char *)j->keys.data + base, k + 1)
                       : wp__jr_bad(j, WP_EFORMAT, "unknown member", NULL);
        }
        j->depth--;
        wp__jr_pop(j, mark);
        j->keys.len = base;
    }
    if (rc < 0) {
        x_drop(&x);
        return rc;
    }
    j->at = obj; /* a repeated key is the object's error */
    return extra ? x_finish(j, &x, extra) : 0;
}

int wp__jr_array(jr *j, jv v, int (*fn)(jr *, void *, jv), void *ctx)
{
    int rc = wp__jr_want(j, v, WP__J_ARRAY, "an array");
    size_t i = 0;
    for (jv e = v + 1; rc == 0 && e < j->tape.t[v].aux; e = wp__jtape_next(&j->tape, e), i++) {
        size_t mark = wp__jr_push_index(j, i);
        j->at = e;
        j->depth++;
        rc = fn(j, ctx, e);
        j->depth--;
        wp__jr_pop(j, mark);
    }
    return rc;
}

int wp__jr_require(jr *j, jv obj, const char *key)
{
    j->at = obj;
    return wp__jr_has(j, obj, key) ? 0 : wp__jr_bad(j, WP_EFORMAT, "missing member ", key);
}

/* Named member `key` of `obj` read by `fn` with the path extended. */
int wp__jr_sub(jr *j, jv obj, const char *key,
               int (*fn)(jr *, void *, jv), void *ctx)
{
    jv v = wp__jr_get(j, obj, key);
    size_t mark;
    int rc;
    if (v == NONE)
        return 0;
    mark = wp__jr_push_key(j, key);
    j->depth++;
    rc = wp__jr_array(j, v, fn, ctx);
    j->depth--;
    wp__jr_pop(j, mark);
    return rc;
}

static int attrs_member(jr *j, void *c, const char *k, jv v)
{
    wp_attrs *a = c;
    wp_value val;
    int rc;
    switch (wp__jr_type(j, v)) {
    case WP__J_STRING:
        val.type = WP_VALUE_TEXT;
        if ((rc = wp__jr_str(j, v, (char **)&val.as.text)) < 0)
            return rc;
        break;
    case WP__J_INTEGER:
        val.type = WP_VALUE_INT;
        val.as.integer = wp__jtape_integer(&j->tape, v);
        break;
    case WP__J_REAL:
        val.type = WP_VALUE_FLOAT;
        if ((rc = wp__jr_number(j, v, &val.as.real)) < 0)
            return rc;
        break;
    case WP__J_TRUE:
    case WP__J_FALSE:
        val.type = WP_VALUE_BOOL;
        val.as.boolean = wp__jr_type(j, v) == WP__J_TRUE;
        break;
    default: {
        char msg[120];
        snprintf(msg, sizeof msg, "expected text, integer, number or boolean, found %s", wp__jr_type_name(j, v));
        return wp__jr_bad(j, WP_EFORMAT, msg, NULL);
    }
    }
    if ((rc = wp_attrs_set(a, k, &val)) < 0)
        return wp__jr_rewrap(j, rc);
    return 0;
}

/* The members are set in name order: the map is a sorted array, and
 * setting names as they come moved it at every insertion, O(n^2) (65,536
 * names in reverse order took 1.4 s for 0.85 MB). */
int wp__jr_attrs(jr *j, jv v, wp_attrs *a)
{
    const wp__jtape *t = &j->tape;
    wp__wbuf names = {NULL, 0, 0, false};
    xkey *keys;
    size_t n, i = 0;
    int rc = wp__jr_want(j, v, WP__J_OBJECT, "an object");
    if (rc < 0)
        return rc;
    n = wp__jr_osize(j, v);
    if ((keys = wp__malloc((n ? n : 1) * sizeof *keys)) == NULL)
        return wp__err_nomem();
    for (jv k = v + 1; k < t->t[v].aux; k = wp__jtape_next(t, k + 1), i++) {
        size_t at = names.len;
        wp__jtape_string(t, k, &names);
        keys[i] = (xkey){at, names.len - at, k + 1};
        wp__w_raw(&names, "", 1); /* NUL-terminated: the tokenizer rejects \u0000 */
    }
    rc = names.failed ? wp__err_nomem() : sort_keys(keys, n, names.data, true);
    for (i = 0; i < n && rc == 0; i++) {
        const char *key = (const char *)names.data + keys[i].off;
        size_t mark = wp__jr_push_key(j, key);
        j->at = keys[i].value;
        j->depth++;
        rc = attrs_member(j, a, key, keys[i].value);
        j->depth--;
        wp__jr_pop(j, mark);
    }
    wp__free(names.data);
    wp__free(keys);
    return rc;
}
