/* Nodes: creation, removal, tree operations, navigation. Field accessors
 * are in node_fields.c. */
#include "internal.h"

#include <string.h>

bool wp__node_live(const wp_node *node) { return node != NULL && !(node->flags & WP__DEAD); }

int wp__node_check(const wp_node *node)
{
    if (node == NULL)
        return wp__err(WP_EINVAL, "node is NULL");
    if (node->flags & WP__DEAD)
        return wp__err(WP_EREMOVED, "node %s%s%swas removed from its plan",
                       node->id ? "'" : "", node->id ? node->id : "", node->id ? "' " : "");
    return 0;
}

/* The one place that decides which kind may hold which (cf. cmark's
 * S_can_contain). Kinds rank section < subsection < point < item < task;
 * a container holds only kinds of a later rank, and paragraphs. */
bool wp__can_contain(int parent, int child)
{
    if (child == WP__NODE_ROOT)
        return false;
    switch (parent) {
    case WP__NODE_ROOT:
        return true;
    case WP_NODE_ATTACHMENT:
        return child != WP_NODE_ATTACHMENT;
    case WP_NODE_SECTION:
    case WP_NODE_SUBSECTION:
    case WP_NODE_POINT:
    case WP_NODE_ITEM:
        return child == WP_NODE_PARAGRAPH ||
               (child > parent && child <= WP_NODE_TASK);
    default: /* task, paragraph */
        return false;
    }
}

const wp__node_more wp__no_more;
const wp__node_head wp__no_head;

wp__node_head *wp__head_mut(wp_node *node)
{
    if (node->head == NULL &&
        (node->head = wp__arena_alloc(&node->plan->arena, sizeof *node->head)) == NULL)
        wp__err_nomem();
    return node->head;
}

wp__node_more *wp__more_mut(wp_node *node)
{
    if (node->more == NULL &&
        (node->more = wp__arena_alloc(&node->plan->arena, sizeof *node->more)) == NULL)
        wp__err_nomem();
    return node->more;
}

static int adopt(wp_node *node, const wp__extra *x, bool deadline)
{
    wp__node_more *more;
    if (x->count == 0)
        return 0;
    if ((more = wp__more_mut(node)) == NULL)
        return WP_ENOMEM;
    if (deadline)
        more->deadline_extra = *x;
    else
        more->extra = *x;
    return 0;
}

int wp__node_adopt_extra(wp_node *node, const wp__extra *x) { return adopt(node, x, false); }
int wp__node_adopt_deadline_extra(wp_node *node, const wp__extra *x) { return adopt(node, x, true); }

int wp__node_alloc(wp_node **out, wp_plan *plan, int kind)
{
    wp_node *node;
    *out = NULL;
    if (plan->live_nodes >= WP_LIMIT_NODES)
        return wp__err(WP_ELIMIT, "more than %d nodes in one plan (WP_LIMIT_NODES)",
                       WP_LIMIT_NODES);
    if (plan->all_nodes.n >= UINT32_MAX / 2) /* links and the list's growth stay in 32 bits */
        return wp__err(WP_ELIMIT, "more than %u nodes created in one plan", UINT32_MAX / 2);
    if ((node = wp__arena_alloc(&plan->arena, sizeof *node)) == NULL)
        return wp__err_nomem();
    node->plan = plan;
    node->kind = (int8_t)kind;
    node->status = WP_STATUS_NOT_STARTED;
    if (plan->all_nodes.n == plan->all_nodes.cap) {
        uint32_t cap = plan->all_nodes.cap ? plan->all_nodes.cap * 2 : 16;
        void **items = wp__realloc(plan->all_nodes.items, (size_t)cap * sizeof *items);
        if (items == NULL)
            return wp__err_nomem();
        plan->all_nodes.items = items;
        plan->all_nodes.cap = cap;
    }
    plan->all_nodes.items[plan->all_nodes.n++] = node;
    node->self = plan->all_nodes.n; /* its place + 1: 0 is no link */
    plan->live_nodes++;
    *out = node;
    return 0;
}

