/*
 * Queries: matching, and running over a plan's indexes (the constructors
 * and combinators are in query_build.c).
 *
 * A run picks, among the conjuncts at the top of the query, the one with
 * the shortest posting list in the index (kind, unit, indicator, deadline
 * range, subtree) and tests the whole query on those candidates only;
 * without such a conjunct it scans the plan in document order.
 */
#include "queryx.h"
#include "textnorm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- matching ------------------------------------------------------------ */

bool wp_node_is_overdue(const wp_node *node, wp_date date)
{
    if (!wp__node_live(node) || !(node->flags & WP__HAS_DEADLINE))
        return false;
    if (node->status == WP_STATUS_DONE || node->status == WP_STATUS_CANCELLED ||
        node->status == WP_STATUS_EXTENDED)
        return false;
    return node->deadline.end < date;
}

static bool match_indicator(const wp_query *q, const wp_indicator *ind)
{
    if (q->op >= 0 && (int)ind->op != q->op)
        return false;
    if (q->str != NULL && (ind->unit == NULL || strcmp(ind->unit, q->str) != 0))
        return false;
    if (!isnan(q->min) && !(ind->value >= q->min))
        return false;
    if (!isnan(q->max) && !(ind->value <= q->max))
        return false;
    return true;
}

/* An attribute given as text in the language: compare per the stored type. */
static bool match_untyped(const wp_value *have, const char *text)
{
    char *end;
    switch (have->type) {
    case WP_VALUE_TEXT:
        return strcmp(have->as.text, text) == 0;
    case WP_VALUE_BOOL:
        return strcmp(text, have->as.boolean ? "true" : "false") == 0;
    case WP_VALUE_INT: {
        long long v = strtoll(text, &end, 10);
        return *text != '\0' && *end == '\0' && v == have->as.integer;
    }
    case WP_VALUE_FLOAT: {
        double v = strtod(text, &end);
        return *text != '\0' && *end == '\0' && v == have->as.real;
    }
    }
    return false;
}

static bool match_attr(const wp_query *q, const wp_node *node)
{
    const wp_value *have = wp_attrs_get(wp__node_attrs(node), q->str);
    const wp_value *want = &q->value;
    if (have == NULL)
        return false;
    if (q->untyped)
        return match_untyped(have, q->raw);
    if (have->type == WP_VALUE_TEXT || want->type == WP_VALUE_TEXT)
        return have->type == want->type && strcmp(have->as.text, want->as.text) == 0;
    if (have->type == WP_VALUE_BOOL || want->type == WP_VALUE_BOOL)
        return have->type == want->type && have->as.boolean == want->as.boolean;
    if (have->type == WP_VALUE_INT && want->type == WP_VALUE_INT)
        return have->as.integer == want->as.integer;
    return (have->type == WP_VALUE_INT ? (double)have->as.integer : have->as.real) ==
           (want->type == WP_VALUE_INT ? (double)want->as.integer : want->as.real);
}

