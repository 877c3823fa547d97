/* Node fields: id, texts, number, kind, status, deadline, source span. */
#include "internal.h"

#include <string.h>

#define LIVE_OR(node, dflt) if (!wp__node_live(node)) return (dflt)

wp_node_kind wp_node_kind_of(const wp_node *node)
{
    LIVE_OR(node, WP_NODE_PARAGRAPH);
    return node->kind == WP__NODE_ROOT ? WP_NODE_PARAGRAPH : (wp_node_kind)node->kind;
}

int wp_node_set_kind(wp_node *node, wp_node_kind kind)
{
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    if (wp_node_kind_name(kind) == NULL || node->kind == WP__NODE_ROOT)
        return wp__err(WP_EINVAL, "node kind %d out of range", (int)kind);
    if (wp__parent(node) && !wp__can_contain(wp__parent(node)->kind, (int)kind))
        return wp__err(WP_ESTRUCTURE, "the parent of this node cannot contain a %s",
                       wp_node_kind_name(kind));
    for (const wp_node *c = wp__first(node); c; c = wp__next(c))
        if (!wp__can_contain((int)kind, c->kind))
            return wp__err(WP_ESTRUCTURE, "a %s cannot contain the %s children of this node",
                           wp_node_kind_name(kind), wp_node_kind_name(c->kind));
    node->kind = (int8_t)kind;
    wp__touch(node->plan);
    return 0;
}

/* ---- id ------------------------------------------------------------------- */

const char *wp_node_id(const wp_node *node)
{
    LIVE_OR(node, NULL);
    return node->id;
}

int wp_node_set_id(wp_node *node, const char *id)
{
    wp_plan *plan;
    wp_node *holder;
    wp__hashmap *ids;
    char *copy = NULL;
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    plan = node->plan;
    if (id != NULL) {
        if (id[0] == '\0')
            return wp__err(WP_EINVAL, "node id: empty id");
        if ((ids = wp__node_ids(plan)) == NULL)
            return WP_ENOMEM;
        holder = wp__hashmap_get(ids, id);
        if (holder == node)
            return 0;
        if (holder != NULL)
            return wp__err(WP_EEXISTS, "node id '%.200s' is already used in this plan", id);
        if ((rc = wp__set_text(plan, &copy, id, "node id")) < 0)
            return rc;
        if (wp__hashmap_put(ids, copy, node) < 0)
            return wp__err_nomem();
    }
    /* Clearing never allocates (wp_plan_assign_ids relies on it). */
    if (node->id != NULL && (ids = wp__node_ids_if_built(plan)) != NULL)
        wp__hashmap_del(ids, node->id);
    node->id = copy;
    wp__touch(plan);
    return 0;
}

/* ---- text fields ------------------------------------------------------------ */

const char *wp_node_text(const wp_node *node)
{
    LIVE_OR(node, NULL);
    return node->text;
}

int wp_node_set_text(wp_node *node, const char *value)
{
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    return wp__set_text(node->plan, &node->text, value, "node text");
}

