/* Structural equality of plans. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool str_eq(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Doubles where NAN means "absent": two absents are equal. */
static bool opt_eq(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

static bool unit_eq(const wp_unit *a, const wp_unit *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a->id, b->id) == 0);
}

static bool docnum_eq(const wp_doc_number *a, const wp_doc_number *b)
{
    return str_eq(a->text, b->text) && str_eq(a->prefix, b->prefix) && a->year == b->year &&
           a->serial == b->serial;
}

static bool list_eq(const wp__ptrvec *a, const wp__ptrvec *b)
{
    if (a->n != b->n)
        return false;
    for (uint32_t i = 0; i < a->n; i++)
        if (!str_eq(a->items[i], b->items[i]))
            return false;
    return true;
}

static bool units_eq(const wp_plan *a, const wp_plan *b)
{
    if (a->units.n != b->units.n)
        return false;
    for (uint32_t i = 0; i < a->units.n; i++) {
        const wp_unit *x = a->units.items[i], *y = b->units.items[i];
        if (!str_eq(x->id, y->id) || !str_eq(x->name, y->name) ||
            !list_eq(&x->aliases, &y->aliases) || !wp__extra_equal(&x->extra, &y->extra))
            return false;
    }
    return true;
}

static bool indicator_eq(const wp_indicator *x, const wp_indicator *y)
{
    return str_eq(x->text, y->text) && str_eq(x->subject, y->subject) &&
           str_eq(x->unit, y->unit) && x->op == y->op && x->value == y->value &&
           opt_eq(x->baseline, y->baseline) && opt_eq(x->max, y->max) && x->aspirational == y->aspirational &&
           x->cumulative == y->cumulative && wp__extra_equal(&x->extra, &y->extra);
}

static bool report_eq(const wp_report *x, const wp_report *y, const wp__indtab *px,
                      const wp__indtab *py)
{
    if (x->date != y->date || !unit_eq(x->by, y->by) || !str_eq(x->text, y->text) ||
        !opt_eq(x->percent, y->percent) || x->state != y->state ||
        x->n_actuals != y->n_actuals || !wp__extra_equal(&x->extra, &y->extra))
        return false;
    for (uint32_t i = 0; i < x->n_actuals; i++)
        if (wp__indtab_find(px, x->actuals[i].indicator) !=
                wp__indtab_find(py, y->actuals[i].indicator) ||
            x->actuals[i].value != y->actuals[i].value)
            return false;
    return true;
}

static bool deadline_eq(const wp_node *x, const wp_node *y)
{
    const wp_deadline *a = &x->deadline, *b = &y->deadline;
    if ((x->flags & WP__HAS_DEADLINE) != (y->flags & WP__HAS_DEADLINE))
        return false;
    return !(x->flags & WP__HAS_DEADLINE) ||
           (str_eq(a->text, b->text) && a->start == b->start && a->end == b->end &&
            a->precision == b->precision && a->aspirational == b->aspirational);
}

static bool src_eq(const wp_node *x, const wp_node *y)
{
    size_t xo = 0, xl = 0, yo = 0, yl = 0;
    bool a = wp__node_src(x, &xo, &xl), b = wp__node_src(y, &yo, &yl);
    return a == b && xo == yo && xl == yl;
}

