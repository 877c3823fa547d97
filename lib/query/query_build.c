/*
 * Queries: the constructors of the predicates and the combinators, which
 * keep AND / OR chains flat (n-ary) and bound the term count and depth.
 */
#include "queryx.h"
#include "textnorm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- constructors -------------------------------------------------------- */

int wp__query_new(wp_query **out, wp__qtype type)
{
    wp_query *q = wp__malloc(sizeof *q);
    if (q == NULL)
        return wp__err_nomem();
    memset(q, 0, sizeof *q);
    q->type = type;
    q->role = q->op = -1;
    q->min = q->max = NAN;
    q->nslots = 1;
    q->depth = 1;
    *out = q;
    return 0;
}

void wp_query_free(wp_query *q)
{
    if (q == NULL)
        return;
    /* Recursion is bounded by WP_QUERY_MAX_DEPTH (combine refuses deeper). */
    for (uint32_t i = 0; i < q->n; i++)
        wp_query_free(WP__KID(q, i));
    wp__free(q->kids);
    wp__free(q->str);
    wp__free(q->raw);
    wp__free(q->needle);
    wp__free(q);
}

static int check_out(wp_query **out, const char *fn)
{
    if (out == NULL)
        return wp__err(WP_EINVAL, "%s: out is NULL", fn);
    *out = NULL;
    return 0;
}

/* Copy a text argument after checking it is non-empty UTF-8. */
static int dup_text(char **dst, const char *s, const char *what)
{
    size_t len;
    int rc;
    if (s == NULL || *s == '\0')
        return wp__err(WP_EINVAL, "%s must be a non-empty string", what);
    len = strlen(s);
    if ((rc = wp__check_utf8(s, len, what)) < 0)
        return rc;
    if ((*dst = wp__malloc(len + 1)) == NULL)
        return wp__err_nomem();
    memcpy(*dst, s, len + 1);
    return 0;
}

/* A leaf holding one string. */
static int text_leaf(wp_query **out, wp__qtype type, const char *s, const char *what)
{
    wp_query *q;
    int rc;
    if ((rc = wp__query_new(&q, type)) < 0)
        return rc;
    if ((rc = dup_text(&q->str, s, what)) < 0) {
        wp_query_free(q);
        return rc;
    }
    *out = q;
    return 0;
}

int wp_query_all(wp_query **out)
{
    int rc = check_out(out, "wp_query_all");
    return rc < 0 ? rc : wp__query_new(out, WP__Q_ALL);
}

int wp_query_kind(wp_query **out, wp_node_kind kind)
{
    int rc = check_out(out, "wp_query_kind");
    if (rc < 0)
        return rc;
    if (wp_node_kind_name(kind) == NULL)
        return wp__err(WP_EINVAL, "wp_query_kind: node kind %d out of range", (int)kind);
    if ((rc = wp__query_new(out, WP__Q_KIND)) == 0)
        (*out)->kind = (int)kind;
    return rc;
}

int wp_query_status(wp_query **out, wp_status status)
{
    int rc = check_out(out, "wp_query_status");
    if (rc < 0)
        return rc;
    if (wp_status_name(status) == NULL)
        return wp__err(WP_EINVAL, "wp_query_status: status %d out of range", (int)status);
    if ((rc = wp__query_new(out, WP__Q_STATUS)) == 0)
        (*out)->kind = (int)status;
    return rc;
}

int wp_query_unit_ex(wp_query **out, const char *unit, int role, unsigned flags)
{
    wp_query *q;
    int rc = check_out(out, "wp_query_unit");
    if (rc < 0)
        return rc;
    if (role != -1 && wp_role_name((wp_role)role) == NULL)
        return wp__err(WP_EINVAL, "wp_query_unit: role %d out of range", role);
    if (flags & ~(unsigned)WP_ASSIGN_OWN)
        return wp__err(WP_EINVAL, "wp_query_unit_ex: unknown flags 0x%x", flags);
    if (unit == NULL)
        rc = wp__query_new(&q, WP__Q_UNIT);
    else
        rc = text_leaf(&q, WP__Q_UNIT, unit, "unit name");
    if (rc == 0 && unit != NULL && (rc = wp__fold(&q->needle, unit)) < 0)
        wp_query_free(q);
    if (rc < 0)
        return rc;
    q->role = role;
    q->own = (flags & WP_ASSIGN_OWN) != 0;
    *out = q;
    return 0;
}