bool wp__query_match(const wp_query *q, const wp__qrun *r, uint32_t pos)
{
    const wp_node *node = r->ix->order[pos];
    switch (q->type) {
    case WP__Q_ALL:
        return true;
    case WP__Q_KIND:
        return node->kind == q->kind;
    case WP__Q_STATUS:
        return (int)node->status == q->kind;
    case WP__Q_UNIT: {
        /* Effective assignments: the node's own, else its nearest assigned
         * ancestor's (eff_src, from the index: no walk up the tree). */
        const wp_unit *u = r->slot[q->slot];
        uint32_t src = q->own ? (node->n_assigns > 0 ? pos : WP__NOSRC) : r->ix->eff_src[pos];
        if ((q->str != NULL && u == NULL) || src == WP__NOSRC)
            return false;
        node = r->ix->order[src];
        for (uint32_t i = 0; i < node->n_assigns; i++)
            if ((u == NULL || node->assigns[i].unit_ix == u->index) &&
                (q->role < 0 || (int)node->assigns[i].role == q->role))
                return true;
        return false;
    }
    case WP__Q_TEXT: {
        char **norm = r->slot[q->slot];
        if (norm != NULL)
            return strstr(norm[pos], q->needle) != NULL;
        return (wp__head(node)->title != NULL && strstr(wp__head(node)->title, q->needle) != NULL) ||
               (node->text != NULL && strstr(node->text, q->needle) != NULL);
    }
    case WP__Q_IND:
        for (uint32_t i = 0; i < wp__nind(node); i++)
            if (match_indicator(q, wp__ind(node, i)))
                return true;
        return false;
    case WP__Q_DUE:
        return (node->flags & WP__HAS_DEADLINE) &&
               (q->from == 0 || node->deadline.end >= q->from) &&
               (q->to == 0 || node->deadline.end <= q->to);
    case WP__Q_OVERDUE:
        return wp_node_is_overdue(node, q->from);
    case WP__Q_CATEGORY:
        return wp__more(node)->category != NULL && strcmp(wp__more(node)->category, q->str) == 0;
    case WP__Q_UNDER: {
        const wp_node *top = r->slot[q->slot];
        return top != NULL && pos > top->ix_pos && pos < r->ix->end[top->ix_pos];
    }
    case WP__Q_ATTR:
        return match_attr(q, node);
    case WP__Q_AND:
        for (uint32_t i = 0; i < q->n; i++)
            if (!wp__query_match(WP__KID(q, i), r, pos))
                return false;
        return true;
    case WP__Q_OR:
        for (uint32_t i = 0; i < q->n; i++)
            if (wp__query_match(WP__KID(q, i), r, pos))
                return true;
        return false;
    case WP__Q_NOT:
        return !wp__query_match(WP__KID(q, 0), r, pos);
    }
    return false;
}

/* ---- per-plan resolution ------------------------------------------------- */

static int resolve(const wp_query *q, wp__qrun *r)
{
    int rc;
    switch (q->type) {
    case WP__Q_AND:
    case WP__Q_OR:
    case WP__Q_NOT:
        for (uint32_t i = 0; i < q->n; i++)
            if ((rc = resolve(WP__KID(q, i), r)) < 0)
                return rc;
        return 0;
    case WP__Q_UNIT:
        if (q->str != NULL) {
            wp_unit *u;
            if ((rc = wp__unit_find_key(&u, r->plan, q->str, q->needle)) < 0)
                return rc;
            r->slot[q->slot] = u;
        }
        return 0;
    case WP__Q_UNDER: {
        wp_node *n = wp_plan_find_node(r->plan, q->str);
        /* Only a node in the body has a position. */
        r->slot[q->slot] = n != NULL && wp_node_is_attached(n) ? n : NULL;
        return 0;
    }
    case WP__Q_TEXT:
        if (q->flags != 0) {
            char **norm;
            if ((rc = wp__index_norm(&norm, r->plan, r->ix, q->flags, q->t2s)) < 0)
                return rc;
            r->slot[q->slot] = norm;
        }
        return 0;
    default:
        return 0;
    }
}

int wp__qrun_open(wp__qrun *r, const wp_query *q, wp_plan *plan)
{
    int rc;
    memset(r, 0, sizeof *r);
    if (q == NULL || plan == NULL)
        return wp__err(WP_EINVAL, "query run: %s is NULL", q == NULL ? "query" : "plan");
    r->plan = plan;
    if ((rc = wp__index_get(&r->ix, plan)) < 0)
        return rc;
    r->slot = wp__malloc(q->nslots * sizeof *r->slot);
    if (r->slot == NULL)
        return wp__err_nomem();
    memset(r->slot, 0, q->nslots * sizeof *r->slot);
    if ((rc = resolve(q, r)) < 0) {
        wp__qrun_close(r);
        return rc;
    }
    return 0;
}

void wp__qrun_close(wp__qrun *r)
{
    wp__free(r->slot);
    r->slot = NULL;
}

/* ---- candidates ---------------------------------------------------------- */

/* Where a run takes its candidates from: a list of positions (ascending,
 * possibly with repeats) or the contiguous range [lo, hi). */
