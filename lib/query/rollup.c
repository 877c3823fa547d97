/*
 * Roll-ups: the responsibility matrix (unit × top-level node × role),
 * indicator completion and the indicator table.
 */
#include "queryx.h"

#include <math.h>
#include <string.h>

#define ROLES 3

struct wp_matrix {
    wp_plan *plan;
    size_t rows, cols;
    wp_unit **units;   /* [rows] */
    wp_node **columns; /* [cols] */
    uint32_t *col_pos; /* [cols] index positions of the columns, ascending */
    size_t *cells;     /* [rows][cols][ROLES] */
    size_t *totals;    /* [rows][ROLES] */
    const wp__index *ix; /* while building */
    bool own;
};

void wp_matrix_free(wp_matrix *m)
{
    if (m == NULL)
        return;
    wp__free(m->units);
    wp__free(m->columns);
    wp__free(m->col_pos);
    wp__free(m->cells);
    wp__free(m->totals);
    wp__free(m);
}

/* The column of a node: its top-level ancestor, found among the sorted
 * column positions. */
static size_t column_of(const wp_matrix *m, const wp_node *node)
{
    size_t lo = 0, hi = m->cols;
    while (wp__parent(node) != &m->plan->root)
        node = wp__parent(node);
    while (lo + 1 < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->col_pos[mid] <= node->ix_pos)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Count one node under each (unit, role) of its effective (or own)
 * assignments: each node once per unit and role, whatever the level the
 * assignment was printed at. */
static int count_node(wp_node *node, void *payload)
{
    wp_matrix *m = payload;
    size_t col = column_of(m, node);
    uint32_t pos = node->ix_pos;
    uint32_t src = m->own ? (node->n_assigns > 0 ? pos : WP__NOSRC) : m->ix->eff_src[pos];
    if (src == WP__NOSRC)
        return 0;
    node = m->ix->order[src];
    for (uint32_t i = 0; i < node->n_assigns; i++) {
        /* wp_node_assign refuses a second (unit, role) pair: no repeats. */
        const wp__assign *a = &node->assigns[i];
        m->cells[(a->unit_ix * m->cols + col) * ROLES + a->role]++;
        m->totals[a->unit_ix * ROLES + a->role]++;
    }
    return 0;
}

int wp_matrix_build(wp_matrix **out, wp_plan *plan, const wp_query *filter)
{
    return wp_matrix_build_ex(out, plan, filter, 0);
}

int wp_matrix_build_ex(wp_matrix **out, wp_plan *plan, const wp_query *filter,
                       unsigned flags)
{
    wp_matrix *m;
    wp__index *ix;
    wp_node *top;
    int rc;
    size_t c = 0;
    if (out == NULL || plan == NULL)
        return wp__err(WP_EINVAL, "wp_matrix_build: NULL argument");
    *out = NULL;
    if (flags & ~(unsigned)WP_ASSIGN_OWN)
        return wp__err(WP_EINVAL, "wp_matrix_build_ex: unknown flags 0x%x", flags);
    if ((rc = wp__index_get(&ix, plan)) < 0)
        return rc;
    if ((m = wp__malloc(sizeof *m)) == NULL)
        return wp__err_nomem();
    memset(m, 0, sizeof *m);
    m->plan = plan;
    m->ix = ix;
    m->own = (flags & WP_ASSIGN_OWN) != 0;
    m->rows = plan->units.n;
    m->cols = wp_plan_top_count(plan);
    m->units = wp__malloc((m->rows ? m->rows : 1) * sizeof *m->units);
    m->columns = wp__malloc((m->cols ? m->cols : 1) * sizeof *m->columns);
    m->col_pos = wp__malloc((m->cols ? m->cols : 1) * sizeof *m->col_pos);
    m->cells = wp__malloc((m->rows * m->cols > 0 ? m->rows * m->cols * ROLES : 1) *
                          sizeof *m->cells);
    m->totals = wp__malloc((m->rows ? m->rows : 1) * ROLES * sizeof *m->totals);
    if (!m->units || !m->columns || !m->col_pos || !m->cells || !m->totals) {
        wp_matrix_free(m);
        return wp__err_nomem();
    }
    memset(m->cells, 0, m->rows * m->cols * ROLES * sizeof *m->cells);
    memset(m->totals, 0, m->rows * ROLES * sizeof *m->totals);
    for (size_t r = 0; r < m->rows; r++)
        m->units[r] = plan->units.items[r];
    for (top = wp__first(&plan->root); top != NULL; top = wp__next(top), c++) {
        m->columns[c] = top;
        m->col_pos[c] = top->ix_pos;
    }
    if (filter != NULL) {
        rc = wp__query_run(filter, plan, count_node, m);
    } else { /* the measures: nodes without children */
        for (uint32_t pos = 0; pos < ix->n; pos++)
            if (ix->end[pos] == pos + 1)
                count_node(ix->order[pos], m);
    }
    m->ix = NULL;
    if (rc < 0) {
        wp_matrix_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

size_t wp_matrix_unit_count(const wp_matrix *m) { return m ? m->rows : 0; }
size_t wp_matrix_column_count(const wp_matrix *m) { return m ? m->cols : 0; }

wp_unit *wp_matrix_unit(const wp_matrix *m, size_t row)
{
    return m && row < m->rows ? m->units[row] : NULL;
}

wp_node *wp_matrix_column(const wp_matrix *m, size_t column)
{
    return m && column < m->cols ? m->columns[column] : NULL;
}

size_t wp_matrix_cell(const wp_matrix *m, size_t row, size_t column, wp_role role)
{
    if (m == NULL || row >= m->rows || column >= m->cols || (unsigned)role >= ROLES)
        return 0;
    return m->cells[(row * m->cols + column) * ROLES + role];
}

size_t wp_matrix_unit_total(const wp_matrix *m, size_t row, wp_role role)
{
    if (m == NULL || row >= m->rows || (unsigned)role >= ROLES)
        return 0;
    return m->totals[row * ROLES + role];
}

/* ---- indicators ---------------------------------------------------------- */

double wp_indicator_completion(const wp_indicator *ind)
{
    double actual = wp_indicator_actual(ind), target;
    if (isnan(actual))
        return NAN;
    target = ind->value;
    switch (ind->op) {
    case WP_OP_LE:
    case WP_OP_LT:
        if (ind->op == WP_OP_LE ? actual <= target : actual < target)
            return 1.0;
        return target > 0 && actual > 0 ? target / actual : 0.0;
    default:
        return target != 0 ? actual / target : NAN;
    }
}

bool wp_indicator_met(const wp_indicator *ind)
{
    double a = wp_indicator_actual(ind), v;
    if (isnan(a))
        return false;
    v = ind->value;
    switch (ind->op) {
    case WP_OP_EQ: return a == v;
    case WP_OP_GE: return a >= v;
    case WP_OP_GT: return a > v;
    case WP_OP_LE: return a <= v;
    case WP_OP_LT: return a < v;
    case WP_OP_APPROX: return fabs(a - v) <= 0.05 * fabs(v);
    case WP_OP_RANGE: return a >= v && (isnan(ind->max) || a <= ind->max);
    }
    return false;
}

typedef struct ind_walk {
    wp_indicator_cb cb;
    void *payload;
} ind_walk;

static int each_indicator(wp_node *node, void *payload)
{
    ind_walk *w = payload;
    for (uint32_t i = 0; i < wp__nind(node); i++) {
        int rc = w->cb(wp__ind(node, i), w->payload);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int wp_plan_foreach_indicator(wp_plan *plan, const wp_query *filter, wp_indicator_cb cb,
                              void *payload)
{
    ind_walk w = {cb, payload};
    wp_query *all;
    int rc;
    if (plan == NULL || cb == NULL)
        return wp__err(WP_EINVAL, "wp_plan_foreach_indicator: NULL argument");
    if (filter != NULL)
        return wp__query_run(filter, plan, each_indicator, &w);
    /* has:indicator walks only the nodes that have some. */
    if ((rc = wp_query_indicator(&all, NULL)) < 0)
        return rc;
    rc = wp__query_run(all, plan, each_indicator, &w);
    wp_query_free(all);
    return rc;
}
