/* JSON import through jansson, with the validation of the CBOR decoder.
 * Errors name the JSON path of the bad value (plan.nodes[2].kind). */
#include "internal.h"
#include "codec.h"
#include "cborio.h"
#include "jsonx.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct jr {
    wp_plan *plan;
    size_t nodes; /* read so far, against WP_LIMIT_NODES */
    char path[512];
} jr;

/* Push a path segment (".key" or "[i]"); returns the length to restore. */
static size_t push_key(jr *j, const char *key)
{
    size_t len = strlen(j->path);
    snprintf(j->path + len, sizeof j->path - len, ".%s", key);
    return len;
}

static size_t push_index(jr *j, size_t index)
{
    size_t len = strlen(j->path);
    snprintf(j->path + len, sizeof j->path - len, "[%zu]", index);
    return len;
}
static void pop(jr *j, size_t len) { j->path[len] = '\0'; }

static int bad(jr *j, int code, const char *fmt, const char *detail)
{
    return wp__err(code, "%s: %s%s", j->path, fmt, detail ? detail : "");
}

/* Re-raise a setter's error with the path in front. */
static int rewrap(jr *j, int rc)
{
    char msg[400];
    if (rc == WP_ENOMEM)
        return rc; /* "out of memory" says all */
    snprintf(msg, sizeof msg, "%s", wp_error_last()->message);
    return wp__err(rc == WP_ENOMEM || rc == WP_EUTF8 ? rc : WP_EFORMAT, "%s: %s", j->path, msg);
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

static int want(jr *j, const json_t *v, json_type t, const char *what)
{
    if (json_typeof(v) == t || (t == JSON_TRUE && json_is_boolean(v)) ||
        (t == JSON_REAL && json_is_number(v)))
        return 0;
    return wp__err(WP_EFORMAT, "%s: expected %s, found %s", j->path, what, type_name(v));
}

/* A string member copied into the arena. */
static int str(jr *j, const json_t *v, char **out)
{
    int rc = want(j, v, JSON_STRING, "a string");
    if (rc < 0)
        return rc;
    if (strlen(json_string_value(v)) != json_string_length(v))
        return bad(j, WP_EFORMAT, "text contains a NUL character", NULL);
    if ((*out = wp__arena_strdup(&j->plan->arena, json_string_value(v))) == NULL)
        return wp__err_nomem();
    return 0;
}

static int integer(jr *j, const json_t *v, long long min, long long max, long long *out)
{
    int rc = want(j, v, JSON_INTEGER, "an integer");
    if (rc < 0)
        return rc;
    *out = json_integer_value(v);
    if (*out < min || *out > max) {
        char range[64];
        snprintf(range, sizeof range, "%lld is out of range %lld..%lld", *out, min, max);
        return bad(j, WP_EFORMAT, range, NULL);
    }
    return 0;
}

static int number(jr *j, const json_t *v, double *out)
{
    int rc = want(j, v, JSON_REAL, "a number");
    if (rc == 0)
        *out = json_number_value(v);
    return rc;
}

static int boolean(jr *j, const json_t *v, bool *out)
{
    int rc = want(j, v, JSON_TRUE, "a boolean");
    if (rc == 0)
        *out = json_is_true(v);
    return rc;
}

static int date(jr *j, const json_t *v, wp_date *out)
{
    int rc = want(j, v, JSON_STRING, "a date string");
    if (rc == 0 && (rc = wp_date_parse(out, json_string_value(v))) < 0)
        return rewrap(j, WP_EFORMAT);
    return rc;
}

/* An enumeration given by name. */
static int name(jr *j, const json_t *v, int (*parse)(int *, const char *), int *out)
{
    int rc = want(j, v, JSON_STRING, "a name");
    if (rc == 0 && (rc = parse(out, json_string_value(v))) < 0)
        return rewrap(j, WP_EFORMAT);
    return rc;
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

/* "_cbor_extra": hex of CBOR key/value pairs, each checked. */
static int x_hex(jr *j, xcollect *x, const json_t *v)
{
    const char *s;
    size_t n, start;
    int rc;
    if ((rc = want(j, v, JSON_STRING, "a hex string")) < 0)
        return rc;
    s = json_string_value(v);
    n = json_string_length(v);
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
            if (wp__r_next(&r, &it) < 0 || wp__r_skip(&r, &it, 32) < 0)
                return rewrap(j, WP_EFORMAT);
            ke = r.pos;
            if (wp__r_next(&r, &it) < 0 || wp__r_skip(&r, &it, 32) < 0)
                return rewrap(j, WP_EFORMAT);
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

static int x_member(jr *j, xcollect *x, const char *key, const json_t *v)
{
    size_t start = x->buf.len, keyend;
    int rc;
    if (strcmp(key, "_cbor_extra") == 0)
        return x_hex(j, x, v);
    wp__w_text(&x->buf, key);
    keyend = x->buf.len;
    if ((rc = wp__json_to_cbor(&x->buf, v, 0)) < 0)
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
 * names it does not know, which become extras. */
typedef int (*member_fn)(jr *j, void *ctx, const char *key, const json_t *v);

static int members(jr *j, const json_t *obj, member_fn fn, void *ctx, wp__extra *extra)
{
    xcollect x;
    const char *k;
    json_t *v;
    int rc = want(j, obj, JSON_OBJECT, "an object");
    if (rc < 0)
        return rc;
    memset(&x, 0, sizeof x);
    json_object_foreach((json_t *)obj, k, v) {
        size_t mark = push_key(j, k);
        rc = fn(j, ctx, k, v);
        if (rc == 1)
            rc = extra ? x_member(j, &x, k, v) : bad(j, WP_EFORMAT, "unknown member", NULL);
        pop(j, mark);
        if (rc < 0) {
            wp__free(x.buf.data);
            wp__free(x.e);
            return rc;
        }
    }
    return extra ? x_finish(j, &x, extra) : 0;
}

static int array(jr *j, const json_t *v, int (*fn)(jr *, void *, const json_t *), void *ctx)
{
    int rc = want(j, v, JSON_ARRAY, "an array");
    for (size_t i = 0; rc == 0 && i < json_array_size(v); i++) {
        size_t mark = push_index(j, i);
        rc = fn(j, ctx, json_array_get(v, i));
        pop(j, mark);
    }
    return rc;
}

static bool has(const json_t *obj, const char *key)
{
    return json_is_object(obj) && json_object_get(obj, key) != NULL;
}

static int require(jr *j, const json_t *obj, const char *key)
{
    return has(obj, key) ? 0 : bad(j, WP_EFORMAT, "missing member ", key);
}

/* ---- objects ------------------------------------------------------------------ */

typedef struct docnum_ctx {
    wp_doc_number *n;
} docnum_ctx;

static int docnum_member(jr *j, void *c, const char *k, const json_t *v)
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

static int doc_number(jr *j, const json_t *v, wp_doc_number *n, wp__extra *x)
{
    docnum_ctx c = {n};
    int rc;
    memset(n, 0, sizeof *n);
    if ((rc = members(j, v, docnum_member, &c, x)) < 0)
        return rc;
    if (n->text == NULL || n->text[0] == '\0')
        return bad(j, WP_EFORMAT, "missing member ", "text");
    return 0;
}

static int attrs_member(jr *j, void *c, const char *k, const json_t *v)
{
    wp_attrs *a = c;
    wp_value val;
    int rc;
    switch (json_typeof(v)) {
    case JSON_STRING:
        val.type = WP_VALUE_TEXT;
        if ((rc = str(j, v, (char **)&val.as.text)) < 0)
            return rc;
        break;
    case JSON_INTEGER:
        val.type = WP_VALUE_INT;
        val.as.integer = json_integer_value(v);
        break;
    case JSON_REAL:
        val.type = WP_VALUE_FLOAT;
        val.as.real = json_real_value(v);
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        val.type = WP_VALUE_BOOL;
        val.as.boolean = json_is_true(v);
        break;
    default:
        return wp__err(WP_EFORMAT, "%s: expected text, integer, number or boolean, found %s",
                       j->path, type_name(v));
    }
    if ((rc = wp_attrs_set(a, k, &val)) < 0)
        return rewrap(j, rc);
    return 0;
}

static int attrs(jr *j, const json_t *v, wp_attrs *a) { return members(j, v, attrs_member, a, NULL); }

static int deadline_member(jr *j, void *c, const char *k, const json_t *v)
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

static int assignment(jr *j, void *c, const json_t *v)
{
    wp_node *n = c;
    const json_t *u = json_object_get(v, "unit"), *r = json_object_get(v, "role"),
                 *p = json_object_get(v, "person");
    wp_unit *unit;
    int role = 0, rc;
    const char *k;
    json_t *val;
    xcollect x;
    wp__extra ax = {NULL, 0, 0};
    if ((rc = want(j, v, JSON_OBJECT, "an object")) < 0 || (rc = require(j, v, "unit")) < 0 ||
        (rc = require(j, v, "role")) < 0)
        return rc;
    {
        size_t mark = push_key(j, "unit");
        if ((rc = want(j, u, JSON_STRING, "a unit id")) == 0 &&
            (unit = wp_unit_get(j->plan, json_string_value(u))) == NULL)
            rc = bad(j, WP_EFORMAT, "no unit has the id ", json_string_value(u));
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
    if (p != NULL && (rc = want(j, p, JSON_STRING, "a string")) < 0)
        return rc;
    if ((rc = wp_node_assign(n, unit, (wp_role)role, p ? json_string_value(p) : NULL)) < 0)
        return rewrap(j, rc);
    memset(&x, 0, sizeof x);
    json_object_foreach((json_t *)v, k, val) {
        if (strcmp(k, "unit") && strcmp(k, "role") && strcmp(k, "person") &&
            (rc = x_member(j, &x, k, val)) < 0) {
            wp__free(x.buf.data);
            wp__free(x.e);
            return rc;
        }
    }
    return (rc = x_finish(j, &x, &ax)) < 0 ? rc : wp__assign_adopt_extra(n, n->n_assigns - 1, &ax);
}

static int indicator_member(jr *j, void *c, const char *k, const json_t *v)
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

static int indicator(jr *j, void *c, const json_t *v)
{
    wp_node *n = c;
    wp_indicator *ind;
    int rc;
    if ((rc = want(j, v, JSON_OBJECT, "an object")) < 0 || (rc = require(j, v, "text")) < 0 ||
        (rc = require(j, v, "value")) < 0)
        return rc;
    if ((rc = wp_node_add_indicator(&ind, n, "-")) < 0)
        return rewrap(j, rc);
    if ((rc = members(j, v, indicator_member, ind, &ind->extra)) < 0)
        return rc;
    if (ind->text[0] == '\0')
        return bad(j, WP_EFORMAT, "indicator text is empty", NULL);
    return 0;
}

typedef struct report_ctx {
    wp_report *r;
} report_ctx;

static int actual(jr *j, void *c, const json_t *v)
{
    wp_report *r = c;
    long long index = 0;
    double value = 0;
    int rc;
    if ((rc = want(j, v, JSON_OBJECT, "an object")) < 0 ||
        (rc = require(j, v, "indicator")) < 0 || (rc = require(j, v, "value")) < 0 ||
        (rc = integer(j, json_object_get(v, "indicator"), 0, (long long)r->node->indicators.n - 1,
                      &index)) < 0 ||
        (rc = number(j, json_object_get(v, "value"), &value)) < 0)
        return rc;
    if (json_object_size(v) != 2)
        return bad(j, WP_EFORMAT, "an actual has only indicator and value", NULL);
    if (!isnan(wp_report_actual_for(r, r->node->indicators.items[index])))
        return bad(j, WP_EFORMAT, "indicator given twice", NULL);
    if ((rc = wp_report_set_actual(r, r->node->indicators.items[index], value)) < 0)
        return rewrap(j, rc);
    return 0;
}

static int report_member(jr *j, void *c, const char *k, const json_t *v)
{
    wp_report *r = c;
    int st, rc;
    if (strcmp(k, "date") == 0)
        return date(j, v, &r->date);
    if (strcmp(k, "by") == 0) {
        if ((rc = want(j, v, JSON_STRING, "a unit id")) < 0)
            return rc;
        if ((r->by = wp_unit_get(j->plan, json_string_value(v))) == NULL)
            return bad(j, WP_EFORMAT, "no unit has the id ", json_string_value(v));
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
        return array(j, v, actual, r);
    return 1;
}

static int report(jr *j, void *c, const json_t *v)
{
    wp_node *n = c;
    wp_report *r;
    int rc;
    if ((rc = want(j, v, JSON_OBJECT, "an object")) < 0 || (rc = require(j, v, "date")) < 0)
        return rc;
    if ((rc = wp_node_add_report(&r, n, 10101)) < 0)
        return rewrap(j, rc);
    return members(j, v, report_member, r, &r->extra);
}

static int node(jr *j, void *c, const json_t *v);

static int node_member(jr *j, void *c, const char *k, const json_t *v)
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
        if ((rc = members(j, v, deadline_member, &d, &dx)) < 0 || (rc = wp__node_adopt_deadline_extra(n, &dx)) < 0)
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
        return array(j, v, assignment, n);
    if (strcmp(k, "indicators") == 0)
        return 0; /* read before progress, in node() */
    if (strcmp(k, "progress") == 0)
        return 0;
    if (strcmp(k, "source") == 0) {
        long long off, len;
        if ((rc = want(j, v, JSON_OBJECT, "an object")) < 0 || (rc = require(j, v, "offset")) < 0 ||
            (rc = require(j, v, "length")) < 0 ||
            (rc = integer(j, json_object_get(v, "offset"), 0, INT64_MAX, &off)) < 0 ||
            (rc = integer(j, json_object_get(v, "length"), 0, INT64_MAX - off, &len)) < 0)
            return rc;
        if (json_object_size(v) != 2)
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
static int sub(jr *j, const json_t *obj, const char *key,
               int (*fn)(jr *, void *, const json_t *), void *ctx)
{
    const json_t *v = json_object_get(obj, key);
    size_t mark;
    int rc;
    if (v == NULL)
        return 0;
    mark = push_key(j, key);
    rc = array(j, v, fn, ctx);
    pop(j, mark);
    return rc;
}

static int node(jr *j, void *c, const json_t *v)
{
    wp_node *parent = c, *n;
    wp__extra nx = {NULL, 0, 0};
    int kind = 0, rc;
    size_t mark;
    if ((rc = want(j, v, JSON_OBJECT, "an object")) < 0 || (rc = require(j, v, "kind")) < 0)
        return rc;
    mark = push_key(j, "kind");
    rc = name(j, json_object_get(v, "kind"), wp_node_kind_parse_int, &kind);
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
    if (has(v, "id")) {
        char *id;
        mark = push_key(j, "id");
        rc = str(j, json_object_get(v, "id"), &id);
        if (rc == 0 && (rc = wp_node_set_id(n, id)) < 0)
            rc = rewrap(j, rc);
        pop(j, mark);
        if (rc < 0)
            return rc;
    }
    if ((rc = sub(j, v, "indicators", indicator, n)) < 0 ||
        (rc = members(j, v, node_member, n, &nx)) < 0 || (rc = wp__node_adopt_extra(n, &nx)) < 0 ||
        (rc = sub(j, v, "progress", report, n)) < 0)
        return rc;
    return 0;
}

static int text_item(jr *j, void *c, const json_t *v)
{
    char *s;
    int rc = str(j, v, &s);
    if (rc == 0 && s[0] == '\0')
        rc = bad(j, WP_EFORMAT, "empty text", NULL);
    return rc < 0 ? rc : wp__ptrvec_push(&j->plan->arena, c, s);
}

static int ref_member(jr *j, void *c, const char *k, const json_t *v)
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

static int reference(jr *j, void *c, const json_t *v)
{
    wp__reference *r = wp__arena_alloc(&j->plan->arena, sizeof *r);
    int rc;
    (void)c;
    if (r == NULL)
        return wp__err_nomem();
    if ((rc = members(j, v, ref_member, r, &r->extra)) < 0)
        return rc;
    if (r->title == NULL && !r->has_number)
        return bad(j, WP_EFORMAT, "a reference needs a title or a doc_number", NULL);
    return wp__ptrvec_push(&j->plan->arena, &j->plan->references, r);
}

static int att_member(jr *j, void *c, const char *k, const json_t *v)
{
    return strcmp(k, "title") == 0 ? str(j, v, &((wp__attachment *)c)->title) : 1;
}

static int attachment(jr *j, void *c, const json_t *v)
{
    wp__attachment *a = wp__arena_alloc(&j->plan->arena, sizeof *a);
    int rc;
    (void)c;
    if (a == NULL)
        return wp__err_nomem();
    if ((rc = members(j, v, att_member, a, &a->extra)) < 0 || (rc = require(j, v, "title")) < 0)
        return rc;
    return wp__ptrvec_push(&j->plan->arena, &j->plan->attachments, a);
}

static int unit_member(jr *j, void *c, const char *k, const json_t *v)
{
    (void)c;
    (void)v;
    return strcmp(k, "id") == 0 || strcmp(k, "name") == 0 || strcmp(k, "aliases") == 0 ? 0 : 1;
}

static int alias(jr *j, void *c, const json_t *v)
{
    int rc = want(j, v, JSON_STRING, "a string");
    if (rc == 0 && wp__unit_find_exact(j->plan, json_string_value(v)) != NULL)
        return bad(j, WP_EFORMAT, "already names a unit: ", json_string_value(v));
    if (rc == 0 && (rc = wp_unit_add_alias(c, json_string_value(v))) < 0)
        return rewrap(j, rc);
    return rc;
}

static int unit(jr *j, void *c, const json_t *v)
{
    wp_unit *u;
    const json_t *id = json_object_get(v, "id"), *nm = json_object_get(v, "name");
    int rc;
    (void)c;
    if ((rc = want(j, v, JSON_OBJECT, "an object")) < 0 || (rc = require(j, v, "id")) < 0 ||
        (rc = require(j, v, "name")) < 0 || (rc = want(j, id, JSON_STRING, "a string id")) < 0 ||
        (rc = want(j, nm, JSON_STRING, "a string name")) < 0)
        return rc;
    if ((rc = wp_unit_add(&u, j->plan, json_string_value(nm), json_string_value(id))) < 0)
        return rewrap(j, rc);
    if ((rc = sub(j, v, "aliases", alias, u)) < 0)
        return rc;
    return members(j, v, unit_member, NULL, &u->extra);
}

static int plan_member(jr *j, void *c, const char *k, const json_t *v)
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

static int doc_member(jr *j, void *c, const char *k, const json_t *v)
{
    (void)j;
    (void)c;
    (void)v;
    return strcmp(k, "format") == 0 || strcmp(k, "version") == 0 || strcmp(k, "plan") == 0 ? 0 : 1;
}

static int read_plan(jr *j, const json_t *doc)
{
    const json_t *fmt = json_object_get(doc, "format"), *ver = json_object_get(doc, "version"),
                 *plan = json_object_get(doc, "plan");
    int rc;
    strcpy(j->path, "(document)");
    if ((rc = want(j, doc, JSON_OBJECT, "an object")) < 0)
        return rc;
    if (!json_is_string(fmt) || strcmp(json_string_value(fmt), "workplan") != 0)
        return wp__err(WP_EFORMAT, "not a workplan document: \"format\" must be \"workplan\"");
    if (!json_is_integer(ver) || json_integer_value(ver) != 1)
        return wp__err(WP_EVERSION, "format version %s: this library reads version 1",
                       json_is_integer(ver) ? "other than 1" : "missing or not an integer");
    if ((rc = require(j, doc, "plan")) < 0)
        return rc;
    strcpy(j->path, "plan");
    if ((rc = want(j, plan, JSON_OBJECT, "an object")) < 0 || (rc = require(j, plan, "kind")) < 0)
        return rc;
    if ((rc = sub(j, plan, "units", unit, NULL)) < 0 ||
        (rc = members(j, plan, plan_member, NULL, &j->plan->extra)) < 0 ||
        (rc = sub(j, plan, "nodes", node, &j->plan->root)) < 0)
        return rc;
    strcpy(j->path, "(document)");
    return members(j, doc, doc_member, NULL, &j->plan->doc_extra);
}

/* The limits of doc/API.md on the parsed tree, before anything is built:
 * nesting, members per object, bytes per string or key. Recursion is
 * bounded by WP_LIMIT_DEPTH. */
static int check_limits(jr *j, const json_t *v, int depth)
{
    const char *k;
    json_t *x;
    size_t mark;
    int rc = 0;
    if (depth > WP_LIMIT_DEPTH)
        return wp__err(WP_ELIMIT, "%s: JSON nested more than %d levels deep (WP_LIMIT_DEPTH)",
                       j->path[0] ? j->path : "plan", WP_LIMIT_DEPTH);
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        if (json_object_size(v) > WP_LIMIT_MAP_ENTRIES)
            return wp__err(WP_ELIMIT, "%s: object of %zu members, more than %d (WP_LIMIT_MAP_ENTRIES)",
                           j->path[0] ? j->path : "plan", json_object_size(v), WP_LIMIT_MAP_ENTRIES);
        json_object_foreach((json_t *)v, k, x) {
            if (strlen(k) > WP_LIMIT_STRING_BYTES)
                return wp__err(WP_ELIMIT, "%s: member name longer than %zu bytes (WP_LIMIT_STRING_BYTES)",
                               j->path[0] ? j->path : "plan", WP_LIMIT_STRING_BYTES);
            mark = push_key(j, k);
            rc = check_limits(j, x, depth + 1);
            pop(j, mark);
            if (rc < 0)
                return rc;
        }
        return 0;
    case JSON_ARRAY:
        for (size_t i = 0; i < json_array_size(v) && rc == 0; i++) {
            mark = push_index(j, i);
            rc = check_limits(j, json_array_get(v, i), depth + 1);
            pop(j, mark);
        }
        return rc;
    case JSON_STRING:
        if (json_string_length(v) > WP_LIMIT_STRING_BYTES)
            return wp__err(WP_ELIMIT, "%s: string of %zu bytes, more than %zu (WP_LIMIT_STRING_BYTES)",
                           j->path[0] ? j->path : "plan", json_string_length(v), WP_LIMIT_STRING_BYTES);
        return 0;
    default:
        return 0;
    }
}

/* A linear pass over the text before jansson builds its tree (which costs
 * ~35 bytes of heap per byte of dense JSON): reject nesting, objects with
 * too many members and over-long strings at the byte where the limit is
 * crossed, in constant memory. Syntax errors are left to jansson. */
static int prescan(const char *t, size_t len)
{
    uint32_t members[WP_LIMIT_DEPTH + 2];
    bool object[WP_LIMIT_DEPTH + 2];
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        switch (t[i]) {
        case '"': {
            size_t start = i++;
            while (i < len && t[i] != '"')
                i += t[i] == '\\' ? 2 : 1;
            if (i - start - 1 > WP_LIMIT_STRING_BYTES)
                return wp__err_at(WP_ELIMIT, start, 0, 0,
                                  "JSON: string at byte %zu longer than %zu bytes (WP_LIMIT_STRING_BYTES)",
                                  start, WP_LIMIT_STRING_BYTES);
            break;
        }
        case '{':
        case '[':
            if (depth == WP_LIMIT_DEPTH + 1)
                return wp__err_at(WP_ELIMIT, i, 0, 0,
                                  "JSON: nested more than %d levels deep at byte %zu (WP_LIMIT_DEPTH)",
                                  WP_LIMIT_DEPTH, i);
            members[depth] = 0;
            object[depth++] = t[i] == '{';
            break;
        case '}':
        case ']':
            if (depth > 0)
                depth--;
            break;
        case ':':
            if (depth > 0 && object[depth - 1] && ++members[depth - 1] > WP_LIMIT_MAP_ENTRIES)
                return wp__err_at(WP_ELIMIT, i, 0, 0,
                                  "JSON: object with more than %d members at byte %zu (WP_LIMIT_MAP_ENTRIES)",
                                  WP_LIMIT_MAP_ENTRIES, i);
            break;
        default:
            break;
        }
    }
    return 0;
}

int wp_plan_from_json(wp_plan **out, const char *text, size_t len)
{
    json_error_t err;
    json_t *doc;
    jr j;
    int rc;
    if (out == NULL || (text == NULL && len > 0))
        return wp__err(WP_EINVAL, "wp_plan_from_json: NULL argument");
    *out = NULL;
    if (len > WP_LIMIT_DOCUMENT_BYTES)
        return wp__err_at(WP_ELIMIT, WP_LIMIT_DOCUMENT_BYTES, 0, 0,
                          "JSON: %zu bytes, more than %zu for one document (WP_LIMIT_DOCUMENT_BYTES)",
                          len, WP_LIMIT_DOCUMENT_BYTES);
    if (text != NULL && (rc = prescan(text, len)) < 0)
        return rc;
    doc = json_loadb(text ? text : "", len, JSON_REJECT_DUPLICATES, &err);
    if (doc == NULL) {
        enum json_error_code ec = json_error_code(&err);
        int code = ec == json_error_invalid_utf8 ? WP_EUTF8
                 : ec == json_error_stack_overflow ? WP_ELIMIT
                 : ec == json_error_out_of_memory ? WP_ENOMEM : WP_EFORMAT;
        if (code == WP_ENOMEM)
            return wp__err_nomem();
        return wp__err_at(code, (size_t)err.position, err.line, err.column,
                          "JSON line %d, column %d (byte %d): %s%s", err.line, err.column,
                          err.position, code == WP_EUTF8 ? "invalid UTF-8: " : "", err.text);
    }
    memset(&j, 0, sizeof j);
    if ((rc = check_limits(&j, doc, 0)) < 0) {
        json_decref(doc);
        return rc;
    }
    if ((rc = wp_plan_new(&j.plan)) == 0 && (rc = read_plan(&j, doc)) == 0) {
        j.plan->generation = 0;
        *out = j.plan;
    } else {
        wp_plan_free(j.plan);
    }
    json_decref(doc);
    return rc;
}
