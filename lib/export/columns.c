/* Columns: the nodes of many plans as one table, built in one pass
 * (include/workplan/columns.h). */
#include "internal.h"
#include "workplan/columns.h"

#include <string.h>

#define N_INTS (WP_COL_COUNT_ - WP_COL_PLAN)

struct wp_columns {
    wp_plan **plans;
    size_t n_plans;
    wp_node **nodes; /* one per row */
    size_t rows, cap;
    int32_t *ints[N_INTS];
    uint32_t *offsets; /* rows + 1 */
    int32_t *codes;
    uint8_t *roles;
    size_t n_assigns, cap_assigns;
    wp__hashmap unit_codes; /* name -> code + 1 (as a pointer-sized integer) */
    const char **unit_names;
    size_t n_units, cap_units;
    int32_t *plan_codes; /* per unit of the current plan (by wp_unit.index): code, -2 unknown */
    size_t cap_plan_codes;
};

void wp_columns_free(wp_columns *cols)
{
    if (cols == NULL)
        return;
    wp__free(cols->plans);
    wp__free(cols->nodes);
    for (int i = 0; i < N_INTS; i++)
        wp__free(cols->ints[i]);
    wp__free(cols->offsets);
    wp__free(cols->codes);
    wp__free(cols->roles);
    wp__hashmap_free(&cols->unit_codes);
    wp__free(cols->unit_names);
    wp__free(cols->plan_codes);
    wp__free(cols);
}

/* Grow an array of `*cap` items of `size` bytes to hold `need`. */
static int grow(void **items, size_t *cap, size_t need, size_t size)
{
    size_t ncap = *cap ? *cap : 1024;
    void *p;
    if (need <= *cap)
        return 0;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / size)
            return wp__err(WP_ELIMIT, "wp_columns: table too large");
        ncap *= 2;
    }
    if ((p = wp__realloc(*items, ncap * size)) == NULL)
        return wp__err_nomem();
    *items = p;
    *cap = ncap;
    return 0;
}

static int32_t unit_code(wp_columns *c, const char *name)
{
    void *v = wp__hashmap_get(&c->unit_codes, name);
    void *names = c->unit_names;
    if (v != NULL)
        return (int32_t)((uintptr_t)v - 1);
    if (c->n_units >= INT32_MAX || grow(&names, &c->cap_units, c->n_units + 1, sizeof(char *)) < 0)
        return -1;
    c->unit_names = names;
    if (wp__hashmap_put(&c->unit_codes, name, (void *)(uintptr_t)(c->n_units + 1)) < 0)
        return -1;
    c->unit_names[c->n_units] = name;
    return (int32_t)c->n_units++;
}

/* Room for `want` rows in every column (all grow together). */
static int reserve_rows(wp_columns *c, size_t want)
{
    size_t ncap;
    void *p;
    if (want <= c->cap)
        return 0;
    ncap = c->cap ? c->cap * 2 : 1024;
    if (ncap < want)
        ncap = want;
    if (ncap > SIZE_MAX / 2 / sizeof(wp_node *))
        return wp__err(WP_ELIMIT, "wp_columns: table too large");
    if ((p = wp__realloc(c->nodes, ncap * sizeof(wp_node *))) == NULL)
        return wp__err_nomem();
    c->nodes = p;
    for (int i = 0; i < N_INTS; i++) {
        if ((p = wp__realloc(c->ints[i], ncap * sizeof(int32_t))) == NULL)
            return wp__err_nomem();
        c->ints[i] = p;
    }
    if ((p = wp__realloc(c->offsets, (ncap + 1) * sizeof(uint32_t))) == NULL)
        return wp__err_nomem();
    c->offsets = p;
    c->cap = ncap;
    return 0;
}

static int add_row(wp_columns *c, wp_node *n, int32_t plan_index)
{
    size_t r = c->rows;
    int32_t lead = -1;
    int rc;
    if ((rc = reserve_rows(c, c->rows + 1)) < 0)
        return rc;
    if (n->n_assigns > 0) {
        size_t need = c->n_assigns + n->n_assigns, cap = c->cap_assigns;
        void *codes = c->codes, *roles = c->roles;
        if (need > UINT32_MAX)
            return wp__err(WP_ELIMIT, "wp_columns: too many assignments");
        if ((rc = grow(&codes, &cap, need, sizeof(int32_t))) < 0)
            return rc;
        c->codes = codes;
        cap = c->cap_assigns;
        if ((rc = grow(&roles, &cap, need, 1)) < 0)
            return rc;
        c->roles = roles;
        c->cap_assigns = cap;
        for (uint32_t i = 0; i < n->n_assigns; i++) {
            const wp_unit *u = wp__assign_unit(n, i);
            bool cached = u->index < c->cap_plan_codes && u->index < u->plan->units.n &&
                          u->plan->units.items[u->index] == u;
            int32_t code = cached ? c->plan_codes[u->index] : -2;
            if (code == -2) { /* first use in this plan: look the name up once */
                if ((code = unit_code(c, u->name)) < 0)
                    return wp__err_nomem();
                if (cached)
                    c->plan_codes[u->index] = code;
            }
            c->codes[c->n_assigns] = code;
            c->roles[c->n_assigns++] = (uint8_t)n->assigns[i].role;
            if (lead < 0 && n->assigns[i].role == WP_ROLE_LEAD)
                lead = code;
        }
    }
    c->nodes[r] = n;
    c->ints[WP_COL_PLAN - WP_COL_PLAN][r] = plan_index;
    c->ints[WP_COL_KIND - WP_COL_PLAN][r] = n->kind;
    c->ints[WP_COL_STATUS - WP_COL_PLAN][r] = (int32_t)n->status;
    c->ints[WP_COL_DUE - WP_COL_PLAN][r] =
        (n->flags & WP__HAS_DEADLINE) ? (int32_t)n->deadline.end : 0;
    c->ints[WP_COL_LEAD - WP_COL_PLAN][r] = lead;
    c->ints[WP_COL_INDICATORS - WP_COL_PLAN][r] = (int32_t)wp__nind(n);
    c->offsets[r + 1] = (uint32_t)c->n_assigns;
    c->rows++;
    return 0;
}

