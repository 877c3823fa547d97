/* Assignments of units to nodes, in printed order. */
#include "internal.h"

int wp_node_assign(wp_node *node, wp_unit *unit, wp_role role, const char *person)
{
    wp__assign *a;
    void *items;
    char *copy = NULL;
    int rc;
    if ((rc = wp__node_check(node)) < 0 || (rc = wp__unit_check(unit)) < 0)
        return rc;
    if (unit->plan != node->plan)
        return wp__err(WP_EINVAL, "unit '%.200s' belongs to another plan", unit->name);
    if (wp_role_name(role) == NULL)
        return wp__err(WP_EINVAL, "role %d out of range", (int)role);
    for (uint32_t i = 0; i < node->n_assigns; i++)
        if (node->assigns[i].unit == unit && node->assigns[i].role == role)
            return wp__err(WP_EEXISTS, "unit '%.200s' is already assigned as %s", unit->name,
                           wp_role_name(role));
    if (person && (rc = wp__set_text(node->plan, &copy, person, "assignment person")) < 0)
        return rc;
    items = node->assigns;
    if ((rc = wp__arena_reserve(&node->plan->arena, &items, &node->cap_assigns,
                                node->n_assigns + 1, sizeof *a)) < 0)
        return rc;
    node->assigns = items;
    a = &node->assigns[node->n_assigns++];
    a->unit = unit;
    a->role = role;
    a->person = copy;
    wp__touch(node->plan);
    return 0;
}

int wp_node_unassign(wp_node *node, size_t index)
{
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    if (index >= node->n_assigns)
        return wp__err(WP_EINVAL, "assignment %zu out of range (count %u)", index,
                       node->n_assigns);
    for (size_t i = index + 1; i < node->n_assigns; i++)
        node->assigns[i - 1] = node->assigns[i];
    node->n_assigns--;
    wp__touch(node->plan);
    return 0;
}

static const wp__assign *at(const wp_node *node, size_t index)
{
    return wp__node_live(node) && index < node->n_assigns ? &node->assigns[index] : NULL;
}

size_t wp_node_assignment_count(const wp_node *node)
{
    return wp__node_live(node) ? node->n_assigns : 0;
}
wp_unit *wp_node_assignment_unit(const wp_node *node, size_t index)
{
    const wp__assign *a = at(node, index);
    return a ? a->unit : NULL;
}
wp_role wp_node_assignment_role(const wp_node *node, size_t index)
{
    const wp__assign *a = at(node, index);
    return a ? a->role : WP_ROLE_RESPONSIBLE;
}
const char *wp_node_assignment_person(const wp_node *node, size_t index)
{
    const wp__assign *a = at(node, index);
    return a ? a->person : NULL;
}
