/* The JSON reader: a node and what it holds (deadline, assignments,
 * indicators, progress reports with their actuals), then its children. */
#include "json_readx.h"
#include "format.h"
#include "cborio.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

PARSER(wp_node_kind_parse, wp_node_kind)
PARSER(wp_status_parse, wp_status)
PARSER(wp_role_parse, wp_role)
PARSER(wp_op_parse, wp_op)
PARSER(wp_precision_parse, wp_precision)
PARSER(wp_report_state_parse, wp_report_state)

static int deadline_member(jr *j, void *c, const char *k, jv v)
{
    wp_deadline *d = c;
    int p, rc;
    if (strcmp(k, "text") == 0)
        return wp__jr_str(j, v, (char **)&d->text);
    if (strcmp(k, "start") == 0)
        return wp__jr_date(j, v, &d->start);
    if (strcmp(k, "end") == 0)
        return wp__jr_date(j, v, &d->end);
    if (strcmp(k, "precision") == 0) {
        if ((rc = wp__jr_name(j, v, wp_precision_parse_int, &p)) == 0)
            d->precision = (wp_precision)p;
        return rc;
    }
    if (strcmp(k, "aspirational") == 0)
        return wp__jr_boolean(j, v, &d->aspirational);
    return 1;
}

/* unit, role and person are read by assignment(); the rest are unknown. */
static int assignment_member(jr *j, void *c, const char *k, jv v)
{
    (void)j;
    (void)c;
    (void)v;
    return strcmp(k, "unit") && strcmp(k, "role") && strcmp(k, "person") ? 1 : 0;
}

static int assignment(jr *j, void *c, jv v)
{
    wp_node *n = c;
    jv u = wp__jr_get(j, v, "unit"), r = wp__jr_get(j, v, "role"), p = wp__jr_get(j, v, "person");
    wp_unit *unit = NULL;
    const char *s;
    int role = 0, rc;
    wp__extra ax = {NULL, 0, 0};
    if ((rc = wp__jr_want(j, v, WP__J_OBJECT, "an object")) < 0 || (rc = wp__jr_require(j, v, "unit")) < 0 ||
        (rc = wp__jr_require(j, v, "role")) < 0)
        return rc;
    {
        size_t mark = wp__jr_push_key(j, "unit");
        if ((rc = wp__jr_want(j, u, WP__J_STRING, "a unit id")) == 0) {
            if ((s = wp__jr_sv(j, u)) == NULL)
                rc = wp__err_nomem();
            else if ((unit = wp_unit_get(j->plan, s)) == NULL)
                rc = wp__jr_bad(j, WP_EFORMAT, "no unit has the id ", s);
        }
        wp__jr_pop(j, mark);
        if (rc < 0)
            return rc;
    }
    {
        size_t mark = wp__jr_push_key(j, "role");
        rc = wp__jr_name(j, r, wp_role_parse_int, &role);
        wp__jr_pop(j, mark);
        if (rc < 0)
            return rc;
    }
    s = NULL;
    if (p != NONE && ((rc = wp__jr_want(j, p, WP__J_STRING, "a string")) < 0 ||
                      ((s = wp__jr_sv(j, p)) == NULL && (rc = wp__err_nomem()) < 0)))
        return rc;
    j->at = v;
    /* appended without wp_node_assign's scan for the same unit and role
     * (O(k) each): assignments() checks them all at once */
    {
        char *copy = NULL;
        if (s != NULL && (copy = wp__arena_strdup(&j->plan->arena, s)) == NULL)
            return wp__err_nomem();
        if ((rc = wp__assigns_reserve(n, n->n_assigns + 1)) < 0)
            return rc;
        n->assigns[n->n_assigns++] = (wp__assign){unit->index, (wp_role)role};
        if (copy != NULL) { /* UTF-8 checked by the tokenizer */
            wp__assign_x *side = wp__assign_x_mut(n, n->n_assigns - 1);
            if (side == NULL)
                return WP_ENOMEM;
            side->person = copy;
        }
    }
    /* the other members: unknown entries of this assignment */
    if ((rc = wp__jr_members(j, v, assignment_member, NULL, &ax, WP__KNOWN(K_ASSIGN_PERSON))) < 0)
        return rc;
    return wp__assign_adopt_extra(n, n->n_assigns - 1, &ax);
}

