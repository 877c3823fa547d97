/**
 * @file
 * workplan — the plan's registry of organisational units (责任单位).
 *
 * Each unit has a stable id (e.g. "u3"), a name, and aliases. Names and
 * aliases are unique across the registry: looking up any of them finds
 * exactly one unit. Units are interned: assignments refer to the unit
 * object, so a query by unit compares pointers, not strings.
 */
#ifndef WORKPLAN_UNIT_H
#define WORKPLAN_UNIT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Add a unit to the registry.
 * @param[out] out the unit (borrowed from the plan); may be NULL.
 * @param id the unit id, or NULL to have one made ("u1", "u2", …).
 * @param plan the plan whose registry gains the unit
 * @param name the name as printed
 * @return 0; WP_EEXISTS if the name is already a name or alias of a unit
 *         or the id is taken (wp_error_last() says which); WP_EINVAL for
 *         an empty name or id; WP_EUTF8; WP_ENOMEM.
 */
WP_EXTERN int wp_unit_add(wp_unit **out, wp_plan *plan, const char *name,
                          const char *id);

/** Find a unit by name or alias (exact match), or NULL. */
WP_EXTERN wp_unit *wp_unit_find(const wp_plan *plan, const char *name);

/** Find a unit by id, or NULL. */
WP_EXTERN wp_unit *wp_unit_get(const wp_plan *plan, const char *id);

/** Number of units in the registry. */
WP_EXTERN size_t wp_plan_unit_count(const wp_plan *plan);

/** The unit at `index` (registry order: order of addition), or NULL. */
WP_EXTERN wp_unit *wp_plan_unit(const wp_plan *plan, size_t index);

/**
 * Add an alias to a unit. Adding a name the unit already has is a no-op.
 * @return 0; WP_EEXISTS if another unit has that name or alias;
 *         WP_EINVAL; WP_EUTF8; WP_EREMOVED (merged-away unit); WP_ENOMEM.
 */
WP_EXTERN int wp_unit_add_alias(wp_unit *unit, const char *alias);

/**
 * Merge unit `from` into unit `into`: the name and aliases of `from`
 * become aliases of `into`, every assignment and report naming `from`
 * now names `into` (an assignment that would repeat one already on the
 * node with the same unit and role is dropped; its person, when the kept
 * one has none, moves to the kept one), and `from` leaves the
 * registry (its pointer becomes dead: WP_EREMOVED).
 * @return 0; WP_EINVAL (NULL, same unit, units of different plans);
 *         WP_EREMOVED; WP_ENOMEM.
 */
WP_EXTERN int wp_unit_merge(wp_unit *into, wp_unit *from);

/** The unit id (borrowed), or NULL for NULL/merged units. */
WP_EXTERN const char *wp_unit_id(const wp_unit *unit);
/** The unit name (borrowed). */
WP_EXTERN const char *wp_unit_name(const wp_unit *unit);
/** Number of aliases. */
WP_EXTERN size_t wp_unit_alias_count(const wp_unit *unit);
/** The alias at `index`, or NULL. */
WP_EXTERN const char *wp_unit_alias(const wp_unit *unit, size_t index);
/** The plan owning the unit. */
WP_EXTERN wp_plan *wp_unit_plan(const wp_unit *unit);

#ifdef __cplusplus
}
#endif

#endif