static bool fields_eq(const wp_node *x, const wp_node *y)
{
    if (x->kind != y->kind || !str_eq(x->id, y->id) || !str_eq(wp__head(x)->label, wp__head(y)->label) ||
        !str_eq(wp__head(x)->title, wp__head(y)->title) || !str_eq(x->text, y->text) ||
        !str_eq(wp__more(x)->category, wp__more(y)->category) || wp__head(x)->number != wp__head(y)->number || x->status != y->status ||
        !deadline_eq(x, y) || !src_eq(x, y) ||
        x->n_assigns != y->n_assigns || wp__nind(x) != wp__nind(y) ||
        wp__more(x)->reports.n != wp__more(y)->reports.n ||
        !wp__attrs_equal(wp__node_attrs(x), wp__node_attrs(y)) ||
        !wp__extra_equal(&wp__more(x)->extra, &wp__more(y)->extra) ||
        !wp__extra_equal(&wp__more(x)->deadline_extra, &wp__more(y)->deadline_extra))
        return false;
    for (uint32_t i = 0; i < x->n_assigns; i++)
        if (!unit_eq(wp__assign_unit(x, i), wp__assign_unit(y, i)) ||
            x->assigns[i].role != y->assigns[i].role ||
            !str_eq(wp__assign_person(x, i), wp__assign_person(y, i)) ||
            !wp__extra_equal(wp__assign_extra(x, i), wp__assign_extra(y, i)))
            return false;
    for (uint32_t i = 0; i < wp__nind(x); i++)
        if (!indicator_eq(wp__ind(x, i), wp__ind(y, i)))
            return false;
    {
        /* Equality never fails: without memory for a table, the scan. */
        wp__indtab px, py;
        bool eq = true;
        (void)wp__indtab_open(&px, x);
        (void)wp__indtab_open(&py, y);
        for (uint32_t i = 0; i < wp__more(x)->reports.n && eq; i++)
            eq = report_eq(wp__more(x)->reports.items[i], wp__more(y)->reports.items[i], &px, &py);
        wp__indtab_close(&px);
        wp__indtab_close(&py);
        return eq;
    }
}

/* Depth is bounded by the containment rules (see copy.c). */
static bool children_eq(const wp_node *x, const wp_node *y)
{
    const wp_node *a = wp__first(x), *b = wp__first(y);
    for (; a != NULL && b != NULL; a = wp__next(a), b = wp__next(b))
        if (!fields_eq(a, b) || !children_eq(a, b))
            return false;
    return a == NULL && b == NULL;
}

bool wp_plan_equal(const wp_plan *a, const wp_plan *b)
{
    if (a == b)
        return true;
    if (a == NULL || b == NULL)
        return false;
    if (!str_eq(a->id, b->id) || !str_eq(a->title, b->title) || !str_eq(a->issuer, b->issuer) ||
        !str_eq(a->publisher, b->publisher) || !str_eq(wp_plan_script(a), wp_plan_script(b)) ||
        !str_eq(a->preamble, b->preamble) || a->kind != b->kind || a->year != b->year ||
        a->issued != b->issued || a->published != b->published ||
        a->has_doc_number != b->has_doc_number ||
        (a->has_doc_number && !docnum_eq(&a->doc_number, &b->doc_number)) ||
        !list_eq(&a->recipients, &b->recipients) || a->attachments.n != b->attachments.n ||
        a->references.n != b->references.n || !wp__attrs_equal(wp__node_attrs(&a->root), wp__node_attrs(&b->root)) ||
        !units_eq(a, b) || !wp__extra_equal(&a->extra, &b->extra) ||
        !wp__extra_equal(&a->doc_number_extra, &b->doc_number_extra) ||
        !wp__extra_equal(&a->doc_extra, &b->doc_extra))
        return false;
    for (uint32_t i = 0; i < a->attachments.n; i++) {
        const wp__attachment *x = a->attachments.items[i], *y = b->attachments.items[i];
        if (!str_eq(x->title, y->title) || !wp__extra_equal(&x->extra, &y->extra))
            return false;
    }
    for (uint32_t i = 0; i < a->references.n; i++) {
        const wp__reference *x = a->references.items[i], *y = b->references.items[i];
        if (!str_eq(x->title, y->title) || x->has_number != y->has_number ||
            (x->has_number && !docnum_eq(&x->number, &y->number)) ||
            !wp__extra_equal(&x->extra, &y->extra) ||
            !wp__extra_equal(&x->number_extra, &y->number_extra))
            return false;
    }
    return children_eq(&a->root, &b->root);
}
