/* Progress reports on nodes, with actual values per indicator. */
#include "internal.h"

#include <math.h>

int wp__report_check(const wp_report *r)
{
    if (r == NULL)
        return wp__err(WP_EINVAL, "report is NULL");
    if (r->dead)
        return wp__err(WP_EREMOVED, "report was removed from its node");
    return 0;
}

#define LIVE(r) ((r) != NULL && !(r)->dead)

int wp_node_add_report(wp_report **out, wp_node *node, wp_date date)
{
    wp_report *r;
    int rc;
    if (out)
        *out = NULL;
    if ((rc = wp__node_check(node)) < 0)
        return rc;
    if (!wp_date_valid(date))
        return wp__err(WP_EINVAL, "report date %ld is not a valid date", (long)date);
    r = wp__arena_alloc(&node->plan->arena, sizeof *r);
    if (r == NULL)
        return wp__err_nomem();
    r->node = node;
    r->date = date;
    r->percent = NAN;
    r->state = WP_REPORT_DRAFT;
    if (wp__more_mut(node) == NULL)
        return WP_ENOMEM;
    if ((rc = wp__ptrvec_push(&node->plan->arena, &node->more->reports, r)) < 0)
        return rc;
    wp__touch(node->plan);
    if (out)
        *out = r;
    return 0;
}

int wp_node_remove_report(wp_node *node, size_t index)
{
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    if (index >= wp__more(node)->reports.n)
        return wp__err(WP_EINVAL, "report %zu out of range (count %u)", index,
                       wp__more(node)->reports.n);
    ((wp_report *)node->more->reports.items[index])->dead = true;
    wp__ptrvec_remove(&node->more->reports, index);
    wp__touch(node->plan);
    return 0;
}

size_t wp_node_report_count(const wp_node *node)
{
    return wp__node_live(node) ? wp__more(node)->reports.n : 0;
}

wp_report *wp_node_report(const wp_node *node, size_t index)
{
    return wp__node_live(node) && index < wp__more(node)->reports.n
               ? wp__more(node)->reports.items[index]
               : NULL;
}

wp_node *wp_report_node(const wp_report *r) { return LIVE(r) ? r->node : NULL; }
wp_date wp_report_date(const wp_report *r) { return LIVE(r) ? r->date : WP_DATE_NONE; }

int wp_report_set_date(wp_report *r, wp_date date)
{
    int rc = wp__report_check(r);
    if (rc < 0)
        return rc;
    if (!wp_date_valid(date))
        return wp__err(WP_EINVAL, "report date %ld is not a valid date", (long)date);
    r->date = date;
    wp__touch(r->node->plan);
    return 0;
}

wp_unit *wp_report_by(const wp_report *r) { return LIVE(r) ? r->by : NULL; }

int wp_report_set_by(wp_report *r, wp_unit *unit)
{
    int rc = wp__report_check(r);
    if (rc < 0)
        return rc;
    if (unit != NULL) {
        if ((rc = wp__unit_check(unit)) < 0)
            return rc;
        if (unit->plan != r->node->plan)
            return wp__err(WP_EINVAL, "unit '%.200s' belongs to another plan", unit->name);
    }
    r->by = unit;
    wp__touch(r->node->plan);
    return 0;
}

const char *wp_report_text(const wp_report *r) { return LIVE(r) ? r->text : NULL; }

int wp_report_set_text(wp_report *r, const char *text)
{
    int rc = wp__report_check(r);
    if (rc < 0)
        return rc;
    return wp__set_text(r->node->plan, &r->text, text, "report text");
}

double wp_report_percent(const wp_report *r) { return LIVE(r) ? r->percent : NAN; }

int wp_report_set_percent(wp_report *r, double percent)
{
    int rc = wp__report_check(r);
    if (rc < 0)
        return rc;
    if (!isnan(percent) && !(percent >= 0.0 && percent <= 100.0))
        return wp__err(WP_EINVAL, "report percent %g is outside 0..100", percent);
    r->percent = percent;
    wp__touch(r->node->plan);
    return 0;
}

wp_report_state wp_report_state_of(const wp_report *r) { return LIVE(r) ? r->state : WP_REPORT_DRAFT; }

int wp_report_set_state(wp_report *r, wp_report_state state)
{
    int rc = wp__report_check(r);
    if (rc < 0)
        return rc;
    if (wp_report_state_name(state) == NULL)
        return wp__err(WP_EINVAL, "report state %d out of range", (int)state);
    r->state = state;
    wp__touch(r->node->plan);
    return 0;
}

int wp_report_set_actual(wp_report *r, wp_indicator *ind, double value)
{
    void *items;
    int rc;
    if ((rc = wp__report_check(r)) < 0 || (rc = wp__indicator_check(ind)) < 0)
        return rc;
    if (ind->node != r->node)
        return wp__err(WP_EINVAL, "the indicator belongs to another node than the report");
    if (!isfinite(value))
        return wp__err(WP_EINVAL, "actual value must be a finite number");
    for (uint32_t i = 0; i < r->n_actuals; i++) {
        if (r->actuals[i].indicator == ind) {
            r->actuals[i].value = value;
            wp__touch(r->node->plan);
            return 0;
        }
    }
    items = r->actuals;
    if ((rc = wp__arena_reserve(&r->node->plan->arena, &items, &r->cap_actuals,
                                r->n_actuals + 1, sizeof(wp__actual))) < 0)
        return rc;
    r->actuals = items;
    r->actuals[r->n_actuals++] = (wp__actual){ind, value};
    wp__touch(r->node->plan);
    return 0;
}

void wp__report_drop_actuals_of(wp_report *r, const wp_indicator *ind)
{
    uint32_t w = 0;
    for (uint32_t i = 0; i < r->n_actuals; i++)
        if (r->actuals[i].indicator != ind)
            r->actuals[w++] = r->actuals[i];
    r->n_actuals = w;
}

size_t wp_report_actual_count(const wp_report *r) { return LIVE(r) ? r->n_actuals : 0; }

wp_indicator *wp_report_actual_indicator(const wp_report *r, size_t index)
{
    return LIVE(r) && index < r->n_actuals ? r->actuals[index].indicator : NULL;
}

double wp_report_actual_value(const wp_report *r, size_t index)
{
    return LIVE(r) && index < r->n_actuals ? r->actuals[index].value : NAN;
}

double wp_report_actual_for(const wp_report *r, const wp_indicator *ind)
{
    if (LIVE(r))
        for (uint32_t i = 0; i < r->n_actuals; i++)
            if (r->actuals[i].indicator == ind)
                return r->actuals[i].value;
    return NAN;
}