typedef struct cands {
    const uint32_t *list;
    uint32_t n;
    uint32_t lo, hi;
    bool by_value;                 /* list is not in document order: sort a copy */
    const struct wp__ival *ival;   /* or: positions are ival[0..n).pos, to sort */
    uint32_t *owned;               /* the sorted copy, ours to free */
} cands;

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* First index in the ascending due_end[0..n) with end >= date. */
static uint32_t lower_bound(const wp_date *a, uint32_t n, wp_date date)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (a[mid] < date)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* First entry not below (unit, value) (upper: first entry above it). */
static uint32_t ival_bound(const wp__index *ix, const struct wp__ival *key, bool upper)
{
    uint32_t lo = 0, hi = ix->n_ival;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const struct wp__ival *e = &ix->ival[mid];
        int c = strcmp(e->unit, key->unit);
        bool before = c < 0 || (c == 0 && (upper ? e->value <= key->value
                                                  : e->value < key->value));
        if (before)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The size of the candidate set a leaf offers, filling `c`; UINT32_MAX when
 * it offers none (not indexable). */
static uint32_t leaf_cands(const wp_query *q, const wp__qrun *r, cands *c)
{
    const wp__index *ix = r->ix;
    memset(c, 0, sizeof *c);
    switch (q->type) {
    case WP__Q_KIND:
        c->list = ix->kind_pos + ix->kind_off[q->kind];
        c->n = ix->kind_off[q->kind + 1] - ix->kind_off[q->kind];
        return c->n;
    case WP__Q_UNIT: {
        const wp_unit *u = r->slot[q->slot];
        if (q->str == NULL)
            return UINT32_MAX;
        if (u == NULL || u->index >= ix->n_units)
            return 0;
        c->list = ix->unit_pos + ix->unit_off[u->index];
        c->n = ix->unit_off[u->index + 1] - ix->unit_off[u->index];
        return c->n;
    }
    case WP__Q_IND: {
        /* With a measure unit: the (unit, value) range of the sorted entries. */
        struct wp__ival key;
        uint32_t lo, hi;
        if (q->str == NULL) {
            c->list = ix->ind_pos;
            c->n = ix->n_ind;
            return c->n;
        }
        key.unit = q->str;
        key.value = isnan(q->min) ? -INFINITY : q->min;
        lo = ival_bound(ix, &key, false);
        key.value = isnan(q->max) ? INFINITY : q->max;
        hi = ival_bound(ix, &key, true);
        c->ival = ix->ival + lo;
        c->n = hi > lo ? hi - lo : 0;
        return c->n;
    }
    case WP__Q_UNDER: {
        const wp_node *top = r->slot[q->slot];
        if (top == NULL)
            return 0;
        c->lo = top->ix_pos + 1;
        c->hi = ix->end[top->ix_pos];
        return c->hi - c->lo;
    }
    case WP__Q_DUE:
    case WP__Q_OVERDUE: {
        uint32_t lo = 0, hi = ix->n_due;
        if (q->type == WP__Q_OVERDUE) {
            hi = lower_bound(ix->due_end, ix->n_due, q->from);
        } else {
            if (q->from != 0)
                lo = lower_bound(ix->due_end, ix->n_due, q->from);
            if (q->to != 0)
                hi = lower_bound(ix->due_end, ix->n_due, q->to + 1);
        }
        if (hi < lo)
            hi = lo;
        c->list = ix->due_pos + lo;
        c->n = hi - lo;
        c->by_value = true; /* by date: sorted into document order if chosen */
        return c->n;
    }
    default:
        return UINT32_MAX;
    }
}

/* The best candidates among the conjuncts of the top-level AND chain. */
static void best_cands(const wp_query *q, const wp__qrun *r, cands *best, uint32_t *best_n)
{
    cands c;
    uint32_t n;
    if (q->type == WP__Q_AND) {
        for (uint32_t i = 0; i < q->n; i++)
            best_cands(WP__KID(q, i), r, best, best_n);
        return;
    }
    n = leaf_cands(q, r, &c);
    if (n < *best_n) {
        *best = c;
        *best_n = n;
    }
}

static int plan_cands(cands *c, const wp_query *q, const wp__qrun *r)
{
    uint32_t n = UINT32_MAX;
    best_cands(q, r, c, &n);
    if (n == UINT32_MAX) { /* scan everything */
        memset(c, 0, sizeof *c);
        c->lo = 0;
        c->hi = r->ix->n;
        return 0;
    }
    if (c->by_value || c->ival != NULL) { /* copy the positions, sort by position */
        uint32_t *copy = wp__malloc((c->n ? c->n : 1) * sizeof *copy);
        if (copy == NULL)
            return wp__err_nomem();
        for (uint32_t i = 0; i < c->n; i++)
            copy[i] = c->ival != NULL ? c->ival[i].pos : c->list[i];
        qsort(copy, c->n, sizeof *copy, cmp_u32);
        c->list = c->owned = copy;
    }
    return 0;
}

/* ---- running ------------------------------------------------------------- */

int wp__query_run(const wp_query *q, wp_plan *plan, wp_query_cb cb, void *payload)
{
    wp__qrun r;
    cands c;
    uint64_t gen;
    int rc;
    if ((rc = wp__qrun_open(&r, q, plan)) < 0)
        return rc;
    if ((rc = plan_cands(&c, q, &r)) < 0) {
        wp__qrun_close(&r);
        return rc;
    }
    gen = plan->generation;
    {
        uint32_t count = c.list != NULL ? c.n : c.hi - c.lo, prev = UINT32_MAX;
        for (uint32_t i = 0; i < count && rc == 0; i++) {
            uint32_t pos = c.list != NULL ? c.list[i] : c.lo + i;
            if (pos == prev || !wp__query_match(q, &r, pos))
                continue; /* repeats: a node assigned twice to one unit */
            prev = pos;
            rc = cb(r.ix->order[pos], payload);
            if (rc == 0 && plan->generation != gen)
                rc = wp__err(WP_EINVAL, "query: the plan was modified during the run");
        }
    }
    wp__free(c.owned);
    wp__qrun_close(&r);
    return rc;
}

int wp_query_foreach(const wp_query *q, wp_plan *plan, wp_query_cb cb, void *payload)
{
    if (cb == NULL)
        return wp__err(WP_EINVAL, "wp_query_foreach: callback is NULL");
    return wp__query_run(q, plan, cb, payload);
}

static int count_cb(wp_node *node, void *payload)
{
    (void)node;
    (*(size_t *)payload)++;
    return 0;
}

int wp_query_count(size_t *out, const wp_query *q, wp_plan *plan)
{
    size_t n = 0;
    int rc;
    if (out == NULL)
        return wp__err(WP_EINVAL, "wp_query_count: out is NULL");
    *out = 0;
    if ((rc = wp__query_run(q, plan, count_cb, &n)) < 0)
        return rc;
    *out = n;
    return 0;
}

/* ---- node lists ---------------------------------------------------------- */

struct wp_nodelist {
    wp_node **items;
    size_t n, cap, limit;
};

int wp__nodelist_new(wp_nodelist **out, size_t limit)
{
    wp_nodelist *l = wp__malloc(sizeof *l);
    if (l == NULL)
        return wp__err_nomem();
    memset(l, 0, sizeof *l);
    l->limit = limit;
    *out = l;
    return 0;
}

/* A query callback appending to a list; returns 1 (stop) at the limit. */
int wp__nodelist_push(wp_node *node, void *payload)
{
    wp_nodelist *l = payload;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        wp_node **items = wp__realloc(l->items, cap * sizeof *items);
        if (items == NULL)
            return wp__err_nomem();
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = node;
    return l->limit != 0 && l->n >= l->limit;
}

int wp_query_select(wp_nodelist **out, const wp_query *q, wp_plan *plan, size_t limit)
{
    wp_nodelist *l = NULL;
    int rc;
    if (out == NULL)
        return wp__err(WP_EINVAL, "wp_query_select: out is NULL");
    *out = NULL;
    if ((rc = wp__nodelist_new(&l, limit)) < 0)
        return rc;
    rc = wp__query_run(q, plan, wp__nodelist_push, l);
    if (rc < 0) {
        wp_nodelist_free(l);
        return rc;
    }
    *out = l;
    return 0;
}

size_t wp_nodelist_count(const wp_nodelist *l) { return l != NULL ? l->n : 0; }

wp_node *wp_nodelist_get(const wp_nodelist *l, size_t index)
{
    return l != NULL && index < l->n ? l->items[index] : NULL;
}

void wp_nodelist_free(wp_nodelist *l)
{
    if (l == NULL)
        return;
    wp__free(l->items);
    wp__free(l);
}

int wp_plan_build_index(wp_plan *plan)
{
    wp__index *ix;
    if (plan == NULL)
        return wp__err(WP_EINVAL, "wp_plan_build_index: plan is NULL");
    return wp__index_get(&ix, plan);
}