int wp_node_new(wp_node **out, wp_plan *plan, wp_node_kind kind)
{
    wp_node *node;
    int rc;
    if (out == NULL || plan == NULL)
        return wp__err(WP_EINVAL, "wp_node_new: NULL argument");
    *out = NULL;
    if (wp_node_kind_name(kind) == NULL)
        return wp__err(WP_EINVAL, "node kind %d out of range", (int)kind);
    if ((rc = wp__node_alloc(&node, plan, (int)kind)) < 0)
        return rc;
    wp__touch(plan);
    *out = node;
    return 0;
}

/* ---- linking ---------------------------------------------------------------- */

static void unlink_node(wp_node *node)
{
    wp_node *parent = wp__parent(node);
    if (parent != NULL) {
        wp_node *first = wp__first(parent), *next = wp__next(node);
        if (node == first) {
            parent->first_l = node->next_l;
            if (next)
                next->prev_l = node->prev_l; /* the last child */
        } else {
            wp__at(node->plan, node->prev_l)->next_l = node->next_l;
            if (next)
                next->prev_l = node->prev_l;
            else
                first->prev_l = node->prev_l; /* it was the last child */
        }
    }
    node->parent_l = node->prev_l = node->next_l = 0;
}

/* Validate putting `child` under `parent` (child may currently be anywhere). */
static int check_insert(wp_node *parent, wp_node *child)
{
    int rc;
    if ((rc = wp__node_check(parent)) < 0 || (rc = wp__node_check(child)) < 0)
        return rc;
    if (parent->plan != child->plan)
        return wp__err(WP_EINVAL, "the nodes belong to different plans");
    if (child->kind == WP__NODE_ROOT)
        return wp__err(WP_EINVAL, "the body of a plan cannot be inserted");
    for (const wp_node *a = parent; a != NULL; a = wp__parent(a))
        if (a == child)
            return wp__err(WP_ESTRUCTURE, "a node cannot be inserted into its own subtree");
    if (!wp__can_contain(parent->kind, child->kind))
        return wp__err(WP_ESTRUCTURE, "a %s cannot contain a %s",
                       parent->kind == WP__NODE_ROOT ? "plan" : wp_node_kind_name(parent->kind),
                       wp_node_kind_name(child->kind));
    return 0;
}

/* Link `child` between `prev` and `next` under `parent` (both may be NULL:
 * at the front, at the end). */
static void link_node(wp_node *parent, wp_node *prev, wp_node *next, wp_node *child)
{
    wp_node *first = wp__first(parent);
    child->parent_l = parent->self;
    child->next_l = wp__link(next);
    if (prev) {
        prev->next_l = child->self;
        child->prev_l = prev->self;
    } else {
        child->prev_l = first ? first->prev_l : child->self;
        parent->first_l = child->self;
    }
    if (next)
        next->prev_l = child->self;
    else
        wp__first(parent)->prev_l = child->self;
    wp__touch(parent->plan);
}

int wp_node_append_child(wp_node *parent, wp_node *child)
{
    int rc = check_insert(parent, child);
    if (rc < 0)
        return rc;
    unlink_node(child);
    link_node(parent, wp__last_child(parent), NULL, child);
    return 0;
}

int wp_node_prepend_child(wp_node *parent, wp_node *child)
{
    int rc = check_insert(parent, child);
    if (rc < 0)
        return rc;
    unlink_node(child);
    link_node(parent, NULL, wp__first(parent), child);
    return 0;
}

static int check_sibling_insert(wp_node *node, wp_node *sibling)
{
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    if (wp__parent(node) == NULL)
        return wp__err(WP_ESTRUCTURE, "the reference node is not in the plan's body");
    if (node == sibling)
        return wp__err(WP_ESTRUCTURE, "a node cannot be inserted next to itself");
    return check_insert(wp__parent(node), sibling);
}

int wp_node_insert_before(wp_node *node, wp_node *sibling)
{
    int rc = check_sibling_insert(node, sibling);
    if (rc < 0)
        return rc;
    unlink_node(sibling);
    link_node(wp__parent(node), wp__prev(node), node, sibling);
    return 0;
}

