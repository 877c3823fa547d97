/* JSON import: a validating tokenizer (json_tape.c) records one 8-byte
 * token per value and member name, then the plan is built from the tokens
 * with the validation of the CBOR decoder. Peak memory is the tape (at
 * most 4x the input) and the plan: no tree of the document is ever built.
 * Errors name the JSON path of the bad value (plan.nodes[2].kind) and its
 * byte, line and column. */
#include "internal.h"
#include "codec.h"
#include "format.h"
#include "cborio.h"
#include "json_tape.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A value: the index of its token on the tape (0, the document itself, is
 * never a member's value, so it also means "absent"). */
typedef uint32_t jv;
#define NONE ((jv)0)

typedef struct jr {
    wp_plan *plan;
    wp__jtape tape;
    size_t nodes;    /* read so far, against WP_LIMIT_NODES */
    jv at;           /* the value last checked: the position of errors */
    wp__wbuf sc[2];  /* decoded strings, NUL-terminated */
    wp__wbuf keys;   /* member names being read, a stack */
    char path[512];
    /* Nesting level of the value being read (the document is 1), counted
     * as the tokenizer and the CBOR decoder count: members() and array()
     * read their object or array at this level and its members one level
     * down, sub() reads a member of the value being read. */
    int depth;
} jr;

/* Push a path segment (".key" or "[i]"); returns the length to restore. */
static size_t push_key(jr *j, const char *key)
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

static size_t push_index(jr *j, size_t index)
{
    size_t len = strlen(j->path);
    snprintf(j->path + len, sizeof j->path - len, "[%zu]", index);
    return len;
}
static void pop(jr *j, size_t len) { j->path[len] = '\0'; }

/* An error at the value last checked: its byte, line and column. */
static int at_err(jr *j, int code, const char *a, const char *b)
{
    size_t off = j->tape.t && j->at < j->tape.n ? j->tape.t[j->at].off : 0;
    int line, column;
    wp__jtape_where(&j->tape, off, &line, &column);
    return wp__err_at(code, off, line, column, "%s: %s", a, b);
}

static int bad(jr *j, int code, const char *what, const char *detail)
{
    char msg[400];
    snprintf(msg, sizeof msg, "%s%s", what, detail ? detail : "");
    return at_err(j, code, j->path, msg);
}

/* Re-raise a setter's error with the path in front. */
static int rewrap(jr *j, int rc)
{
    char msg[400];
    if (rc == WP_ENOMEM)
        return rc; /* "out of memory" says all */
    snprintf(msg, sizeof msg, "%s", wp_error_last()->message);
    return at_err(j, rc == WP_EUTF8 || rc == WP_ELIMIT ? rc : WP_EFORMAT, j->path, msg);
}

static int type(jr *j, jv v) { return wp__jtape_type(&j->tape, v); }

static const char *type_name(jr *j, jv v)
{
    switch (type(j, v)) {
    case WP__J_OBJECT: return "an object";
    case WP__J_ARRAY: return "an array";
    case WP__J_STRING: return "a string";
    case WP__J_INTEGER: return "an integer";
    case WP__J_REAL: return "a number";
    case WP__J_TRUE: case WP__J_FALSE: return "a boolean";
    default: return "null";
    }
}

static int want(jr *j, jv v, int t, const char *what)
{
    int have = type(j, v);
    char msg[200];
    j->at = v;
    if (have == t || (t == WP__J_TRUE && have == WP__J_FALSE) ||
        (t == WP__J_REAL && have == WP__J_INTEGER))
        return 0;
    snprintf(msg, sizeof msg, "expected %s, found %s", what, type_name(j, v));
    return bad(j, WP_EFORMAT, msg, NULL);
}

/* String value v decoded into scratch slot `slot`, NUL-terminated (the
 * tokenizer rejects \u0000); NULL when out of memory. */
static const char *sv_slot(jr *j, jv v, int slot)
{
    wp__wbuf *b = &j->sc[slot];
    b->len = 0;
    b->failed = false;
    wp__jtape_string(&j->tape, v, b);
    wp__w_raw(b, "", 1);
    return b->failed ? NULL : (const char *)b->data;
}
#define sv(j, v) sv_slot(j, v, 0)

/* Member `key` of object `obj`, or NONE. */
static jv get(jr *j, jv obj, const char *key)
{
    const wp__jtape *t = &j->tape;
    size_t n = strlen(key);
    if (type(j, obj) != WP__J_OBJECT)
        return NONE;
    for (jv k = obj + 1; k < t->t[obj].aux; k = wp__jtape_next(t, k + 1))
        if (wp__jtape_string_is(t, k, key, n))
            return k + 1;
    return NONE;
}

static size_t osize(jr *j, jv obj)
{
    size_t n = 0;
    for (jv k = obj + 1; k < j->tape.t[obj].aux; k = wp__jtape_next(&j->tape, k + 1))
        n++;
    return n;
}

/* A string member copied into the arena. */
static int str(jr *j, jv v, char **out)
{
    int rc = want(j, v, WP__J_STRING, "a string");
    const char *s;
    if (rc < 0)
        return rc;
    if ((s = sv(j, v)) == NULL || (*out = wp__arena_strdup(&j->plan->arena, s)) == NULL)
        return wp__err_nomem();
    return 0;
}

static int integer(jr *j, jv v, long long min, long long max, long long *out)
{
    int rc = want(j, v, WP__J_INTEGER, "an integer");
    if (rc < 0)
        return rc;
    *out = wp__jtape_integer(&j->tape, v);
    if (*out < min || *out > max) {
        char range[64];
        snprintf(range, sizeof range, "%lld is out of range %lld..%lld", *out, min, max);
        return bad(j, WP_EFORMAT, range, NULL);
    }
    return 0;
}

