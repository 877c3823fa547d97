/* Indicators: quantitative targets on a node, and their derived actuals. */
#include "internal.h"

#include <math.h>

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
    if ((rc = wp__ptrvec_push(&node->plan->arena, &node->indicators, ind)) < 0)
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
    if (index >= node->indicators.n)
        return wp__err(WP_EINVAL, "indicator %zu out of range (count %u)", index,
                       node->indicators.n);
    ind = node->indicators.items[index];
    for (uint32_t i = 0; i < wp__more(node)->reports.n; i++)
        wp__report_drop_actuals_of(wp__more(node)->reports.items[i], ind);
    wp__ptrvec_remove(&node->indicators, index);
    ind->dead = true;
    wp__touch(node->plan);
    return 0;
}

size_t wp_node_indicator_count(const wp_node *node)
{
    return wp__node_live(node) ? node->indicators.n : 0;
}

wp_indicator *wp_node_indicator(const wp_node *node, size_t index)
{
    return wp__node_live(node) && index < node->indicators.n ? node->indicators.items[index]
                                                              : NULL;
}

wp_node *wp_indicator_node(const wp_indicator *ind) { return LIVE(ind) ? ind->node : NULL; }

size_t wp_indicator_index(const wp_indicator *ind)
{
    if (LIVE(ind))
        for (uint32_t i = 0; i < ind->node->indicators.n; i++)
            if (ind->node->indicators.items[i] == ind)
                return i;
    return (size_t)-1;
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

double wp_indicator_actual(const wp_indicator *ind)
{
    double sum = 0.0, latest = NAN;
    wp_date latest_date = WP_DATE_NONE;
    bool any = false;
    if (!LIVE(ind))
        return NAN;
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
