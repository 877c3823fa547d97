/* Assignments of units to nodes, in printed order: 8 bytes each (unit
 * index and role); the person and unknown entries, rare, in an array of
 * the node's side record that is index-aligned with them. */
#include "internal.h"

#include <string.h>

static const wp__extra no_extra;

const char *wp__assign_person(const wp_node *node, uint32_t i)
{
    const wp__assign_x *x = wp__more(node)->assign_x;
    return x ? x[i].person : NULL;
}

const wp__extra *wp__assign_extra(const wp_node *node, uint32_t i)
{
    const wp__assign_x *x = wp__more(node)->assign_x;
    return x ? &x[i].extra : &no_extra;
}

/* Room for `need` side parts (zeroed), if the array exists or `create`. */
static int reserve_x(wp_node *node, uint32_t need, bool create)
{
    wp__node_more *more;
    uint32_t room = wp__assign_room(node);
    void *items;
    if (node->more == NULL || node->more->assign_x == NULL) {
        if (!create)
            return 0;
        if ((more = wp__more_mut(node)) == NULL)
            return WP_ENOMEM;
    }
    more = node->more;
    items = more->assign_x;
    if (wp__arena_reserve(&node->plan->arena, &items, &more->cap_assign_x,
                          need < room ? room : need, sizeof(wp__assign_x)) < 0)
        return WP_ENOMEM;
    more->assign_x = items;
    return 0;
}

int wp__assigns_reserve(wp_node *node, uint32_t need)
{
    uint32_t room = wp__assign_room(node), ncap;
    void *p;
    if (need <= room)
        return 0;
    if (need > UINT32_MAX / 2)
        return wp__err(WP_ELIMIT, "list too long");
    ncap = wp__assign_room_for(need);
    p = wp__arena_grow(&node->plan->arena, node->assigns, (size_t)room * sizeof(wp__assign),
                       (size_t)ncap * sizeof(wp__assign));
    if (p == NULL)
        return wp__err_nomem();
    node->assigns = p;
    return 0;
}

wp__assign_x *wp__assign_x_mut(wp_node *node, uint32_t i)
{
    if (reserve_x(node, node->n_assigns, true) < 0)
        return NULL;
    return &node->more->assign_x[i];
}

int wp__assign_adopt_extra(wp_node *node, uint32_t i, const wp__extra *x)
{
    wp__assign_x *ax;
    if (x->count == 0)
        return 0;
    if ((ax = wp__assign_x_mut(node, i)) == NULL)
        return WP_ENOMEM;
    ax->extra = *x;
    return 0;
}

int wp_node_assign(wp_node *node, wp_unit *unit, wp_role role, const char *person)
{
    wp__assign *a;
    char *copy = NULL;
    int rc;
    if ((rc = wp__node_check(node)) < 0 || (rc = wp__unit_check(unit)) < 0)
        return rc;
    if (unit->plan != node->plan)
        return wp__err(WP_EINVAL, "unit '%.200s' belongs to another plan", unit->name);
    if (wp_role_name(role) == NULL)
        return wp__err(WP_EINVAL, "role %d out of range", (int)role);
    for (uint32_t i = 0; i < node->n_assigns; i++)
        if (node->assigns[i].unit_ix == unit->index && node->assigns[i].role == role)
            return wp__err(WP_EEXISTS, "unit '%.200s' is already assigned as %s", unit->name,
                           wp_role_name(role));
    if (person && (rc = wp__set_text(node->plan, &copy, person, "assignment person")) < 0)
        return rc;
    if ((rc = wp__assigns_reserve(node, node->n_assigns + 1)) < 0)
        return rc;
    /* The side parts keep pace with the array (created for a person). */
    if ((rc = reserve_x(node, node->n_assigns + 1, copy != NULL)) < 0)
        return rc;
    a = &node->assigns[node->n_assigns];
    a->unit_ix = unit->index;
    a->role = role;
    if (node->more != NULL && node->more->assign_x != NULL)
        node->more->assign_x[node->n_assigns] = (wp__assign_x){copy, {NULL, 0, 0}};
    node->n_assigns++;
    wp__touch(node->plan);
    return 0;
}

int wp_node_unassign(wp_node *node, size_t index)
{
    wp__assign_x *x;
    int rc = wp__node_check(node);
    if (rc < 0)
        return rc;
    if (index >= node->n_assigns)
        return wp__err(WP_EINVAL, "assignment %zu out of range (count %u)", index,
                       node->n_assigns);
    x = node->more ? node->more->assign_x : NULL;
    for (size_t i = index + 1; i < node->n_assigns; i++) {
        node->assigns[i - 1] = node->assigns[i];
        if (x)
            x[i - 1] = x[i];
    }
    node->n_assigns--;
    wp__touch(node->plan);
    return 0;
}

static bool at(const wp_node *node, size_t index)
{
    return wp__node_live(node) && index < node->n_assigns;
}

size_t wp_node_assignment_count(const wp_node *node)
{
    return wp__node_live(node) ? node->n_assigns : 0;
}
wp_unit *wp_node_assignment_unit(const wp_node *node, size_t index)
{
    return at(node, index) ? wp__assign_unit(node, (uint32_t)index) : NULL;
}
wp_role wp_node_assignment_role(const wp_node *node, size_t index)
{
    return at(node, index) ? node->assigns[index].role : WP_ROLE_RESPONSIBLE;
}
const char *wp_node_assignment_person(const wp_node *node, size_t index)
{
    return at(node, index) ? wp__assign_person(node, (uint32_t)index) : NULL;
}

static int assign_cmp(uint32_t x, uint32_t y, void *ctx)
{
    const wp__assign *a = ctx;
    if (a[x].unit_ix != a[y].unit_ix)
        return a[x].unit_ix < a[y].unit_ix ? -1 : 1;
    return (a[x].role > a[y].role) - (a[x].role < a[y].role);
}

long wp__assign_first_repeat(const wp_node *node, uint32_t base)
{
    return wp__first_repeat(node->n_assigns - base, assign_cmp, node->assigns + base);
}