int wp_node_insert_after(wp_node *node, wp_node *sibling)
{
    int rc = check_sibling_insert(node, sibling);
    if (rc < 0)
        return rc;
    unlink_node(sibling);
    link_node(wp__parent(node), node, wp__next(node), sibling);
    return 0;
}

int wp_node_unlink(wp_node *node)
{
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    if (node->kind == WP__NODE_ROOT)
        return wp__err(WP_EINVAL, "the body of a plan cannot be unlinked");
    unlink_node(node);
    wp__touch(node->plan);
    return 0;
}

/* Mark a subtree dead, iteratively (deep trees must not overflow the
 * C stack). Ids are released; indicators and reports die with the node. */
static void kill_subtree(wp_node *top)
{
    wp_node *n = top;
    wp__hashmap *ids = wp__node_ids_if_built(top->plan);
    while (n != NULL) {
        n->flags |= WP__DEAD;
        n->plan->live_nodes--;
        if (ids != NULL && n->id != NULL && wp__hashmap_get(ids, n->id) == n)
            wp__hashmap_del(ids, n->id);
        for (uint32_t i = 0; i < wp__nind(n); i++)
            ((wp_indicator *)wp__ind(n, i))->dead = true;
        for (uint32_t i = 0; i < wp__more(n)->reports.n; i++)
            ((wp_report *)wp__more(n)->reports.items[i])->dead = true;
        n = wp__walk_next(n, top);
    }
}

int wp_node_remove(wp_node *node)
{
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    if (node->kind == WP__NODE_ROOT)
        return wp__err(WP_EINVAL, "the body of a plan cannot be removed");
    unlink_node(node);
    kill_subtree(node);
    wp__touch(node->plan);
    return 0;
}

bool wp_node_is_removed(const wp_node *node) { return !wp__node_live(node); }

/* ---- navigation -------------------------------------------------------------- */

/* Hide the plan's body node from users: a top-level node has no parent. */
static wp_node *visible(wp_node *n) { return n && n->kind != WP__NODE_ROOT ? n : NULL; }

wp_plan *wp_node_plan(const wp_node *node) { return wp__node_live(node) ? node->plan : NULL; }
wp_node *wp_node_parent(const wp_node *node)
{
    return wp__node_live(node) ? visible(wp__parent(node)) : NULL;
}
wp_node *wp_node_first_child(const wp_node *node)
{
    return wp__node_live(node) ? wp__first(node) : NULL;
}
wp_node *wp_node_last_child(const wp_node *node)
{
    return wp__node_live(node) ? wp__last_child(node) : NULL;
}
wp_node *wp_node_next(const wp_node *node) { return wp__node_live(node) ? wp__next(node) : NULL; }
wp_node *wp_node_prev(const wp_node *node) { return wp__node_live(node) ? wp__prev(node) : NULL; }

size_t wp_node_child_count(const wp_node *node)
{
    size_t n = 0;
    if (!wp__node_live(node))
        return 0;
    for (const wp_node *c = wp__first(node); c; c = wp__next(c))
        n++;
    return n;
}

int wp_node_depth(const wp_node *node)
{
    int depth = 0;
    if (!wp__node_live(node))
        return 0;
    for (const wp_node *n = node; wp__parent(n) != NULL; n = wp__parent(n))
        depth++;
    /* A detached subtree does not end at the plan's body. */
    for (const wp_node *n = node; n != NULL; n = wp__parent(n))
        if (n->kind == WP__NODE_ROOT)
            return depth;
    return 0;
}

bool wp_node_is_attached(const wp_node *node) { return wp_node_depth(node) > 0; }

/* The importer's setters for text it has already validated (no second
 * UTF-8 check, no strlen): as wp_node_set_title / wp_node_set_text. */
int wp__node_set_title_trusted(wp_node *node, const char *value, size_t len)
{
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    if (wp__head_mut(node) == NULL)
        return WP_ENOMEM;
    return wp__set_text_trusted(node->plan, &node->head->title, value, len, "node title");
}

int wp__node_set_text_trusted(wp_node *node, const char *value, size_t len)
{
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    return wp__set_text_trusted(node->plan, &node->text, value, len, "node text");
}