int wp_query_unit(wp_query **out, const char *unit, int role)
{
    return wp_query_unit_ex(out, unit, role, 0);
}

int wp_query_text(wp_query **out, const char *needle, unsigned flags)
{
    wp_query *q;
    int rc = check_out(out, "wp_query_text");
    if (rc < 0)
        return rc;
    if (flags & ~(unsigned)(WP_TEXT_WIDTH | WP_TEXT_SCRIPT))
        return wp__err(WP_EINVAL, "wp_query_text: unknown flags 0x%x", flags);
    if ((rc = text_leaf(&q, WP__Q_TEXT, needle, "search text")) < 0)
        return rc;
    q->flags = flags;
    if ((flags & WP_TEXT_SCRIPT) && (rc = wp__t2s_shared(&q->t2s)) < 0)
        goto fail;
    if ((rc = wp__textnorm(&q->needle, q->str, flags, q->t2s)) < 0)
        goto fail;
    if (q->needle[0] == '\0') {
        rc = wp__err(WP_EINVAL, "wp_query_text: the text is empty once normalised");
        goto fail;
    }
    *out = q;
    return 0;
fail:
    wp_query_free(q);
    return rc;
}

int wp_query_indicator(wp_query **out, const wp_indicator_filter *f)
{
    wp_query *q;
    int rc = check_out(out, "wp_query_indicator");
    if (rc < 0)
        return rc;
    if (f != NULL) {
        if (f->version != WP_INDICATOR_FILTER_VERSION)
            return wp__err(WP_EINVAL, "wp_query_indicator: filter version %u, expected %d",
                           f->version, WP_INDICATOR_FILTER_VERSION);
        if (f->op != -1 && wp_op_name((wp_op)f->op) == NULL)
            return wp__err(WP_EINVAL, "wp_query_indicator: op %d out of range", f->op);
        if (!isnan(f->min) && !isnan(f->max) && f->min > f->max)
            return wp__err(WP_EINVAL, "wp_query_indicator: min %g > max %g", f->min, f->max);
    }
    if (f != NULL && f->unit != NULL)
        rc = text_leaf(&q, WP__Q_IND, f->unit, "indicator unit");
    else
        rc = wp__query_new(&q, WP__Q_IND);
    if (rc < 0)
        return rc;
    if (f != NULL) {
        q->op = f->op;
        q->min = f->min;
        q->max = f->max;
    }
    *out = q;
    return 0;
}

int wp_query_due(wp_query **out, wp_date from, wp_date to)
{
    int rc = check_out(out, "wp_query_due");
    if (rc < 0)
        return rc;
    if ((from != 0 && !wp_date_valid(from)) || (to != 0 && !wp_date_valid(to)))
        return wp__err(WP_EINVAL, "wp_query_due: invalid date");
    if (from != 0 && to != 0 && from > to)
        return wp__err(WP_EINVAL, "wp_query_due: from %d is after to %d", (int)from, (int)to);
    if ((rc = wp__query_new(out, WP__Q_DUE)) == 0) {
        (*out)->from = from;
        (*out)->to = to;
    }
    return rc;
}

int wp_query_overdue(wp_query **out, wp_date date)
{
    int rc = check_out(out, "wp_query_overdue");
    if (rc < 0)
        return rc;
    if (!wp_date_valid(date))
        return wp__err(WP_EINVAL, "wp_query_overdue: invalid date %d", (int)date);
    if ((rc = wp__query_new(out, WP__Q_OVERDUE)) == 0)
        (*out)->from = date;
    return rc;
}

