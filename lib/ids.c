/* Default node ids from the numbering path (MODEL.md "node id"). */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Set `node`'s id to prefix.seg (or seg), adding -2, -3, … if taken. */
static int give_id(wp_node *node, const char *prefix, const char *seg)
{
    size_t cap = (prefix ? strlen(prefix) : 0) + strlen(seg) + 32;
    char *buf = wp__malloc(cap);
    int rc = 0;
    if (buf == NULL)
        return wp__err_nomem();
    snprintf(buf, cap, "%s%s%s", prefix ? prefix : "", prefix ? "." : "", seg);
    for (unsigned k = 2; wp__hashmap_get(&node->plan->node_ids, buf) != NULL; k++)
        snprintf(buf, cap, "%s%s%s-%u", prefix ? prefix : "", prefix ? "." : "", seg, k);
    rc = wp_node_set_id(node, buf);
    wp__free(buf);
    return rc;
}

/* Depth is bounded by the containment rules (see copy.c). */
static int assign_children(wp_node *parent, const char *prefix)
{
    unsigned pos[WP_NODE_ATTACHMENT + 1] = {0};
    for (wp_node *c = parent->first_child; c != NULL; c = c->next) {
        char seg[32];
        unsigned k = ++pos[c->kind];
        int rc;
        if (c->id == NULL) {
            switch (c->kind) {
            case WP_NODE_TASK:
                snprintf(seg, sizeof seg, "%s%u", parent->kind == WP_NODE_ATTACHMENT ? "r" : "t", k);
                break;
            case WP_NODE_PARAGRAPH:
                snprintf(seg, sizeof seg, "p%u", k);
                break;
            case WP_NODE_ATTACHMENT:
                snprintf(seg, sizeof seg, "a%u", k);
                break;
            default: /* numbered headings: their printed number, else position */
                snprintf(seg, sizeof seg, "%lld", c->number > 0 ? (long long)c->number : (long long)k);
                break;
            }
            if ((rc = give_id(c, prefix, seg)) < 0)
                return rc;
        }
        if ((rc = assign_children(c, c->id)) < 0)
            return rc;
    }
    return 0;
}

int wp_plan_assign_ids(wp_plan *plan)
{
    if (plan == NULL)
        return wp__err(WP_EINVAL, "wp_plan_assign_ids: plan is NULL");
    return assign_children(&plan->root, NULL);
}
