/**
 * @file
 * workplan — roll-ups: the summaries supervisors (督查督办) ask for.
 *
 *  - the responsibility matrix: unit × top-level node (section), with the
 *    number of measures (tasks) each unit leads, supports or is
 *    responsible for in that section; its row totals are the per-unit
 *    workload;
 *  - indicator completion: target against the latest approved actual;
 *  - overdue nodes as of a date (also a query predicate, wp_query_overdue).
 *
 * Responsibility is effective (shared/MODEL.md): a node without assignments
 * of its own counts for its nearest assigned ancestor's units, so a task
 * under a point annotated (牵头部室：办公室) counts for 办公室. Each counted
 * node counts once per (unit, role), whatever level the assignment was
 * printed at: a cell counts nodes, never assignments of parents and
 * children twice. WP_ASSIGN_OWN counts own assignments only.
 */
#ifndef WORKPLAN_ROLLUP_H
#define WORKPLAN_ROLLUP_H

#include "common.h"
#include "date.h"
#include "assignment.h"
#include "indicator.h"
#include "query.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A responsibility matrix. */
typedef struct wp_matrix wp_matrix;

/**
 * Build the matrix of `plan`. The nodes counted are those matching
 * `filter`, or with `filter` NULL the measures: nodes without children
 * (tasks, and points or items that have no tasks), never headings above
 * them. Each counted node adds 1 to the cell of each (unit, role) of its
 * effective assignments. Rows are the plan's units in registry order (units
 * without any counted node included, so rows line up with
 * wp_plan_unit()); columns are the top-level nodes in document order.
 * Same as wp_matrix_build_ex(out, plan, filter, 0).
 * @param[out] out a new matrix, freed with wp_matrix_free().
 * @param plan the plan
 * @param filter only nodes matching it are counted, or NULL
 */
WP_EXTERN int wp_matrix_build(wp_matrix **out, wp_plan *plan, const wp_query *filter);

/**
 * wp_matrix_build() with flags: WP_ASSIGN_OWN counts each node under its
 * own assignments only.
 * @return 0, WP_EINVAL (NULL argument, unknown flags), WP_ENOMEM.
 */
WP_EXTERN int wp_matrix_build_ex(wp_matrix **out, wp_plan *plan, const wp_query *filter,
                                 unsigned flags);

/** Number of rows (units). */
WP_EXTERN size_t wp_matrix_unit_count(const wp_matrix *m);
/** Number of columns (top-level nodes). */
WP_EXTERN size_t wp_matrix_column_count(const wp_matrix *m);
/** The unit of a row (borrowed from the plan), NULL when out of range. */
WP_EXTERN wp_unit *wp_matrix_unit(const wp_matrix *m, size_t row);
/** The top-level node of a column (borrowed), NULL when out of range. */
WP_EXTERN wp_node *wp_matrix_column(const wp_matrix *m, size_t column);
/** Counted nodes of the column's subtree (the top-level node included)
 * whose effective assignments give the row's unit `role`; 0 when out of
 * range. */
WP_EXTERN size_t wp_matrix_cell(const wp_matrix *m, size_t row, size_t column, wp_role role);
/** The workload of a row's unit: counted nodes of the plan whose effective
 * assignments give it `role` (the row's cells summed). */
WP_EXTERN size_t wp_matrix_unit_total(const wp_matrix *m, size_t row, wp_role role);
/** Free; NULL is ignored. */
WP_EXTERN void wp_matrix_free(wp_matrix *m);

/**
 * How far an indicator is met by its latest approved actual
 * (wp_indicator_actual): actual / target for eq, ge, gt and approx
 * targets; for ceilings (le, lt) 1 when the actual is within the ceiling,
 * else target / actual. NAN when there is no approved actual or the ratio
 * is undefined (a target of 0 for a floor, an actual of 0 above a ceiling
 * cannot happen). May exceed 1.
 */
WP_EXTERN double wp_indicator_completion(const wp_indicator *ind);

/**
 * Whether the latest approved actual meets the target (op compared with
 * the value; approx within 5 %). False without an approved actual.
 */
WP_EXTERN bool wp_indicator_met(const wp_indicator *ind);

/** Called for each indicator; non-zero stops (and is returned). */
typedef int (*wp_indicator_cb)(wp_indicator *ind, void *payload);

/**
 * The indicator table: every indicator of the nodes matching `filter`
 * (NULL: all), in document order, then in the node's order.
 * @return 0, the callback's non-zero value, or a negative error.
 */
WP_EXTERN int wp_plan_foreach_indicator(wp_plan *plan, const wp_query *filter,
                                        wp_indicator_cb cb, void *payload);

/**
 * Whether `node` is overdue as of `date`: it has a deadline ending before
 * `date` and its status is not done, cancelled or extended.
 */
WP_EXTERN bool wp_node_is_overdue(const wp_node *node, wp_date date);

#ifdef __cplusplus
}
#endif

#endif
