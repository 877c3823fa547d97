/* Indicators: quantitative targets on a node, and their derived actuals. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>

int wp__indicator_check(const wp_indicator *ind)
{
    if (ind == NULL)
        return wp__err(WP_EINVAL, "indicator is NULL");
    if (ind->dead)
        return wp__err(WP_EREMOVED, "indicator was removed from its node");
    return 0;
}

#define LIVE(ind) ((ind) != NULL && !(ind)->dead)

int wp_node_add_indicator(wp_indicator **out, wp_node *node, const char *text)
{
    wp_indicator *ind;
    int rc;
    if (out)
        *out = NULL;
    if ((rc = wp__node_check(node)) < 0)
        return rc;
    if (text == NULL || text[0] == '\0')
        return wp__err(WP_EINVAL, "indicator: text is required");
    ind = wp__arena_alloc(&node->plan->arena, sizeof *ind);
    if (ind == NULL)
        return wp__err_nomem();
    if ((rc = wp__set_text(node->plan, &ind->text, text, "indicator text")) < 0)
        return rc;
    ind->node = node;
    ind->op = WP_OP_EQ;
    ind->cumulative = true;
    ind->baseline = NAN;
    ind->max = NAN;
    if ((rc = wp__pblock_push(&node->plan->arena, &node->inds, ind)) < 0)
        return rc;
    if (out)
        *out = ind;
    return 0;
}

int wp_node_remove_indicator(wp_node *node, size_t index)
{
    wp_indicator *ind;
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    if (index >= wp__nind(node))
        return wp__err(WP_EINVAL, "indicator %zu out of range (count %u)", index,
                       wp__nind(node));
    ind = wp__ind(node, index);
    for (uint32_t i = 0; i < wp__more(node)->reports.n; i++)
        wp__report_drop_actuals_of(wp__more(node)->reports.items[i], ind);
    wp__pblock_remove(node->inds, index);
    ind->dead = true;
    wp__touch(node->plan);
    return 0;
}

size_t wp_node_indicator_count(const wp_node *node)
{
    return wp__node_live(node) ? wp__nind(node) : 0;
}

wp_indicator *wp_node_indicator(const wp_node *node, size_t index)
{
    return wp__node_live(node) && index < wp__nind(node) ? wp__ind(node, index)
                                                              : NULL;
}

wp_node *wp_indicator_node(const wp_indicator *ind) { return LIVE(ind) ? ind->node : NULL; }

size_t wp_indicator_index(const wp_indicator *ind)
{
    if (LIVE(ind))
        for (uint32_t i = 0; i < wp__nind(ind->node); i++)
            if (wp__ind(ind->node, i) == ind)
                return i;
    return (size_t)-1;
}

static int by_address(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const wp__indpos *)a)->ind;
    uintptr_t y = (uintptr_t)((const wp__indpos *)b)->ind;
    return (x > y) - (x < y);
}

int wp__indtab_open(wp__indtab *tab, const wp_node *node)
{
    const wp__node_more *more = wp__more(node);
    uint32_t n = wp__nind(node);
    bool any = false;
    tab->node = node;
    tab->t = NULL;
    for (uint32_t i = 0; i < more->reports.n && !any; i++)
        any = ((const wp_report *)more->reports.items[i])->n_actuals > 0;
    if (!any || n == 0)
        return 0;
    if (n <= sizeof tab->small / sizeof tab->small[0])
        tab->t = tab->small;
    else if ((tab->t = wp__malloc((size_t)n * sizeof *tab->t)) == NULL)
        return WP_ENOMEM;
    for (uint32_t i = 0; i < n; i++)
        tab->t[i] = (wp__indpos){wp__ind(node, i), i};
    qsort(tab->t, n, sizeof *tab->t, by_address); /* distinct addresses */
    return 0;
}

size_t wp__indtab_find(const wp__indtab *tab, const wp_indicator *ind)
{
    uint32_t lo = 0, hi = wp__nind(tab->node);
    if (tab->t == NULL)
        return wp_indicator_index(ind);
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (tab->t[mid].ind == ind)
            return tab->t[mid].index;
        if ((uintptr_t)tab->t[mid].ind < (uintptr_t)ind)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (size_t)-1;
}