/* The heading's texts: the record is created by the first one set. */
#define HEAD_TEXT(field)                                                       \
    const char *wp_node_##field(const wp_node *node)                           \
    {                                                                          \
        LIVE_OR(node, NULL);                                                   \
        return wp__head(node)->field;                                          \
    }                                                                          \
    int wp_node_set_##field(wp_node *node, const char *value)                  \
    {                                                                          \
        int rc = wp__node_check(node);                                         \
        if (rc < 0)                                                            \
            return rc;                                                         \
        if (value == NULL && node->head == NULL) {                             \
            wp__touch(node->plan);                                             \
            return 0;                                                          \
        }                                                                      \
        if (wp__head_mut(node) == NULL)                                        \
            return WP_ENOMEM;                                                  \
        return wp__set_text(node->plan, &node->head->field, value, "node " #field); \
    }

HEAD_TEXT(label)
HEAD_TEXT(title)

const char *wp_node_category(const wp_node *node)
{
    LIVE_OR(node, NULL);
    return wp__more(node)->category;
}

int wp_node_set_category(wp_node *node, const char *value)
{
    wp__node_more *more;
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    if (value == NULL && node->more == NULL) {
        wp__touch(node->plan);
        return 0;
    }
    if ((more = wp__more_mut(node)) == NULL)
        return WP_ENOMEM;
    return wp__set_text(node->plan, &more->category, value, "node category");
}

/* ---- scalars ----------------------------------------------------------------- */

int64_t wp_node_number(const wp_node *node)
{
    LIVE_OR(node, 0);
    return wp__head(node)->number;
}

int wp_node_set_number(wp_node *node, int64_t number)
{
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    if (number < 0)
        return wp__err(WP_EINVAL, "node number %lld is negative", (long long)number);
    if (number != 0 || node->head != NULL) {
        if (wp__head_mut(node) == NULL)
            return WP_ENOMEM;
        node->head->number = number;
    }
    wp__touch(node->plan);
    return 0;
}

wp_status wp_node_status(const wp_node *node)
{
    LIVE_OR(node, WP_STATUS_NOT_STARTED);
    return node->status;
}

int wp_node_set_status(wp_node *node, wp_status status)
{
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    if (wp_status_name(status) == NULL)
        return wp__err(WP_EINVAL, "status %d out of range", (int)status);
    node->status = (uint8_t)status;
    wp__touch(node->plan);
    return 0;
}

/* ---- deadline ------------------------------------------------------------------ */

const wp_deadline *wp_node_deadline(const wp_node *node)
{
    LIVE_OR(node, NULL);
    return (node->flags & WP__HAS_DEADLINE) ? &node->deadline : NULL;
}

int wp_node_set_deadline(wp_node *node, const wp_deadline *d)
{
    wp_deadline copy;
    char *text = NULL;
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    if (d == NULL) {
        node->flags &= ~WP__HAS_DEADLINE;
        wp__touch(node->plan);
        return 0;
    }
    if (!wp_date_valid(d->end))
        return wp__err(WP_EINVAL, "deadline: end %ld is not a valid date", (long)d->end);
    if (d->start != WP_DATE_NONE && (!wp_date_valid(d->start) || d->start > d->end))
        return wp__err(WP_EINVAL, "deadline: start %ld is invalid or after the end %ld",
                       (long)d->start, (long)d->end);
    if (wp_precision_name(d->precision) == NULL)
        return wp__err(WP_EINVAL, "deadline: precision %d out of range", (int)d->precision);
    if ((rc = wp__set_text(node->plan, &text, d->text, "deadline text")) < 0)
        return rc;
    copy = *d;
    copy.text = text;
    node->deadline = copy;
    node->flags |= WP__HAS_DEADLINE;
    return 0;
}

/* ---- source span ----------------------------------------------------------------- */

bool wp__node_src(const wp_node *node, size_t *offset, size_t *length)
{
    size_t off, len;
    if (!(node->flags & WP__HAS_SOURCE))
        return false;
    if (node->flags & WP__BIG_SOURCE) {
        off = node->more->src_offset;
        len = node->more->src_length;
    } else {
        off = node->src_offset;
        len = node->src_length;
    }
    if (offset)
        *offset = off;
    if (length)
        *length = len;
    return true;
}

int wp__node_put_source(wp_node *node, size_t offset, size_t length)
{
    if (offset > UINT32_MAX || length > UINT32_MAX) {
        wp__node_more *more = wp__more_mut(node);
        if (more == NULL)
            return WP_ENOMEM;
        more->src_offset = offset;
        more->src_length = length;
        node->flags |= WP__HAS_SOURCE | WP__BIG_SOURCE;
        return 0;
    }
    node->src_offset = (uint32_t)offset;
    node->src_length = (uint32_t)length;
    node->flags = (uint16_t)((node->flags & ~WP__BIG_SOURCE) | WP__HAS_SOURCE);
    return 0;
}

bool wp_node_source(const wp_node *node, size_t *offset, size_t *length)
{
    LIVE_OR(node, false);
    return wp__node_src(node, offset, length);
}

int wp_node_set_source(wp_node *node, size_t offset, size_t length)
{
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    /* The span ends within INT64_MAX: the range every format holds (JSON
     * numbers are 64-bit signed; a larger offset was written as a negative
     * number that the JSON reader refused). */
    if (offset > INT64_MAX || length > INT64_MAX - offset)
        return wp__err(WP_EINVAL, "source span %zu+%zu ends past 2^63-1", offset, length);
    if ((rc = wp__node_put_source(node, offset, length)) < 0)
        return rc;
    wp__touch(node->plan);
    return 0;
}

int wp_node_clear_source(wp_node *node)
{
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    node->flags &= (uint16_t)~(WP__HAS_SOURCE | WP__BIG_SOURCE);
    wp__touch(node->plan);
    return 0;
}

wp_attrs *wp_node_attrs(wp_node *node)
{
    LIVE_OR(node, NULL);
    return wp__node_attrs(node);
}
