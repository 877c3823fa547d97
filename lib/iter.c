/* Depth-first iterator with ENTER/EXIT events, after cmark_iter. */
#include "internal.h"

struct wp_iter {
    wp_node *root;  /* the plan's body node, or the subtree root */
    bool skip_root; /* true for whole-plan iteration: the body is hidden */
    wp_node *node;  /* current */
    wp_event event;
    wp_node *next_node; /* successor, computed when the current one is   */
    wp_event next_event; /* returned, so the current node may be unlinked */
};

/* The event that follows (node, event) in depth-first order. */
static void successor(wp_iter *it, wp_node *n, wp_event ev)
{
    wp_node *next = NULL;
    wp_event next_ev = WP_EVENT_DONE;
    if (ev == WP_EVENT_ENTER) {
        next = wp__first(n) ? wp__first(n) : n;
        next_ev = wp__first(n) ? WP_EVENT_ENTER : WP_EVENT_EXIT;
    } else if (n != it->root) {
        if (wp__next(n)) {
            next = wp__next(n);
            next_ev = WP_EVENT_ENTER;
        } else if (wp__parent(n) != NULL && !(it->skip_root && wp__parent(n) == it->root)) {
            next = wp__parent(n);
            next_ev = WP_EVENT_EXIT;
        }
    }
    it->next_node = next_ev == WP_EVENT_DONE ? NULL : next;
    it->next_event = next_ev;
}

static int make(wp_iter **out, wp_node *root, bool skip_root)
{
    wp_iter *it = wp__malloc(sizeof *it);
    if (it == NULL)
        return wp__err_nomem();
    it->root = root;
    it->skip_root = skip_root;
    it->node = NULL;
    it->event = WP_EVENT_NONE;
    it->next_node = skip_root ? wp__first(root) : root;
    it->next_event = it->next_node ? WP_EVENT_ENTER : WP_EVENT_DONE;
    *out = it;
    return 0;
}

int wp_iter_new(wp_iter **out, wp_plan *plan)
{
    if (out != NULL)
        *out = NULL;
    if (out == NULL || plan == NULL)
        return wp__err(WP_EINVAL, "wp_iter_new: NULL argument");
    return make(out, &plan->root, true);
}

int wp_iter_new_node(wp_iter **out, wp_node *root)
{
    int rc;
    if (out == NULL)
        return wp__err(WP_EINVAL, "wp_iter_new_node: out is NULL");
    *out = NULL;
    if ((rc = wp__node_check(root)) < 0)
        return rc;
    return make(out, root, false);
}

void wp_iter_free(wp_iter *it) { wp__free(it); }

wp_event wp_iter_next(wp_iter *it)
{
    if (it == NULL)
        return WP_EVENT_DONE;
    it->node = it->next_node;
    it->event = it->next_event;
    if (it->event != WP_EVENT_DONE)
        successor(it, it->node, it->event);
    return it->event;
}

wp_node *wp_iter_node(const wp_iter *it) { return it ? it->node : NULL; }
wp_event wp_iter_event(const wp_iter *it) { return it ? it->event : WP_EVENT_DONE; }

int wp_iter_reset(wp_iter *it, wp_node *node, wp_event event)
{
    int rc;
    const wp_node *a;
    if (it == NULL)
        return wp__err(WP_EINVAL, "wp_iter_reset: iterator is NULL");
    if ((rc = wp__node_check(node)) < 0)
        return rc;
    if (event != WP_EVENT_ENTER && event != WP_EVENT_EXIT)
        return wp__err(WP_EINVAL, "wp_iter_reset: event must be ENTER or EXIT");
    for (a = node; a != NULL && a != it->root; a = wp__parent(a))
        ;
    if (a == NULL || (it->skip_root && node == it->root))
        return wp__err(WP_EINVAL, "wp_iter_reset: node is outside the iterated tree");
    it->node = node;
    it->event = event;
    successor(it, node, event);
    return 0;
}