int wp_query_category(wp_query **out, const char *category)
{
    int rc = check_out(out, "wp_query_category");
    return rc < 0 ? rc : text_leaf(out, WP__Q_CATEGORY, category, "category");
}

int wp_query_under(wp_query **out, const char *node_id)
{
    int rc = check_out(out, "wp_query_under");
    return rc < 0 ? rc : text_leaf(out, WP__Q_UNDER, node_id, "node id");
}

int wp_query_attr(wp_query **out, const char *key, const wp_value *value)
{
    wp_query *q;
    int rc = check_out(out, "wp_query_attr");
    if (rc < 0)
        return rc;
    if (value == NULL || wp_value_type_name(value->type) == NULL)
        return wp__err(WP_EINVAL, "wp_query_attr: value is NULL or of an unknown type");
    if (value->type == WP_VALUE_TEXT && value->as.text == NULL)
        return wp__err(WP_EINVAL, "wp_query_attr: text value is NULL");
    if ((rc = text_leaf(&q, WP__Q_ATTR, key, "attribute key")) < 0)
        return rc;
    q->value = *value;
    if (value->type == WP_VALUE_TEXT) {
        if (value->as.text[0] == '\0') {
            if ((q->raw = wp__malloc(1)) != NULL)
                q->raw[0] = '\0';
            else
                rc = wp__err_nomem();
        } else {
            rc = dup_text(&q->raw, value->as.text, "attribute value");
        }
        if (rc < 0) {
            wp_query_free(q);
            return rc;
        }
        q->value.as.text = q->raw;
    }
    *out = q;
    return 0;
}

int wp__query_attr_text(wp_query **out, const char *key, const char *value)
{
    wp_value v = {WP_VALUE_TEXT, {.text = value}};
    int rc = wp_query_attr(out, key, &v);
    if (rc == 0)
        (*out)->untyped = true;
    return rc;
}

/* Add `delta` to the slot of every leaf of q. */
static void shift_slots(wp_query *q, uint32_t delta)
{
    if (q->type == WP__Q_AND || q->type == WP__Q_OR || q->type == WP__Q_NOT) {
        for (uint32_t i = 0; i < q->n; i++)
            shift_slots(WP__KID(q, i), delta);
        return;
    }
    q->slot += delta;
}

/* Room for one more operand at the front or the back of q->kids. Doubling
 * keeps appends and prepends amortised O(1). */
static int make_room(wp_query *q, bool front)
{
    uint32_t cap, off;
    wp_query **kids;
    if (front ? q->off > 0 : q->off + q->n < q->cap)
        return 0;
    cap = q->cap ? q->cap * 2 : 4;
    off = front ? cap - q->n - (cap - q->n) / 2 : q->off;
    if ((kids = wp__malloc(cap * sizeof *kids)) == NULL)
        return wp__err_nomem();
    if (q->n > 0)
        memcpy(kids + off, q->kids + q->off, q->n * sizeof *kids);
    wp__free(q->kids);
    q->kids = kids;
    q->off = off;
    q->cap = cap;
    return 0;
}

/* Room for k more operands at the back. */
static int reserve_back(wp_query *q, uint32_t k)
{
    wp_query **kids;
    uint32_t cap;
    if (q->off + q->n + k <= q->cap)
        return 0;
    cap = q->cap ? q->cap : 4;
    while (q->off + q->n + k > cap)
        cap *= 2;
    if ((kids = wp__realloc(q->kids, cap * sizeof *kids)) == NULL)
        return wp__err_nomem();
    q->kids = kids;
    q->cap = cap;
    return 0;
}

static int push_kid(wp_query *q, wp_query *kid, bool front)
{
    int rc = make_room(q, front);
    if (rc < 0)
        return rc;
    if (front)
        q->kids[--q->off] = kid;
    else
        q->kids[q->off + q->n] = kid;
    q->n++;
    if (kid->depth + 1 > q->depth)
        q->depth = kid->depth + 1;
    return 0;
}

