/* Effective responsibility of one node (shared/MODEL.md): its own
 * assignments, else its nearest assigned ancestor's. */
#include "internal.h"

wp_node *wp_node_assignment_source(const wp_node *node)
{
    if (!wp__node_live(node))
        return NULL;
    for (; node != NULL && node != &node->plan->root; node = wp__parent(node))
        if (node->n_assigns > 0)
            return (wp_node *)node;
    return NULL;
}

size_t wp_node_effective_assignment_count(const wp_node *node)
{
    return wp_node_assignment_count(wp_node_assignment_source(node));
}

wp_unit *wp_node_effective_assignment_unit(const wp_node *node, size_t index)
{
    return wp_node_assignment_unit(wp_node_assignment_source(node), index);
}

wp_role wp_node_effective_assignment_role(const wp_node *node, size_t index)
{
    return wp_node_assignment_role(wp_node_assignment_source(node), index);
}

const char *wp_node_effective_assignment_person(const wp_node *node, size_t index)
{
    return wp_node_assignment_person(wp_node_assignment_source(node), index);
}