void wp__indtab_close(wp__indtab *tab)
{
    if (tab->t != NULL && tab->t != tab->small)
        wp__free(tab->t);
    tab->t = NULL;
}

#define IND_TEXT(field, required)                                                  \
    const char *wp_indicator_##field(const wp_indicator *ind)                      \
    {                                                                              \
        return LIVE(ind) ? ind->field : NULL;                                      \
    }                                                                              \
    int wp_indicator_set_##field(wp_indicator *ind, const char *value)             \
    {                                                                              \
        int rc = wp__indicator_check(ind);                                         \
        if (rc < 0)                                                                \
            return rc;                                                             \
        if ((required) && (value == NULL || value[0] == '\0'))                     \
            return wp__err(WP_EINVAL, "indicator " #field ": text is required");   \
        return wp__set_text(ind->node->plan, &ind->field, value, "indicator " #field); \
    }

IND_TEXT(text, 1)
IND_TEXT(subject, 0)
IND_TEXT(unit, 0)

wp_op wp_indicator_op(const wp_indicator *ind) { return LIVE(ind) ? ind->op : WP_OP_EQ; }

int wp_indicator_set_op(wp_indicator *ind, wp_op op)
{
    int rc = wp__indicator_check(ind);
    if (rc < 0)
        return rc;
    if (wp_op_name(op) == NULL)
        return wp__err(WP_EINVAL, "indicator op %d out of range", (int)op);
    ind->op = op;
    wp__touch(ind->node->plan);
    return 0;
}

double wp_indicator_value(const wp_indicator *ind) { return LIVE(ind) ? ind->value : 0.0; }

int wp_indicator_set_value(wp_indicator *ind, double value)
{
    int rc = wp__indicator_check(ind);
    if (rc < 0)
        return rc;
    if (!isfinite(value))
        return wp__err(WP_EINVAL, "indicator value must be a finite number");
    ind->value = value;
    wp__touch(ind->node->plan);
    return 0;
}

double wp_indicator_baseline(const wp_indicator *ind) { return LIVE(ind) ? ind->baseline : NAN; }

int wp_indicator_set_baseline(wp_indicator *ind, double baseline)
{
    int rc = wp__indicator_check(ind);
    if (rc < 0)
        return rc;
    if (isinf(baseline))
        return wp__err(WP_EINVAL, "indicator baseline must be finite (or NAN to clear)");
    ind->baseline = baseline;
    wp__touch(ind->node->plan);
    return 0;
}

double wp_indicator_max(const wp_indicator *ind) { return LIVE(ind) ? ind->max : NAN; }

int wp_indicator_set_max(wp_indicator *ind, double max)
{
    int rc = wp__indicator_check(ind);
    if (rc < 0)
        return rc;
    if (isinf(max))
        return wp__err(WP_EINVAL, "indicator max must be finite (or NAN to clear)");
    ind->max = max;
    wp__touch(ind->node->plan);
    return 0;
}

#define IND_BOOL(field)                                                        \
    bool wp_indicator_##field(const wp_indicator *ind)                         \
    {                                                                          \
        return LIVE(ind) && ind->field;                                        \
    }                                                                          \
    int wp_indicator_set_##field(wp_indicator *ind, bool value)                \
    {                                                                          \
        int rc = wp__indicator_check(ind);                                     \
        if (rc < 0)                                                            \
            return rc;                                                         \
        ind->field = value;                                                    \
        wp__touch(ind->node->plan);                                            \
        return 0;                                                              \
    }

IND_BOOL(aspirational)
IND_BOOL(cumulative)

/* wp_indicator_actual by scanning every report's actuals: O(reports x
 * actuals) for one indicator. */
static double actual_scan(const wp_indicator *ind)
{
    double sum = 0.0, latest = NAN;
    wp_date latest_date = WP_DATE_NONE;
    bool any = false;
    for (uint32_t i = 0; i < wp__more(ind->node)->reports.n; i++) {
        const wp_report *r = wp__more(ind->node)->reports.items[i];
        double v;
        if (r->state != WP_REPORT_APPROVED)
            continue;
        v = wp_report_actual_for(r, ind);
        if (isnan(v))
            continue;
        any = true;
        sum += v;
        if (r->date >= latest_date) { /* ties: the later report wins */
            latest_date = r->date;
            latest = v;
        }
    }
    if (!any)
        return NAN;
    return ind->cumulative ? sum : latest;
}

/* Below this many indicators on a node, a scan is cheap; above, asking for
 * each indicator's actual scanned every report's actuals each time: O(n^2)
 * for the CLI's listing, the HTML report and the roll-ups (120,000
 * indicators and actuals on one task took 5 s). The node's actuals are then
 * computed together, once per change of the plan, and kept. */
#define ACTUALS_CACHE_MIN 16

double wp_indicator_actual(const wp_indicator *ind)
{
    const wp_node *node;
    wp__node_more *more;
    uint64_t gen;
    double v;
    if (!LIVE(ind))
        return NAN;
    node = ind->node;
    more = node->more;
    if (more == NULL || more->reports.n == 0)
        return NAN;
    if (wp__nind(node) < ACTUALS_CACHE_MIN)
        return actual_scan(ind);
    gen = node->plan->generation + 1;
    if (atomic_load_explicit(&more->actuals_gen, memory_order_acquire) == gen)
        return ind->actual;
    pthread_mutex_lock(&node->plan->index_lock); /* readers may race here */
    if (atomic_load_explicit(&more->actuals_gen, memory_order_relaxed) != gen) {
        uint32_t n = wp__nind(node);
        double *out = wp__malloc((size_t)n * sizeof *out);
        wp__indtab tab;
        bool done = false;
        if (out != NULL && wp__indtab_open(&tab, node) == 0) {
            if (wp__node_actuals(node, &tab, out) == 0) {
                for (uint32_t i = 0; i < n; i++)
                    ((wp_indicator *)wp__ind(node, i))->actual = out[i];
                atomic_store_explicit(&more->actuals_gen, gen, memory_order_release);
                done = true;
            }
            wp__indtab_close(&tab);
        }
        wp__free(out);
        if (!done) { /* out of memory: the scan needs none */
            pthread_mutex_unlock(&node->plan->index_lock);
            return actual_scan(ind);
        }
    }
    v = ind->actual;
    pthread_mutex_unlock(&node->plan->index_lock);
    return v;
}

int wp__node_actuals(const wp_node *node, const wp__indtab *tab, double *out)
{
    uint32_t n = wp__nind(node);
    const wp__node_more *more = wp__more(node);
    double *latest;
    wp_date *date;
    unsigned char *any;
    if (n == 0)
        return 0;
    latest = wp__malloc((size_t)n * (sizeof *latest + sizeof *date + 1));
    if (latest == NULL)
        return wp__err_nomem();
    date = (wp_date *)(void *)(latest + n);
    any = (unsigned char *)(date + n);
    for (uint32_t i = 0; i < n; i++) {
        out[i] = 0.0;
        latest[i] = NAN;
        date[i] = WP_DATE_NONE;
        any[i] = 0;
    }
    /* as wp_indicator_actual, report by report */
    for (uint32_t i = 0; i < more->reports.n; i++) {
        const wp_report *r = more->reports.items[i];
        if (r->dead || r->state != WP_REPORT_APPROVED)
            continue;
        for (uint32_t k = 0; k < r->n_actuals; k++) {
            size_t at = wp__indtab_find(tab, r->actuals[k].indicator);
            double v = r->actuals[k].value;
            if (at >= n || isnan(v))
                continue;
            any[at] = 1;
            out[at] += v;
            if (r->date >= date[at]) { /* ties: the later report wins */
                date[at] = r->date;
                latest[at] = v;
            }
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        const wp_indicator *ind = wp__ind(node, i);
        out[i] = !any[i] || ind->dead ? NAN : ind->cumulative ? out[i] : latest[i];
    }
    wp__free(latest);
    return 0;
}