/* The assignments of a node, then one check for two with the same unit
 * and role: a stable merge sort of their positions, O(k log k) (each was
 * checked against those before it: a node assigned to 160,000 units took
 * seconds). */
static int assignments(jr *j, jv v, wp_node *n)
{
    uint32_t base = n->n_assigns, k;
    long dup = -1;
    int rc = wp__jr_array(j, v, assignment, n);
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
            size_t mark = wp__jr_push_index(j, (size_t)dup);
            for (long i = 0; i < dup; i++)
                e = wp__jtape_next(&j->tape, e);
            j->at = e;
            snprintf(msg, sizeof msg, "unit '%.200s' is already assigned as %s", u->name,
                     wp_role_name(a[dup].role));
            rc = wp__jr_bad(j, WP_EFORMAT, msg, NULL);
            wp__jr_pop(j, mark);
        }
    }
    return rc;
}

static int indicator_member(jr *j, void *c, const char *k, jv v)
{
    wp_indicator *ind = c;
    int op, rc;
    if (strcmp(k, "text") == 0)
        return wp__jr_str(j, v, &ind->text);
    if (strcmp(k, "subject") == 0)
        return wp__jr_str(j, v, &ind->subject);
    if (strcmp(k, "unit") == 0)
        return wp__jr_str(j, v, &ind->unit);
    if (strcmp(k, "op") == 0) {
        if ((rc = wp__jr_name(j, v, wp_op_parse_int, &op)) == 0)
            ind->op = (wp_op)op;
        return rc;
    }
    if (strcmp(k, "value") == 0)
        return wp__jr_number(j, v, &ind->value);
    if (strcmp(k, "baseline") == 0)
        return wp__jr_number(j, v, &ind->baseline);
    if (strcmp(k, "max") == 0)
        return wp__jr_number(j, v, &ind->max);
    if (strcmp(k, "aspirational") == 0)
        return wp__jr_boolean(j, v, &ind->aspirational);
    if (strcmp(k, "cumulative") == 0)
        return wp__jr_boolean(j, v, &ind->cumulative);
    if (strcmp(k, "actual") == 0) /* derived from the reports: not stored */
        return wp__jr_number(j, v, &(double){0});
    return 1;
}