static int number(jr *j, jv v, double *out)
{
    int rc = want(j, v, WP__J_REAL, "a number");
    if (rc == 0 && isnan(*out = wp__jtape_number(&j->tape, v)))
        return wp__err_nomem(); /* JSON has no NaN: a long number's copy failed */
    return rc;
}

static int boolean(jr *j, jv v, bool *out)
{
    int rc = want(j, v, WP__J_TRUE, "a boolean");
    if (rc == 0)
        *out = type(j, v) == WP__J_TRUE;
    return rc;
}

static int date(jr *j, jv v, wp_date *out)
{
    int rc = want(j, v, WP__J_STRING, "a date string");
    const char *s;
    if (rc == 0 && (s = sv(j, v)) == NULL)
        return wp__err_nomem();
    if (rc == 0 && (rc = wp_date_parse(out, s)) < 0)
        return rewrap(j, WP_EFORMAT);
    return rc;
}

/* An enumeration given by name. */
static int name(jr *j, jv v, int (*parse)(int *, const char *), int *out)
{
    int rc = want(j, v, WP__J_STRING, "a name");
    const char *s;
    *out = 0;
    if (rc < 0)
        return rc;
    if ((s = sv(j, v)) == NULL)
        return wp__err_nomem();
    if (parse(out, s) < 0)
        return rewrap(j, WP_EFORMAT);
    return 0;
}

#define PARSER(fn, type)                                                       \
    static int fn##_int(int *out, const char *s)                               \
    {                                                                          \
        type t;                                                                \
        int rc = fn(&t, s);                                                    \
        *out = (int)t;                                                         \
        return rc;                                                             \
    }
PARSER(wp_plan_kind_parse, wp_plan_kind)
PARSER(wp_node_kind_parse, wp_node_kind)
PARSER(wp_status_parse, wp_status)
PARSER(wp_role_parse, wp_role)
PARSER(wp_op_parse, wp_op)
PARSER(wp_precision_parse, wp_precision)
PARSER(wp_report_state_parse, wp_report_state)

/* ---- unknown members -> extras ---------------------------------------------- */

typedef struct xcollect {
    wp__wbuf buf;
    wp__xentry *e;
    uint32_t n, cap;
    uint64_t known; /* the map's known keys (WP__KNOWN): refused as extras */
} xcollect;

