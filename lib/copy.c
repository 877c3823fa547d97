/* Deep copy of a plan. The copy is built straight into a fresh arena, so
 * it carries none of the memory of replaced values or removed nodes. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Copy an (already valid) string into dst's arena; NULL stays NULL. */
static int dup(wp_plan *dst, char **field, const char *s)
{
    *field = NULL;
    if (s != NULL && (*field = wp__arena_strdup(&dst->arena, s)) == NULL)
        return wp__err_nomem();
    return 0;
}

static int copy_list(wp_plan *dst, wp__ptrvec *to, const wp__ptrvec *from)
{
    for (uint32_t i = 0; i < from->n; i++) {
        char *s;
        int rc;
        if ((rc = dup(dst, &s, from->items[i])) < 0 ||
            (rc = wp__ptrvec_push(&dst->arena, to, s)) < 0)
            return rc;
    }
    return 0;
}

#define EXTRA(to, from)                                                        \
    do {                                                                       \
        int extra_rc_ = wp__extra_copy(&dst->arena, &(to), &(from));           \
        if (extra_rc_ < 0)                                                     \
            return extra_rc_;                                                  \
    } while (0)

static int copy_units(wp_plan *dst, const wp_plan *src)
{
    for (uint32_t i = 0; i < src->units.n; i++) {
        const wp_unit *u = src->units.items[i];
        wp_unit *copy;
        int rc = wp_unit_add(&copy, dst, u->name, u->id);
        if (rc < 0)
            return rc;
        for (uint32_t k = 0; k < u->aliases.n; k++)
            if ((rc = wp_unit_add_alias(copy, u->aliases.items[k])) < 0)
                return rc;
        EXTRA(copy->extra, u->extra);
    }
    dst->next_unit_serial = src->next_unit_serial;
    return 0;
}

static wp_unit *same_unit(const wp_plan *dst, const wp_unit *u)
{
    return u ? dst->units.items[u->index] : NULL;
}

static int copy_node_fields(wp_node *to, const wp_node *from)
{
    wp_plan *dst = to->plan;
    int rc;
    if ((rc = dup(dst, &to->text, from->text)) < 0)
        return rc;
    if (from->head != NULL) {
        if (wp__head_mut(to) == NULL)
            return WP_ENOMEM;
        if ((rc = dup(dst, &to->head->label, from->head->label)) < 0 ||
            (rc = dup(dst, &to->head->title, from->head->title)) < 0)
            return rc;
        to->head->number = from->head->number;
    }
    if (from->more != NULL) {
        if (wp__more_mut(to) == NULL)
            return WP_ENOMEM;
        if ((rc = dup(dst, &to->more->category, from->more->category)) < 0)
            return rc;
        EXTRA(to->more->extra, from->more->extra);
        EXTRA(to->more->deadline_extra, from->more->deadline_extra);
    }
    if (from->id != NULL && (rc = wp_node_set_id(to, from->id)) < 0)
        return rc;
    to->status = from->status;
    to->flags = from->flags & WP__HAS_DEADLINE;
    to->deadline = from->deadline;
    if ((rc = dup(dst, (char **)&to->deadline.text, from->deadline.text)) < 0)
        return rc;
    {
        size_t off, len;
        if (wp__node_src(from, &off, &len) && (rc = wp__node_put_source(to, off, len)) < 0)
            return rc;
    }
    /* The source's assignments are distinct: copied as they are, not
     * through wp_node_assign's scan for duplicates (O(k^2) a node). Units
     * keep their positions (copy_units). */
    if (from->n_assigns > 0) {
        if ((rc = wp__assigns_reserve(to, from->n_assigns)) < 0)
            return rc;
        memcpy(to->assigns, from->assigns, from->n_assigns * sizeof(wp__assign));
        to->n_assigns = from->n_assigns;
    }
    for (uint32_t i = 0; i < from->n_assigns; i++) {
        const char *person = wp__assign_person(from, i);
        wp__extra x;
        if (person != NULL) {
            wp__assign_x *side = wp__assign_x_mut(to, i);
            if (side == NULL || (rc = dup(dst, &side->person, person)) < 0)
                return side == NULL ? WP_ENOMEM : rc;
        }
        EXTRA(x, *wp__assign_extra(from, i));
        if ((rc = wp__assign_adopt_extra(to, i, &x)) < 0)
            return rc;
    }
    for (uint32_t i = 0; i < wp__nind(from); i++) {
        const wp_indicator *s = wp__ind(from, i);
        wp_indicator *d;
        if ((rc = wp_node_add_indicator(&d, to, s->text)) < 0 ||
            (rc = dup(dst, &d->subject, s->subject)) < 0 ||
            (rc = dup(dst, &d->unit, s->unit)) < 0)
            return rc;
        d->op = s->op;
        d->value = s->value;
        d->baseline = s->baseline;
        d->max = s->max;
        d->aspirational = s->aspirational;
        d->cumulative = s->cumulative;
        EXTRA(d->extra, s->extra);
    }
    wp__indtab pos;
    if (wp__indtab_open(&pos, from) < 0)
        return wp__err_nomem();
    for (uint32_t i = 0; i < wp__more(from)->reports.n; i++) {
        const wp_report *s = wp__more(from)->reports.items[i];
        wp_report *d;
        if ((rc = wp_node_add_report(&d, to, s->date)) < 0 ||
            (rc = dup(dst, &d->text, s->text)) < 0)
            break;
        d->by = same_unit(dst, s->by);
        d->percent = s->percent;
        d->state = s->state;
        if ((rc = wp__extra_copy(&dst->arena, &d->extra, &s->extra)) < 0)
            break;
        /* the source's actuals are distinct: appended, not looked up */
        {
            void *items = d->actuals;
            if ((rc = wp__arena_reserve(&dst->arena, &items, &d->cap_actuals, s->n_actuals,
                                        sizeof(wp__actual))) < 0)
                break;
            d->actuals = items;
        }
        for (uint32_t k = 0; k < s->n_actuals; k++)
            d->actuals[d->n_actuals++] = (wp__actual){
                wp__ind(to, wp__indtab_find(&pos, s->actuals[k].indicator)),
                s->actuals[k].value};
    }
    wp__indtab_close(&pos);
    if (rc < 0)
        return rc;
    return wp__attrs_copy(wp__node_attrs(to), wp__node_attrs(from));
}

