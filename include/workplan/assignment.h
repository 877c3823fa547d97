/**
 * @file
 * workplan — assignments: which unit is responsible for a node, in what role.
 *
 * A node keeps its assignments in the order printed; in Chinese practice
 * the first listed unit leads. Assignments are addressed by index.
 */
#ifndef WORKPLAN_ASSIGNMENT_H
#define WORKPLAN_ASSIGNMENT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The role of a unit on a node. */
typedef enum wp_role {
    WP_ROLE_LEAD = 0,       /**< 牵头 */
    WP_ROLE_SUPPORT = 1,    /**< 配合 / 协办 / 参与 */
    WP_ROLE_RESPONSIBLE = 2 /**< 责任 (no lead/support distinction) */
} wp_role;

/** Name of a role ("lead", "support", "responsible"), or NULL. */
WP_EXTERN const char *wp_role_name(wp_role role);
/** Parse a role name; WP_EINVAL if unknown. */
WP_EXTERN int wp_role_parse(wp_role *out, const char *name);

/**
 * Append an assignment of `unit` (of the node's plan) in `role`.
 * @param person a contact person, or NULL.
 * @param node the node (of a live plan)
 * @param unit a unit of the node's plan
 * @param role lead, support or responsible
 * @return 0; WP_EEXISTS if the node already has this unit in this role;
 *         WP_EINVAL (NULL, bad role, unit of another plan); WP_EREMOVED;
 *         WP_EUTF8; WP_ENOMEM.
 */
WP_EXTERN int wp_node_assign(wp_node *node, wp_unit *unit, wp_role role,
                             const char *person);

/** Remove the assignment at `index`; WP_EINVAL if out of range. */
WP_EXTERN int wp_node_unassign(wp_node *node, size_t index);

/** Number of assignments of the node. */
WP_EXTERN size_t wp_node_assignment_count(const wp_node *node);
/** The unit of assignment `index`, or NULL if out of range. */
WP_EXTERN wp_unit *wp_node_assignment_unit(const wp_node *node, size_t index);
/** The role of assignment `index` (WP_ROLE_RESPONSIBLE if out of range). */
WP_EXTERN wp_role wp_node_assignment_role(const wp_node *node, size_t index);
/** The person of assignment `index`, or NULL. */
WP_EXTERN const char *wp_node_assignment_person(const wp_node *node, size_t index);

#ifdef __cplusplus
}
#endif

#endif