static int xadd(xcollect *x, size_t start, size_t keyend)
{
    if (x->buf.failed)
        return wp__err_nomem();
    if (x->n == x->cap) {
        uint32_t cap = x->cap ? x->cap * 2 : 4;
        void *p = wp__realloc(x->e, cap * sizeof *x->e);
        if (p == NULL)
            return wp__err_nomem();
        x->e = p;
        x->cap = cap;
    }
    x->e[x->n++] = (wp__xentry){start, keyend - start, x->buf.len - start};
    return 0;
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
    if ((rc = want(j, v, WP__J_STRING, "a hex string")) < 0)
        return rc;
    if ((s = sv(j, v)) == NULL)
        return wp__err_nomem();
    n = j->sc[0].len - 1;
    if (n % 2)
        return bad(j, WP_EFORMAT, "odd number of hex digits", NULL);
    start = x->buf.len;
    for (size_t i = 0; i < n; i += 2) {
        int hi = hexval(s[i]), lo = hexval(s[i + 1]);
        uint8_t byte;
        if (hi < 0 || lo < 0)
            return bad(j, WP_EFORMAT, "not a hex digit", NULL);
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
                return rewrap(j, rc);
            /* The CBOR reader takes an integer key by its value, however
             * encoded (1808 is 8): a known one would come back as a field. */
            if (it.type == WP__C_UINT && it.u < 64 && (x->known >> it.u & 1)) {
                char msg[96];
                snprintf(msg, sizeof msg,
                         "entry at hex digit %zu: key %u is a known key of this object",
                         2 * (es - start), (unsigned)it.u);
                return bad(j, WP_EFORMAT, msg, NULL);
            }
            if ((rc = wp__r_skip(&r, &it, left)) < 0)
                return rewrap(j, rc);
            ke = r.pos;
            if ((rc = wp__r_next(&r, &it)) < 0 || (rc = wp__r_skip(&r, &it, left)) < 0)
                return rewrap(j, rc);
            if (x->n == x->cap) {
                uint32_t cap = x->cap ? x->cap * 2 : 4;
                void *p = wp__realloc(x->e, cap * sizeof *x->e);
                if (p == NULL)
                    return wp__err_nomem();
                x->e = p;
                x->cap = cap;
            }
            x->e[x->n++] = (wp__xentry){es, ke - es, r.pos - es};
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
    switch (type(j, v)) {
    case WP__J_OBJECT: {
        size_t n = osize(j, v), i = 0;
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
        wp__w_bool(b, type(j, v) == WP__J_TRUE);
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
        return rewrap(j, rc);
    return xadd(x, start, keyend);
}

static int x_finish(jr *j, xcollect *x, wp__extra *out)
{
    int rc = x->buf.failed ? wp__err_nomem() : 0;
    if (rc == 0) /* it sorts the entries */
        rc = wp__extra_build(&j->plan->arena, x->buf.data, x->e, x->n, out, 0, j->path);
    wp__free(x->buf.data);
    wp__free(x->e);
    memset(x, 0, sizeof *x);
    return rc;
}

/* Iterate an object's members; `fn` handles known names and returns 1 for
 * names it does not know, which become extras (or an error when `extra`
 * is NULL). Names are decoded onto j->keys, a stack: `fn` may recurse, so
 * the name is found again by its offset after the call. */
typedef int (*member_fn)(jr *j, void *ctx, const char *key, jv v);

static int members(jr *j, jv obj, member_fn fn, void *ctx, wp__extra *extra, uint64_t known)
{
    const wp__jtape *t = &j->tape;
    xcollect x;
    int rc = want(j, obj, WP__J_OBJECT, "an object");
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
        mark = push_key(j, (const char *)j->keys.data + base);
        j->at = k + 1;
        j->depth++;
        rc = fn(j, ctx, (const char *)j->keys.data + base, k + 1);
        if (rc == 1) {
            j->at = k + 1;
            rc = extra ? x_member(j, &x, (const char *)j->keys.data + base, k + 1)
                       : bad(j, WP_EFORMAT, "unknown member", NULL);
        }
        j->depth--;
        pop(j, mark);
        j->keys.len = base;
    }
    if (rc < 0) {
        wp__free(x.buf.data);
        wp__free(x.e);
        return rc;
    }
    return extra ? x_finish(j, &x, extra) : 0;
}

static int array(jr *j, jv v, int (*fn)(jr *, void *, jv), void *ctx)
{
    int rc = want(j, v, WP__J_ARRAY, "an array");
    size_t i = 0;
    for (jv e = v + 1; rc == 0 && e < j->tape.t[v].aux; e = wp__jtape_next(&j->tape, e), i++) {
        size_t mark = push_index(j, i);
        j->at = e;
        j->depth++;
        rc = fn(j, ctx, e);
        j->depth--;
        pop(j, mark);
    }
    return rc;
}

static bool has(jr *j, jv obj, const char *key)
{
    return get(j, obj, key) != NONE;
}

static int require(jr *j, jv obj, const char *key)
{
    j->at = obj;
    return has(j, obj, key) ? 0 : bad(j, WP_EFORMAT, "missing member ", key);
}

/* ---- objects ------------------------------------------------------------------ */

typedef struct docnum_ctx {
    wp_doc_number *n;
} docnum_ctx;

static int docnum_member(jr *j, void *c, const char *k, jv v)
{
    wp_doc_number *n = ((docnum_ctx *)c)->n;
    long long x;
    int rc;
    if (strcmp(k, "text") == 0)
        return str(j, v, (char **)&n->text);
    if (strcmp(k, "prefix") == 0)
        return str(j, v, (char **)&n->prefix);
    if (strcmp(k, "year") == 0) {
        if ((rc = integer(j, v, 0, 9999, &x)) == 0)
            n->year = (int)x;
        return rc;
    }
    if (strcmp(k, "serial") == 0) {
        if ((rc = integer(j, v, 0, INT32_MAX, &x)) == 0)
            n->serial = (int)x;
        return rc;
    }
    return 1;
}

static int doc_number(jr *j, jv v, wp_doc_number *n, wp__extra *x)
{
    docnum_ctx c = {n};
    int rc;
    memset(n, 0, sizeof *n);
    if ((rc = members(j, v, docnum_member, &c, x, WP__KNOWN(K_DOCNUM_SERIAL))) < 0)
        return rc;
    if (n->text == NULL || n->text[0] == '\0')
        return bad(j, WP_EFORMAT, "missing member ", "text");
    return 0;
}

static int attrs_member(jr *j, void *c, const char *k, jv v)
{
    wp_attrs *a = c;
    wp_value val;
    int rc;
    switch (type(j, v)) {
    case WP__J_STRING:
        val.type = WP_VALUE_TEXT;
        if ((rc = str(j, v, (char **)&val.as.text)) < 0)
            return rc;
        break;
    case WP__J_INTEGER:
        val.type = WP_VALUE_INT;
        val.as.integer = wp__jtape_integer(&j->tape, v);
        break;
    case WP__J_REAL:
        val.type = WP_VALUE_FLOAT;
        if ((rc = number(j, v, &val.as.real)) < 0)
            return rc;
        break;
    case WP__J_TRUE:
    case WP__J_FALSE:
        val.type = WP_VALUE_BOOL;
        val.as.boolean = type(j, v) == WP__J_TRUE;
        break;
    default: {
        char msg[120];
        snprintf(msg, sizeof msg, "expected text, integer, number or boolean, found %s", type_name(j, v));
        return bad(j, WP_EFORMAT, msg, NULL);
    }
    }
    if ((rc = wp_attrs_set(a, k, &val)) < 0)
        return rewrap(j, rc);
    return 0;
}

/* The members are set in name order: the map is a sorted array, and
 * setting names as they come moved it at every insertion, O(n^2) (65,536
 * names in reverse order took 1.4 s for 0.85 MB). */
static int attrs(jr *j, jv v, wp_attrs *a)
{
    const wp__jtape *t = &j->tape;
    wp__wbuf names = {NULL, 0, 0, false};
    xkey *keys;
    size_t n, i = 0;
    int rc = want(j, v, WP__J_OBJECT, "an object");
    if (rc < 0)
        return rc;
    n = osize(j, v);
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
        size_t mark = push_key(j, key);
        j->at = keys[i].value;
        j->depth++;
        rc = attrs_member(j, a, key, keys[i].value);
        j->depth--;
        pop(j, mark);
    }
    wp__free(names.data);
    wp__free(keys);
    return rc;
}

static int deadline_member(jr *j, void *c, const char *k, jv v)
{
    wp_deadline *d = c;
    int p, rc;
    if (strcmp(k, "text") == 0)
        return str(j, v, (char **)&d->text);
    if (strcmp(k, "start") == 0)
        return date(j, v, &d->start);
    if (strcmp(k, "end") == 0)
        return date(j, v, &d->end);
    if (strcmp(k, "precision") == 0) {
        if ((rc = name(j, v, wp_precision_parse_int, &p)) == 0)
            d->precision = (wp_precision)p;
        return rc;
    }
    if (strcmp(k, "aspirational") == 0)
        return boolean(j, v, &d->aspirational);
    return 1;
}

static int assignment(jr *j, void *c, jv v)
{
    wp_node *n = c;
    jv u = get(j, v, "unit"), r = get(j, v, "role"), p = get(j, v, "person");
    const wp__jtape *t = &j->tape;
    wp_unit *unit = NULL;
    const char *s;
    int role = 0, rc;
    xcollect x;
    wp__extra ax = {NULL, 0, 0};
    if ((rc = want(j, v, WP__J_OBJECT, "an object")) < 0 || (rc = require(j, v, "unit")) < 0 ||
        (rc = require(j, v, "role")) < 0)
        return rc;
    {
        size_t mark = push_key(j, "unit");
        if ((rc = want(j, u, WP__J_STRING, "a unit id")) == 0) {
            if ((s = sv(j, u)) == NULL)
                rc = wp__err_nomem();
            else if ((unit = wp_unit_get(j->plan, s)) == NULL)
                rc = bad(j, WP_EFORMAT, "no unit has the id ", s);
        }
        pop(j, mark);
        if (rc < 0)
            return rc;
    }
    {
        size_t mark = push_key(j, "role");
        rc = name(j, r, wp_role_parse_int, &role);
        pop(j, mark);
        if (rc < 0)
            return rc;
    }
    s = NULL;
    if (p != NONE && ((rc = want(j, p, WP__J_STRING, "a string")) < 0 ||
                      ((s = sv(j, p)) == NULL && (rc = wp__err_nomem()) < 0)))
        return rc;
    j->at = v;
    /* appended without wp_node_assign's scan for the same unit and role
     * (O(k) each): assignments() checks them all at once */
    {
        void *items = n->assigns;
        char *copy = NULL;
        if (s != NULL && (copy = wp__arena_strdup(&j->plan->arena, s)) == NULL)
            return wp__err_nomem();
        if ((rc = wp__arena_reserve(&j->plan->arena, &items, &n->cap_assigns, n->n_assigns + 1,
                                    sizeof(wp__assign))) < 0)
            return rc;
        n->assigns = items;
        n->assigns[n->n_assigns++] = (wp__assign){unit->index, (wp_role)role};
        if (copy != NULL) { /* UTF-8 checked by the tokenizer */
            wp__assign_x *side = wp__assign_x_mut(n, n->n_assigns - 1);
            if (side == NULL)
                return WP_ENOMEM;
            side->person = copy;
        }
    }
    memset(&x, 0, sizeof x);
    x.known = WP__KNOWN(K_ASSIGN_PERSON);
    for (jv k = v + 1; k < t->t[v].aux; k = wp__jtape_next(t, k + 1)) {
        size_t base = j->keys.len;
        const char *key;
        wp__jtape_string(t, k, &j->keys);
        wp__w_raw(&j->keys, "", 1);
        key = (const char *)j->keys.data;
        rc = j->keys.failed ? wp__err_nomem() : 0;
        if (rc == 0 && strcmp(key + base, "unit") && strcmp(key + base, "role") &&
            strcmp(key + base, "person")) {
            size_t mark = push_key(j, key + base); /* errors name the member */
            j->depth++;
            rc = x_member(j, &x, (const char *)j->keys.data + base, k + 1);
            j->depth--;
            pop(j, mark);
        }
        j->keys.len = base;
        if (rc < 0) {
            wp__free(x.buf.data);
            wp__free(x.e);
            return rc;
        }
    }
    return (rc = x_finish(j, &x, &ax)) < 0 ? rc : wp__assign_adopt_extra(n, n->n_assigns - 1, &ax);
}

/* The assignments of a node, then one check for two with the same unit
 * and role: a stable merge sort of their positions, O(k log k) (each was
 * checked against those before it: a node assigned to 160,000 units took
 * seconds). */
static int assignments(jr *j, jv v, wp_node *n)
{
    uint32_t base = n->n_assigns, k;
    long dup = -1;
    int rc = array(j, v, assignment, n);
    if (rc < 0)
        return rc;
    /* the side parts cover every assignment */
    if (n->more != NULL && n->more->assign_x != NULL && n->n_assigns > 0 &&
        wp__assign_x_mut(n, n->n_assigns - 1) == NULL)
        return WP_ENOMEM;
    if ((k = n->n_assigns - base) < 2)
        return 0;
    if ((dup = wp__assign_first_repeat(n, base)) == -2)
        return wp__err_nomem();
    {
        const wp__assign *a = n->assigns + base;
        if (dup >= 0) {
            const wp_unit *u = j->plan->units.items[a[dup].unit_ix];
            jv e = v + 1;
            char msg[300];
            size_t mark = push_index(j, (size_t)dup);
            for (long i = 0; i < dup; i++)
                e = wp__jtape_next(&j->tape, e);
            j->at = e;
            snprintf(msg, sizeof msg, "unit '%.200s' is already assigned as %s", u->name,
                     wp_role_name(a[dup].role));
            rc = bad(j, WP_EFORMAT, msg, NULL);
            pop(j, mark);
        }
    }
    return rc;
}

static int indicator_member(jr *j, void *c, const char *k, jv v)
{
    wp_indicator *ind = c;
    int op, rc;
    if (strcmp(k, "text") == 0)
        return str(j, v, &ind->text);
    if (strcmp(k, "subject") == 0)
        return str(j, v, &ind->subject);
    if (strcmp(k, "unit") == 0)
        return str(j, v, &ind->unit);
    if (strcmp(k, "op") == 0) {
        if ((rc = name(j, v, wp_op_parse_int, &op)) == 0)
            ind->op = (wp_op)op;
        return rc;
    }
    if (strcmp(k, "value") == 0)
        return number(j, v, &ind->value);
    if (strcmp(k, "baseline") == 0)
        return number(j, v, &ind->baseline);
    if (strcmp(k, "max") == 0)
        return number(j, v, &ind->max);
    if (strcmp(k, "aspirational") == 0)
        return boolean(j, v, &ind->aspirational);
    if (strcmp(k, "cumulative") == 0)
        return boolean(j, v, &ind->cumulative);
    if (strcmp(k, "actual") == 0) /* derived from the reports: not stored */
        return number(j, v, &(double){0});
    return 1;
}

static int indicator(jr *j, void *c, jv v)
{
    wp_node *n = c;
    wp_indicator *ind;
    int rc;
    if ((rc = want(j, v, WP__J_OBJECT, "an object")) < 0 || (rc = require(j, v, "text")) < 0 ||
        (rc = require(j, v, "value")) < 0)
        return rc;
    if ((rc = wp_node_add_indicator(&ind, n, "-")) < 0)
        return rewrap(j, rc);
    if ((rc = members(j, v, indicator_member, ind, &ind->extra, WP__KNOWN(K_IND_MAX))) < 0)
        return rc;
    if (ind->text[0] == '\0')
        return bad(j, WP_EFORMAT, "indicator text is empty", NULL);
    return 0;
}

/* The actuals of a report: read, checked for duplicates at once (a stable
 * merge sort by indicator), then appended. Checking each against those
 * before it (wp_report_actual_for, wp_report_set_actual) was O(n^2):
 * 40,000 actuals took 1 s. */
typedef struct actual_in {
    uint32_t index, order; /* indicator; position in the array */
    jv tok;
    double value;
} actual_in;

typedef struct actuals_ctx {
    wp_report *r;
    actual_in *in; /* room for indicators + 1: one more holds a duplicate */
    uint32_t n;
} actuals_ctx;

static int actual(jr *j, void *c, jv v)
{
    actuals_ctx *ctx = c;
    wp_report *r = ctx->r;
    long long index = 0;
    double value = 0;
    int rc;
    if ((rc = want(j, v, WP__J_OBJECT, "an object")) < 0 ||
        (rc = require(j, v, "indicator")) < 0 || (rc = require(j, v, "value")) < 0 ||
        (rc = integer(j, get(j, v, "indicator"), 0, (long long)r->node->indicators.n - 1,
                      &index)) < 0 ||
        (rc = number(j, get(j, v, "value"), &value)) < 0)
        return rc;
    if (osize(j, v) != 2)
        return bad(j, WP_EFORMAT, "an actual has only indicator and value", NULL);
    ctx->in[ctx->n] = (actual_in){(uint32_t)index, ctx->n, v, value};
    ctx->n++;
    return ctx->n > r->node->indicators.n ? 1 : 0; /* 1: a duplicate for sure */
}

/* The first duplicate (in input order) of in[0..n), -1 if none, -2 when
 * out of memory. */
static int actual_cmp(uint32_t a, uint32_t b, void *ctx)
{
    const actual_in *in = ctx;
    return (in[a].index > in[b].index) - (in[a].index < in[b].index);
}

static long first_duplicate(const actual_in *in, uint32_t n)
{
    return wp__first_repeat(n, actual_cmp, (void *)in);
}

static int actuals(jr *j, jv v, wp_report *r)
{
    uint32_t ni = r->node->indicators.n;
    actuals_ctx ctx = {r, wp__malloc(((size_t)ni + 1) * sizeof(actual_in)), 0};
    long dup;
    int rc;
    if (ctx.in == NULL)
        return wp__err_nomem();
    rc = array(j, v, actual, &ctx);
    if ((rc == 0 || rc == 1) && (dup = first_duplicate(ctx.in, ctx.n)) != -1) {
        if (dup == -2) {
            rc = wp__err_nomem();
        } else {
            size_t mark = push_index(j, (size_t)dup);
            j->at = ctx.in[dup].tok;
            rc = bad(j, WP_EFORMAT, "indicator given twice", NULL);
            pop(j, mark);
        }
    }
    if (rc == 0 && ctx.n > 0) { /* distinct, existing, finite: appended as they are */
        void *items = r->actuals;
        if ((rc = wp__arena_reserve(&j->plan->arena, &items, &r->cap_actuals, r->n_actuals + ctx.n,
                                    sizeof(wp__actual))) == 0) {
            r->actuals = items;
            for (uint32_t i = 0; i < ctx.n; i++)
                r->actuals[r->n_actuals++] =
                    (wp__actual){r->node->indicators.items[ctx.in[i].index], ctx.in[i].value};
        }
    }
    wp__free(ctx.in);
    return rc;
}

static int report_member(jr *j, void *c, const char *k, jv v)
{
    wp_report *r = c;
    int st, rc;
    if (strcmp(k, "date") == 0)
        return date(j, v, &r->date);
    if (strcmp(k, "by") == 0) {
        if ((rc = want(j, v, WP__J_STRING, "a unit id")) < 0)
            return rc;
        if (sv(j, v) == NULL)
            return wp__err_nomem();
        if ((r->by = wp_unit_get(j->plan, sv(j, v))) == NULL)
            return bad(j, WP_EFORMAT, "no unit has the id ", sv(j, v));
        return 0;
    }
    if (strcmp(k, "text") == 0)
        return str(j, v, &r->text);
    if (strcmp(k, "percent") == 0) {
        if ((rc = number(j, v, &r->percent)) == 0 && !(r->percent >= 0 && r->percent <= 100))
            return bad(j, WP_EFORMAT, "percent is outside 0..100", NULL);
        return rc;
    }
    if (strcmp(k, "state") == 0) {
        if ((rc = name(j, v, wp_report_state_parse_int, &st)) == 0)
            r->state = (wp_report_state)st;
        return rc;
    }
    if (strcmp(k, "actuals") == 0)
        return actuals(j, v, r);
    return 1;
}

static int report(jr *j, void *c, jv v)
{
    wp_node *n = c;
    wp_report *r;
    int rc;
    if ((rc = want(j, v, WP__J_OBJECT, "an object")) < 0 || (rc = require(j, v, "date")) < 0)
        return rc;
    if ((rc = wp_node_add_report(&r, n, 10101)) < 0)
        return rewrap(j, rc);
    return members(j, v, report_member, r, &r->extra, WP__KNOWN(K_REP_ACTUALS));
}

static int node(jr *j, void *c, jv v);

static int node_member(jr *j, void *c, const char *k, jv v)
{
    wp_node *n = c;
    long long x;
    int st, rc;
    if (strcmp(k, "kind") == 0 || strcmp(k, "id") == 0)
        return 0; /* read first, in node() */
    if (strcmp(k, "label") == 0)
        return str(j, v, &n->label);
    if (strcmp(k, "title") == 0)
        return str(j, v, &n->title);
    if (strcmp(k, "text") == 0)
        return str(j, v, &n->text);
    if (strcmp(k, "category") == 0)
        return wp__more_mut(n) ? str(j, v, &n->more->category) : WP_ENOMEM;
    if (strcmp(k, "number") == 0) {
        if ((rc = integer(j, v, 0, INT64_MAX, &x)) == 0)
            n->number = x;
        return rc;
    }
    if (strcmp(k, "status") == 0) {
        if ((rc = name(j, v, wp_status_parse_int, &st)) == 0)
            n->status = (wp_status)st;
        return rc;
    }
    if (strcmp(k, "deadline") == 0) {
        wp_deadline d = {NULL, 0, 0, WP_PRECISION_DAY, false};
        wp__extra dx = {NULL, 0, 0};
        if ((rc = members(j, v, deadline_member, &d, &dx, WP__KNOWN(K_DL_ASPIRATIONAL))) < 0 || (rc = wp__node_adopt_deadline_extra(n, &dx)) < 0)
            return rc;
        if ((rc = require(j, v, "end")) < 0 || (rc = require(j, v, "precision")) < 0)
            return rc;
        if (d.start > d.end)
            return bad(j, WP_EFORMAT, "start is after end", NULL);
        n->deadline = d;
        n->flags |= WP__HAS_DEADLINE;
        return 0;
    }
    if (strcmp(k, "assignments") == 0)
        return assignments(j, v, n);
    if (strcmp(k, "indicators") == 0)
        return 0; /* read before progress, in node() */
    if (strcmp(k, "progress") == 0)
        return 0;
    if (strcmp(k, "source") == 0) {
        long long off, len;
        if ((rc = want(j, v, WP__J_OBJECT, "an object")) < 0 || (rc = require(j, v, "offset")) < 0 ||
            (rc = require(j, v, "length")) < 0 ||
            (rc = integer(j, get(j, v, "offset"), 0, INT64_MAX, &off)) < 0 ||
            (rc = integer(j, get(j, v, "length"), 0, INT64_MAX - off, &len)) < 0)
            return rc;
        if (osize(j, v) != 2)
            return bad(j, WP_EFORMAT, "source has only offset and length", NULL);
        return wp__node_put_source(n, (size_t)off, (size_t)len);
    }
    if (strcmp(k, "attrs") == 0)
        return attrs(j, v, wp__node_attrs(n));
    if (strcmp(k, "children") == 0)
        return array(j, v, node, n);
    return 1;
}

/* Named member `key` of `obj` read by `fn` with the path extended. */
static int sub(jr *j, jv obj, const char *key,
               int (*fn)(jr *, void *, jv), void *ctx)
{
    jv v = get(j, obj, key);
    size_t mark;
    int rc;
    if (v == NONE)
        return 0;
    mark = push_key(j, key);
    j->depth++;
    rc = array(j, v, fn, ctx);
    j->depth--;
    pop(j, mark);
    return rc;
}

static int node(jr *j, void *c, jv v)
{
    wp_node *parent = c, *n;
    wp__extra nx = {NULL, 0, 0};
    int kind = 0, rc;
    size_t mark;
    if ((rc = want(j, v, WP__J_OBJECT, "an object")) < 0 || (rc = require(j, v, "kind")) < 0)
        return rc;
    mark = push_key(j, "kind");
    rc = name(j, get(j, v, "kind"), wp_node_kind_parse_int, &kind);
    if (rc == 0 && !wp__can_contain(parent->kind, kind)) /* before recursing: bounds depth */
        rc = wp__err(WP_EFORMAT, "%s: a %s cannot contain a %s", j->path,
                     parent->kind == WP__NODE_ROOT ? "plan" : wp_node_kind_name((wp_node_kind)parent->kind),
                     wp_node_kind_name((wp_node_kind)kind));
    pop(j, mark);
    if (rc < 0)
        return rc;
    if (++j->nodes > WP_LIMIT_NODES)
        return wp__err(WP_ELIMIT, "%s: more than %d nodes (WP_LIMIT_NODES)", j->path, WP_LIMIT_NODES);
    if ((rc = wp_node_new(&n, j->plan, (wp_node_kind)kind)) < 0 ||
        (rc = wp_node_append_child(parent, n)) < 0)
        return rewrap(j, rc);
    if (has(j, v, "id")) {
        char *id;
        mark = push_key(j, "id");
        rc = str(j, get(j, v, "id"), &id);
        if (rc == 0 && (rc = wp_node_set_id(n, id)) < 0)
            rc = rewrap(j, rc);
        pop(j, mark);
        if (rc < 0)
            return rc;
    }
    if ((rc = sub(j, v, "indicators", indicator, n)) < 0 ||
        (rc = members(j, v, node_member, n, &nx, WP__KNOWN(K_NODE_CHILDREN))) < 0 || (rc = wp__node_adopt_extra(n, &nx)) < 0 ||
        (rc = sub(j, v, "progress", report, n)) < 0)
        return rc;
    return 0;
}

static int text_item(jr *j, void *c, jv v)
{
    char *s;
    int rc = str(j, v, &s);
    if (rc == 0 && s[0] == '\0')
        rc = bad(j, WP_EFORMAT, "empty text", NULL);
    return rc < 0 ? rc : wp__ptrvec_push(&j->plan->arena, c, s);
}

static int ref_member(jr *j, void *c, const char *k, jv v)
{
    wp__reference *r = c;
    if (strcmp(k, "title") == 0)
        return str(j, v, &r->title);
    if (strcmp(k, "doc_number") == 0) {
        r->has_number = true;
        return doc_number(j, v, &r->number, &r->number_extra);
    }
    return 1;
}

static int reference(jr *j, void *c, jv v)
{
    wp__reference *r = wp__arena_alloc(&j->plan->arena, sizeof *r);
    int rc;
    (void)c;
    if (r == NULL)
        return wp__err_nomem();
    if ((rc = members(j, v, ref_member, r, &r->extra, WP__KNOWN(K_REF_DOC_NUMBER))) < 0)
        return rc;
    if (r->title == NULL && !r->has_number)
        return bad(j, WP_EFORMAT, "a reference needs a title or a doc_number", NULL);
    return wp__ptrvec_push(&j->plan->arena, &j->plan->references, r);
}

static int att_member(jr *j, void *c, const char *k, jv v)
{
    return strcmp(k, "title") == 0 ? str(j, v, &((wp__attachment *)c)->title) : 1;
}

static int attachment(jr *j, void *c, jv v)
{
    wp__attachment *a = wp__arena_alloc(&j->plan->arena, sizeof *a);
    int rc;
    (void)c;
    if (a == NULL)
        return wp__err_nomem();
    if ((rc = members(j, v, att_member, a, &a->extra, WP__KNOWN(K_ATT_TITLE))) < 0 || (rc = require(j, v, "title")) < 0)
        return rc;
    return wp__ptrvec_push(&j->plan->arena, &j->plan->attachments, a);
}

static int unit_member(jr *j, void *c, const char *k, jv v)
{
    (void)c;
    (void)v;
    return strcmp(k, "id") == 0 || strcmp(k, "name") == 0 || strcmp(k, "aliases") == 0 ? 0 : 1;
}

static int alias(jr *j, void *c, jv v)
{
    int rc = want(j, v, WP__J_STRING, "a string");
    const char *s;
    if (rc == 0 && (s = sv(j, v)) == NULL)
        return wp__err_nomem();
    if (rc == 0 && wp__unit_find_exact(j->plan, s) != NULL)
        return bad(j, WP_EFORMAT, "already names a unit: ", s);
    if (rc == 0 && (rc = wp_unit_add_alias(c, s)) < 0)
        return rewrap(j, rc);
    return rc;
}

static int unit(jr *j, void *c, jv v)
{
    wp_unit *u;
    jv id = get(j, v, "id"), nm = get(j, v, "name");
    const char *sid, *snm;
    int rc;
    (void)c;
    if ((rc = want(j, v, WP__J_OBJECT, "an object")) < 0 || (rc = require(j, v, "id")) < 0 ||
        (rc = require(j, v, "name")) < 0 || (rc = want(j, id, WP__J_STRING, "a string id")) < 0 ||
        (rc = want(j, nm, WP__J_STRING, "a string name")) < 0)
        return rc;
    if ((snm = sv_slot(j, nm, 0)) == NULL || (sid = sv_slot(j, id, 1)) == NULL)
        return wp__err_nomem();
    j->at = v;
    if ((rc = wp_unit_add(&u, j->plan, snm, sid)) < 0)
        return rewrap(j, rc);
    if ((rc = sub(j, v, "aliases", alias, u)) < 0)
        return rc;
    return members(j, v, unit_member, NULL, &u->extra, WP__KNOWN(K_UNIT_ALIASES));
}

static int plan_member(jr *j, void *c, const char *k, jv v)
{
    wp_plan *p = j->plan;
    long long x;
    int kind, rc;
    (void)c;
    if (strcmp(k, "id") == 0)
        return str(j, v, &p->id);
    if (strcmp(k, "kind") == 0) {
        if ((rc = name(j, v, wp_plan_kind_parse_int, &kind)) == 0)
            p->kind = (wp_plan_kind)kind;
        return rc;
    }
    if (strcmp(k, "title") == 0)
        return str(j, v, &p->title);
    if (strcmp(k, "issuer") == 0)
        return str(j, v, &p->issuer);
    if (strcmp(k, "publisher") == 0)
        return str(j, v, &p->publisher);
    if (strcmp(k, "preamble") == 0)
        return str(j, v, &p->preamble);
    if (strcmp(k, "script") == 0) {
        if ((rc = str(j, v, &p->script)) == 0 && p->script[0] == '\0')
            return bad(j, WP_EFORMAT, "empty script tag", NULL);
        return rc;
    }
    if (strcmp(k, "doc_number") == 0) {
        p->has_doc_number = true;
        return doc_number(j, v, &p->doc_number, &p->doc_number_extra);
    }
    if (strcmp(k, "issued") == 0)
        return date(j, v, &p->issued);
    if (strcmp(k, "published") == 0)
        return date(j, v, &p->published);
    if (strcmp(k, "year") == 0) {
        if ((rc = integer(j, v, 0, 9999, &x)) == 0)
            p->year = (int)x;
        return rc;
    }
    if (strcmp(k, "recipients") == 0)
        return array(j, v, text_item, &p->recipients);
    if (strcmp(k, "references") == 0)
        return array(j, v, reference, NULL);
    if (strcmp(k, "attachments") == 0)
        return array(j, v, attachment, NULL);
    if (strcmp(k, "attrs") == 0)
        return attrs(j, v, wp__node_attrs(&p->root));
    if (strcmp(k, "units") == 0 || strcmp(k, "nodes") == 0)
        return 0; /* read in order, in read_plan() */
    return 1;
}

static int doc_member(jr *j, void *c, const char *k, jv v)
{
    (void)j;
    (void)c;
    (void)v;
    return strcmp(k, "format") == 0 || strcmp(k, "version") == 0 || strcmp(k, "plan") == 0 ? 0 : 1;
}

/* Count the nodes (objects in "nodes" and "children" arrays) before any is
 * built: a document over WP_LIMIT_NODES fails within the tape's memory,
 * without a plan of WP_LIMIT_NODES nodes first. Recursion is bounded by
 * the tokenizer's WP_LIMIT_DEPTH. */
static int count_nodes(jr *j, jv arr)
{
    const wp__jtape *t = &j->tape;
    size_t i = 0;
    int rc = 0;
    if (arr == NONE || type(j, arr) != WP__J_ARRAY)
        return 0; /* the builder reports the type */
    for (jv e = arr + 1; e < t->t[arr].aux && rc == 0; e = wp__jtape_next(t, e), i++) {
        size_t mark = push_index(j, i);
        j->at = e;
        if (type(j, e) == WP__J_OBJECT) {
            if (++j->nodes > WP_LIMIT_NODES) {
                char msg[80];
                snprintf(msg, sizeof msg, "more than %d nodes (WP_LIMIT_NODES)", WP_LIMIT_NODES);
                rc = bad(j, WP_ELIMIT, msg, NULL);
            } else {
                size_t m2 = push_key(j, "children");
                rc = count_nodes(j, get(j, e, "children"));
                pop(j, m2);
            }
        }
        pop(j, mark);
    }
    return rc;
}

static int read_plan(jr *j, jv doc)
{
    jv fmt = get(j, doc, "format"), ver = get(j, doc, "version"), plan = get(j, doc, "plan");
    int rc;
    strcpy(j->path, "(document)");
    if ((rc = want(j, doc, WP__J_OBJECT, "an object")) < 0)
        return rc;
    if (fmt == NONE || type(j, fmt) != WP__J_STRING || !wp__jtape_string_is(&j->tape, fmt, "workplan", 8))
        return wp__err(WP_EFORMAT, "not a workplan document: \"format\" must be \"workplan\"");
    if (ver == NONE || type(j, ver) != WP__J_INTEGER || wp__jtape_integer(&j->tape, ver) != 1)
        return wp__err(WP_EVERSION, "format version %s: this library reads version 1",
                       ver != NONE && type(j, ver) == WP__J_INTEGER ? "other than 1"
                                                                     : "missing or not an integer");
    if ((rc = require(j, doc, "plan")) < 0)
        return rc;
    strcpy(j->path, "plan.nodes");
    if ((rc = count_nodes(j, get(j, plan, "nodes"))) < 0)
        return rc;
    j->nodes = 0;
    strcpy(j->path, "plan");
    if ((rc = want(j, plan, WP__J_OBJECT, "an object")) < 0 || (rc = require(j, plan, "kind")) < 0)
        return rc;
    j->depth = 2; /* the plan, a member of the document */
    if ((rc = sub(j, plan, "units", unit, NULL)) < 0 ||
        (rc = members(j, plan, plan_member, NULL, &j->plan->extra, WP__KNOWN(K_PLAN_NODES))) < 0 ||
        (rc = sub(j, plan, "nodes", node, &j->plan->root)) < 0)
        return rc;
    strcpy(j->path, "(document)");
    j->depth = 1;
    return members(j, doc, doc_member, NULL, &j->plan->doc_extra, WP__KNOWN_DOC);
}

int wp_plan_from_json(wp_plan **out, const char *text, size_t len)
{
    jr j;
    int rc;
    if (out == NULL || (text == NULL && len > 0))
        return wp__err(WP_EINVAL, "wp_plan_from_json: NULL argument");
    *out = NULL;
    if (len > WP_LIMIT_DOCUMENT_BYTES)
        return wp__err_at(WP_ELIMIT, WP_LIMIT_DOCUMENT_BYTES, 0, 0,
                          "JSON: %zu bytes, more than %zu for one document (WP_LIMIT_DOCUMENT_BYTES)",
                          len, WP_LIMIT_DOCUMENT_BYTES);
    memset(&j, 0, sizeof j);
    if ((rc = wp__jtape_parse(&j.tape, text, len)) < 0)
        return rc;
    if ((rc = wp_plan_new(&j.plan)) == 0 && (rc = read_plan(&j, 0)) == 0) {
        j.plan->generation = 0;
        *out = j.plan;
    } else {
        wp_plan_free(j.plan);
    }
    wp__jtape_free(&j.tape);
    wp__free(j.sc[0].data);
    wp__free(j.sc[1].data);
    wp__free(j.keys.data);
    return rc;
}