/* Recursion depth is bounded: the containment rules allow at most six
 * levels (attachment > section > subsection > point > item > task). */
static int copy_children(wp_node *to, const wp_node *from)
{
    for (const wp_node *c = wp__first(from); c != NULL; c = wp__next(c)) {
        wp_node *n;
        int rc;
        if ((rc = wp__node_alloc(&n, to->plan, c->kind)) < 0 || (rc = copy_node_fields(n, c)) < 0 || (rc = wp_node_append_child(to, n)) < 0 ||
            (rc = copy_children(n, c)) < 0)
            return rc;
    }
    return 0;
}

static int copy_plan(wp_plan *dst, const wp_plan *src)
{
    int rc;
    if ((rc = dup(dst, &dst->id, src->id)) < 0 || (rc = dup(dst, &dst->title, src->title)) < 0 ||
        (rc = dup(dst, &dst->issuer, src->issuer)) < 0 ||
        (rc = dup(dst, &dst->publisher, src->publisher)) < 0 ||
        (rc = dup(dst, &dst->script, src->script)) < 0 ||
        (rc = dup(dst, &dst->preamble, src->preamble)) < 0)
        return rc;
    dst->kind = src->kind;
    dst->year = src->year;
    dst->issued = src->issued;
    dst->published = src->published;
    if (src->has_doc_number && (rc = wp_plan_set_doc_number(dst, &src->doc_number)) < 0)
        return rc;
    if ((rc = copy_list(dst, &dst->recipients, &src->recipients)) < 0)
        return rc;
    for (uint32_t i = 0; i < src->attachments.n; i++) {
        const wp__attachment *a = src->attachments.items[i];
        if ((rc = wp_plan_add_attachment(dst, a->title)) < 0)
            return rc;
        EXTRA(((wp__attachment *)dst->attachments.items[i])->extra, a->extra);
    }
    for (uint32_t i = 0; i < src->references.n; i++) {
        const wp__reference *r = src->references.items[i];
        wp__reference *d;
        if ((rc = wp_plan_add_reference(dst, r->title, r->has_number ? &r->number : NULL)) < 0)
            return rc;
        d = dst->references.items[i];
        EXTRA(d->extra, r->extra);
        EXTRA(d->number_extra, r->number_extra);
    }
    EXTRA(dst->extra, src->extra);
    EXTRA(dst->doc_number_extra, src->doc_number_extra);
    EXTRA(dst->doc_extra, src->doc_extra);
    if ((rc = wp__attrs_copy(wp__node_attrs(&dst->root), wp__node_attrs(&src->root))) < 0 ||
        (rc = copy_units(dst, src)) < 0)
        return rc;
    return copy_children(&dst->root, &src->root);
}

int wp_plan_copy(wp_plan **out, const wp_plan *src)
{
    wp_plan *dst;
    int rc;
    if (out == NULL || src == NULL)
        return wp__err(WP_EINVAL, "wp_plan_copy: NULL argument");
    *out = NULL;
    if ((rc = wp_plan_new(&dst)) < 0)
        return rc;
    if ((rc = copy_plan(dst, src)) < 0) {
        wp_plan_free(dst);
        return rc;
    }
    dst->generation = 0;
    *out = dst;
    return 0;
}