int wp_columns_build(wp_columns **out, wp_plan *const *plans, size_t n_plans, int kind)
{
    wp_columns *c;
    size_t total = 0;
    int rc = 0;
    if (out == NULL || (plans == NULL && n_plans > 0))
        return wp__err(WP_EINVAL, "wp_columns_build: NULL argument");
    *out = NULL;
    if (kind != WP_COLUMNS_ALL_KINDS && wp_node_kind_name((wp_node_kind)kind) == NULL)
        return wp__err(WP_EINVAL, "wp_columns_build: node kind %d out of range", kind);
    if (n_plans > INT32_MAX)
        return wp__err(WP_ELIMIT, "wp_columns_build: too many plans");
    if ((c = wp__malloc(sizeof *c)) == NULL)
        return wp__err_nomem();
    memset(c, 0, sizeof *c);
    /* Every node ever created bounds the rows: one allocation per column. */
    for (size_t i = 0; i < n_plans; i++)
        if (plans[i] != NULL)
            total += plans[i]->all_nodes.n;
    if ((c->plans = wp__malloc((n_plans ? n_plans : 1) * sizeof *c->plans)) == NULL ||
        (rc = reserve_rows(c, total ? total : 1)) < 0) {
        wp_columns_free(c);
        return rc < 0 ? rc : wp__err_nomem();
    }
    c->offsets[0] = 0;
    for (size_t i = 0; i < n_plans && rc == 0; i++) {
        wp_plan *plan = plans[i];
        wp_node *n;
        if (plan == NULL) {
            rc = wp__err(WP_EINVAL, "wp_columns_build: plan %zu is NULL", i);
            break;
        }
        c->plans[c->n_plans++] = plan;
        /* Unit codes of this plan, looked up by name at first use. */
        if (plan->units.n > c->cap_plan_codes) {
            void *p = wp__realloc(c->plan_codes, plan->units.n * sizeof(int32_t));
            if (p == NULL) {
                rc = wp__err_nomem();
                break;
            }
            c->plan_codes = p;
            c->cap_plan_codes = plan->units.n;
        }
        for (size_t k = 0; k < c->cap_plan_codes; k++)
            c->plan_codes[k] = -2;
        /* Pre-order walk of the live tree: document order, no allocation. */
        for (n = wp__first(&plan->root); n != NULL && rc == 0; n = wp__walk_next(n, &plan->root))
            if (kind == WP_COLUMNS_ALL_KINDS || n->kind == kind)
                rc = add_row(c, n, (int32_t)i);
    }
    if (rc < 0) {
        wp_columns_free(c);
        return rc;
    }
    *out = c;
    return 0;
}

int wp_collection_columns(wp_columns **out, const wp_collection *coll, int kind)
{
    size_t n;
    wp_plan **plans;
    int rc;
    if (out == NULL || coll == NULL)
        return wp__err(WP_EINVAL, "wp_collection_columns: NULL argument");
    n = wp_collection_count(coll);
    if ((plans = wp__malloc((n ? n : 1) * sizeof *plans)) == NULL)
        return wp__err_nomem();
    for (size_t i = 0; i < n; i++)
        plans[i] = wp_collection_plan(coll, i);
    rc = wp_columns_build(out, plans, n, kind);
    wp__free(plans);
    return rc;
}

size_t wp_columns_rows(const wp_columns *cols) { return cols ? cols->rows : 0; }

wp_node *wp_columns_node(const wp_columns *cols, size_t row)
{
    return cols && row < cols->rows ? cols->nodes[row] : NULL;
}

wp_plan *wp_columns_plan(const wp_columns *cols, size_t index)
{
    return cols && index < cols->n_plans ? cols->plans[index] : NULL;
}

size_t wp_columns_plan_count(const wp_columns *cols) { return cols ? cols->n_plans : 0; }

const char *wp_columns_text(const wp_columns *cols, wp_column col, size_t row)
{
    const wp_node *n;
    if (cols == NULL || row >= cols->rows)
        return NULL;
    n = cols->nodes[row];
    switch (col) {
    case WP_COL_ID: return n->id;
    case WP_COL_LABEL: return wp__head(n)->label;
    case WP_COL_TITLE: return wp__head(n)->title;
    case WP_COL_TEXT: return n->text;
    case WP_COL_CATEGORY: return wp__more(n)->category;
    default: return NULL;
    }
}

const int32_t *wp_columns_ints(const wp_columns *cols, wp_column col)
{
    if (cols == NULL || col < WP_COL_PLAN || col >= WP_COL_COUNT_)
        return NULL;
    return cols->ints[col - WP_COL_PLAN];
}

size_t wp_columns_unit_count(const wp_columns *cols) { return cols ? cols->n_units : 0; }

const char *wp_columns_unit_name(const wp_columns *cols, size_t code)
{
    return cols && code < cols->n_units ? cols->unit_names[code] : NULL;
}

size_t wp_columns_assignments(const wp_columns *cols, const uint32_t **offsets,
                              const int32_t **codes, const uint8_t **roles)
{
    if (offsets)
        *offsets = cols ? cols->offsets : NULL;
    if (codes)
        *codes = cols ? cols->codes : NULL;
    if (roles)
        *roles = cols ? cols->roles : NULL;
    return cols ? cols->n_assigns : 0;
}