static int indicator(jr *j, void *c, jv v)
{
    wp_node *n = c;
    wp_indicator *ind;
    int rc;
    if ((rc = wp__jr_want(j, v, WP__J_OBJECT, "an object")) < 0 || (rc = wp__jr_require(j, v, "text")) < 0 ||
        (rc = wp__jr_require(j, v, "value")) < 0)
        return rc;
    if ((rc = wp_node_add_indicator(&ind, n, "-")) < 0)
        return wp__jr_rewrap(j, rc);
    if ((rc = wp__jr_members(j, v, indicator_member, ind, &ind->extra, WP__KNOWN(K_IND_MAX))) < 0)
        return rc;
    if (ind->text[0] == '\0')
        return wp__jr_bad(j, WP_EFORMAT, "indicator text is empty", NULL);
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
    if ((rc = wp__jr_want(j, v, WP__J_OBJECT, "an object")) < 0 ||
        (rc = wp__jr_require(j, v, "indicator")) < 0 || (rc = wp__jr_require(j, v, "value")) < 0 ||
        (rc = wp__jr_integer(j, wp__jr_get(j, v, "indicator"), 0, (long long)wp__nind(r->node) - 1,
                      &index)) < 0 ||
        (rc = wp__jr_number(j, wp__jr_get(j, v, "value"), &value)) < 0)
        return rc;
    if (wp__jr_osize(j, v) != 2)
        return wp__jr_bad(j, WP_EFORMAT, "an actual has only indicator and value", NULL);
    ctx->in[ctx->n] = (actual_in){(uint32_t)index, ctx->n, v, value};
    ctx->n++;
    return ctx->n > wp__nind(r->node) ? 1 : 0; /* 1: a duplicate for sure */
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
    uint32_t ni = wp__nind(r->node);
    actuals_ctx ctx = {r, wp__malloc(((size_t)ni + 1) * sizeof(actual_in)), 0};
    long dup;
    int rc;
    if (ctx.in == NULL)
        return wp__err_nomem();
    rc = wp__jr_array(j, v, actual, &ctx);
    if ((rc == 0 || rc == 1) && (dup = first_duplicate(ctx.in, ctx.n)) != -1) {
        if (dup == -2) {
            rc = wp__err_nomem();
        } else {
            size_t mark = wp__jr_push_index(j, (size_t)dup);
            j->at = ctx.in[dup].tok;
            rc = wp__jr_bad(j, WP_EFORMAT, "indicator given twice", NULL);
            wp__jr_pop(j, mark);
        }
    }
    if (rc == 0 && ctx.n > 0) { /* distinct, existing, finite: appended as they are */
        void *items = r->actuals;
        if ((rc = wp__arena_reserve(&j->plan->arena, &items, &r->cap_actuals, r->n_actuals + ctx.n,
                                    sizeof(wp__actual))) == 0) {
            r->actuals = items;
            for (uint32_t i = 0; i < ctx.n; i++)
                r->actuals[r->n_actuals++] =
                    (wp__actual){wp__ind(r->node, ctx.in[i].index), ctx.in[i].value};
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
        return wp__jr_date(j, v, &r->date);
    if (strcmp(k, "by") == 0) {
        if ((rc = wp__jr_want(j, v, WP__J_STRING, "a unit id")) < 0)
            return rc;
        if (wp__jr_sv(j, v) == NULL)
            return wp__err_nomem();
        if ((r->by = wp_unit_get(j->plan, wp__jr_sv(j, v))) == NULL)
            return wp__jr_bad(j, WP_EFORMAT, "no unit has the id ", wp__jr_sv(j, v));
        return 0;
    }
    if (strcmp(k, "text") == 0)
        return wp__jr_str(j, v, &r->text);
    if (strcmp(k, "percent") == 0) {
        if ((rc = wp__jr_number(j, v, &r->percent)) == 0 && !(r->percent >= 0 && r->percent <= 100))
            return wp__jr_bad(j, WP_EFORMAT, "percent is outside 0..100", NULL);
        return rc;
    }
    if (strcmp(k, "state") == 0) {
        if ((rc = wp__jr_name(j, v, wp_report_state_parse_int, &st)) == 0)
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
    if ((rc = wp__jr_want(j, v, WP__J_OBJECT, "an object")) < 0 || (rc = wp__jr_require(j, v, "date")) < 0)
        return rc;
    if ((rc = wp_node_add_report(&r, n, 10101)) < 0)
        return wp__jr_rewrap(j, rc);
    return wp__jr_members(j, v, report_member, r, &r->extra, WP__KNOWN(K_REP_ACTUALS));
}


static int node_member(jr *j, void *c, const char *k, jv v)
{
    wp_node *n = c;
    long long x;
    int st, rc;
    if (strcmp(k, "kind") == 0 || strcmp(k, "id") == 0)
        return 0; /* read first, in wp__jr_node() */
    if (strcmp(k, "label") == 0)
        return wp__head_mut(n) ? wp__jr_str(j, v, &n->head->label) : WP_ENOMEM;
    if (strcmp(k, "title") == 0)
        return wp__head_mut(n) ? wp__jr_str(j, v, &n->head->title) : WP_ENOMEM;
    if (strcmp(k, "text") == 0)
        return wp__jr_str(j, v, &n->text);
    if (strcmp(k, "category") == 0)
        return wp__more_mut(n) ? wp__jr_str(j, v, &n->more->category) : WP_ENOMEM;
    if (strcmp(k, "number") == 0) {
        if ((rc = wp__jr_integer(j, v, 0, INT64_MAX, &x)) == 0 && x != 0)
            rc = wp__head_mut(n) ? (n->head->number = x, 0) : WP_ENOMEM;
        return rc;
    }
    if (strcmp(k, "status") == 0) {
        if ((rc = wp__jr_name(j, v, wp_status_parse_int, &st)) == 0)
            n->status = (wp_status)st;
        return rc;
    }
    if (strcmp(k, "deadline") == 0) {
        wp_deadline d = {NULL, 0, 0, WP_PRECISION_DAY, false};
        wp__extra dx = {NULL, 0, 0};
        if ((rc = wp__jr_members(j, v, deadline_member, &d, &dx, WP__KNOWN(K_DL_ASPIRATIONAL))) < 0 || (rc = wp__node_adopt_deadline_extra(n, &dx)) < 0)
            return rc;
        if ((rc = wp__jr_require(j, v, "end")) < 0 || (rc = wp__jr_require(j, v, "precision")) < 0)
            return rc;
        if (d.start > d.end)
            return wp__jr_bad(j, WP_EFORMAT, "start is after end", NULL);
        n->deadline = d;
        n->flags |= WP__HAS_DEADLINE;
        return 0;
    }
    if (strcmp(k, "assignments") == 0)
        return assignments(j, v, n);
    if (strcmp(k, "indicators") == 0)
        return 0; /* read before progress, in wp__jr_node() */
    if (strcmp(k, "progress") == 0)
        return 0;
    if (strcmp(k, "source") == 0) {
        long long off, len;
        if ((rc = wp__jr_want(j, v, WP__J_OBJECT, "an object")) < 0 || (rc = wp__jr_require(j, v, "offset")) < 0 ||
            (rc = wp__jr_require(j, v, "length")) < 0 ||
            (rc = wp__jr_integer(j, wp__jr_get(j, v, "offset"), 0, INT64_MAX, &off)) < 0 ||
            (rc = wp__jr_integer(j, wp__jr_get(j, v, "length"), 0, INT64_MAX - off, &len)) < 0)
            return rc;
        if (wp__jr_osize(j, v) != 2)
            return wp__jr_bad(j, WP_EFORMAT, "source has only offset and length", NULL);
        return wp__node_put_source(n, (size_t)off, (size_t)len);
    }
    if (strcmp(k, "attrs") == 0)
        return wp__jr_attrs(j, v, wp__node_attrs(n));
    if (strcmp(k, "children") == 0)
        return wp__jr_array(j, v, wp__jr_node, n);
    return 1;
}

int wp__jr_node(jr *j, void *c, jv v)
{
    wp_node *parent = c, *n;
    wp__extra nx = {NULL, 0, 0};
    int kind = 0, rc;
    size_t mark;
    if ((rc = wp__jr_want(j, v, WP__J_OBJECT, "an object")) < 0 || (rc = wp__jr_require(j, v, "kind")) < 0)
        return rc;
    mark = wp__jr_push_key(j, "kind");
    rc = wp__jr_name(j, wp__jr_get(j, v, "kind"), wp_node_kind_parse_int, &kind);
    if (rc == 0 && !wp__can_contain(parent->kind, kind)) /* before recursing: bounds depth */
        rc = wp__err(WP_EFORMAT, "%s: a %s cannot contain a %s", j->path,
                     parent->kind == WP__NODE_ROOT ? "plan" : wp_node_kind_name((wp_node_kind)parent->kind),
                     wp_node_kind_name((wp_node_kind)kind));
    wp__jr_pop(j, mark);
    if (rc < 0)
        return rc;
    if (++j->nodes > WP_LIMIT_NODES)
        return wp__err(WP_ELIMIT, "%s: more than %d nodes (WP_LIMIT_NODES)", j->path, WP_LIMIT_NODES);
    if ((rc = wp_node_new(&n, j->plan, (wp_node_kind)kind)) < 0 ||
        (rc = wp_node_append_child(parent, n)) < 0)
        return wp__jr_rewrap(j, rc);
    if (wp__jr_has(j, v, "id")) {
        char *id;
        mark = wp__jr_push_key(j, "id");
        rc = wp__jr_str(j, wp__jr_get(j, v, "id"), &id);
        if (rc == 0 && (rc = wp_node_set_id(n, id)) < 0)
            rc = wp__jr_rewrap(j, rc);
        wp__jr_pop(j, mark);
        if (rc < 0)
            return rc;
    }
    if ((rc = wp__jr_sub(j, v, "indicators", indicator, n)) < 0 ||
        (rc = wp__jr_members(j, v, node_member, n, &nx, WP__KNOWN(K_NODE_CHILDREN))) < 0 || (rc = wp__node_adopt_extra(n, &nx)) < 0 ||
        (rc = wp__jr_sub(j, v, "progress", report, n)) < 0)
        return rc;
    return 0;
}