/* Leaves are numbered 0..nslots-1 in any order (a run resolves each once):
 * the operand with fewer leaves is shifted past the other's, so building a
 * query of n terms costs O(n log n) at worst and O(n) from the parser. An
 * AND of ANDs (an OR of ORs) is flattened into one n-ary node, so a long
 * chain is one level deep whichever way it was built. */
static int combine(wp_query **out, wp__qtype type, wp_query *a, wp_query *b,
                   const char *fn)
{
    wp_query *q = NULL;
    uint32_t depth;
    int rc = 0;
    if (out == NULL)
        rc = wp__err(WP_EINVAL, "%s: out is NULL", fn);
    else if (a == NULL || (type != WP__Q_NOT && b == NULL))
        rc = wp__err(WP_EINVAL, "%s: operand is NULL", fn);
    else if (a == b)
        rc = wp__err(WP_EINVAL, "%s: the same query twice (copy it first)", fn);
    else if (b != NULL && (uint64_t)a->nslots + b->nslots > WP_LIMIT_QUERY_TERMS)
        rc = wp__err(WP_ELIMIT, "%s: more than WP_LIMIT_QUERY_TERMS (%d) terms in one query",
                     fn, WP_LIMIT_QUERY_TERMS);
    if (rc == 0) {
        uint32_t da = a->depth + (a->type != type), db = b ? b->depth + (b->type != type) : 0;
        depth = da > db ? da : db;
        if (type == WP__Q_NOT)
            depth = a->depth + 1;
        if (depth > WP_LIMIT_QUERY_DEPTH)
            rc = wp__err(WP_ELIMIT, "%s: query nested more than WP_LIMIT_QUERY_DEPTH (%d) levels deep",
                         fn, WP_LIMIT_QUERY_DEPTH);
    }
    if (rc < 0)
        goto fail;
    if (b != NULL) {
        if (a->nslots >= b->nslots)
            shift_slots(b, a->nslots);
        else
            shift_slots(a, b->nslots);
    }
    if (type == WP__Q_NOT) {
        if ((rc = wp__query_new(&q, type)) < 0 || (rc = push_kid(q, a, false)) < 0)
            goto fail;
        q->nslots = a->nslots;
        *out = q;
        return 0;
    }
    if (a->type == type) {
        q = a;
        a = NULL;
        if (b->type == type) {
            if ((rc = reserve_back(q, b->n)) < 0)
                goto fail_q;
            for (uint32_t i = 0; i < b->n; i++)
                push_kid(q, WP__KID(b, i), false); /* cannot fail now */
            q->nslots += b->nslots;
            b->n = 0;
            wp_query_free(b);
        } else {
            if ((rc = push_kid(q, b, false)) < 0)
                goto fail_q;
            q->nslots += b->nslots;
        }
    } else if (b->type == type) {
        q = b;
        b = NULL;
        if ((rc = push_kid(q, a, true)) < 0)
            goto fail_q;
        q->nslots += a->nslots;
    } else {
        if ((rc = wp__query_new(&q, type)) < 0 || (rc = push_kid(q, a, false)) < 0)
            goto fail;
        a = NULL;
        if ((rc = push_kid(q, b, false)) < 0)
            goto fail_q;
        q->nslots = q->kids[q->off]->nslots + b->nslots;
    }
    *out = q;
    return 0;
fail_q:
    /* On failure the combinators free both operands (query.h): q is one
     * of them or holds a. */
    wp_query_free(q);
    q = NULL;
fail:
    wp_query_free(q);
    if (out != NULL)
        *out = NULL;
    wp_query_free(a);
    if (b != a)
        wp_query_free(b);
    return rc;
}

int wp_query_and(wp_query **out, wp_query *a, wp_query *b)
{
    return combine(out, WP__Q_AND, a, b, "wp_query_and");
}

int wp_query_or(wp_query **out, wp_query *a, wp_query *b)
{
    return combine(out, WP__Q_OR, a, b, "wp_query_or");
}

int wp_query_not(wp_query **out, wp_query *a)
{
    return combine(out, WP__Q_NOT, a, NULL, "wp_query_not");
}
