/*
 * workplan — columns: the nodes of many plans as a table, built in one
 * pass, for bulk export (pandas DataFrames, Arrow, CSV writers).
 *
 * A wp_columns is a read-only snapshot: one row per node (of one kind, or
 * all), in plan order then document order. Integer columns are contiguous
 * int32 arrays; text columns read the nodes' own strings (no copies); unit
 * names are interned across plans into one list of codes. A wp_columns
 * borrows from its plans: free it before the plans, and rebuild it after
 * any change to them.
 */
#ifndef WORKPLAN_COLUMNS_H
#define WORKPLAN_COLUMNS_H

#include "common.h"
#include "collection.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wp_columns wp_columns;

/** The columns of a wp_columns. */
typedef enum wp_column {
    /* text columns (wp_columns_text): NULL where the node has none */
    WP_COL_ID = 0,   /**< node id */
    WP_COL_LABEL,    /**< label as printed */
    WP_COL_TITLE,    /**< heading */
    WP_COL_TEXT,     /**< body text */
    WP_COL_CATEGORY, /**< category of a task-table row */
    /* int32 columns (wp_columns_ints) */
    WP_COL_PLAN,     /**< index of the row's plan in the input (wp_columns_plan()) */
    WP_COL_KIND,     /**< wp_node_kind */
    WP_COL_STATUS,   /**< wp_status */
    WP_COL_DUE,      /**< deadline end as YYYYMMDD (wp_date), 0 without a deadline */
    WP_COL_LEAD,     /**< unit code (wp_columns_unit_name()) of the first lead, -1 if none */
    WP_COL_INDICATORS, /**< number of indicators */
    WP_COL_COUNT_    /**< number of columns (not a column) */
} wp_column;

/** For the `kind` argument: every node, whatever its kind. */
#define WP_COLUMNS_ALL_KINDS (-1)

/**
 * Build the table of the nodes of `kind` (a wp_node_kind, or
 * WP_COLUMNS_ALL_KINDS) in `plans[0..n_plans)`.
 * @param[out] out a new table, freed with wp_columns_free().
 * @return 0; WP_EINVAL (NULL arguments, a kind out of range); WP_ENOMEM.
 */
WP_EXTERN int wp_columns_build(wp_columns **out, wp_plan *const *plans, size_t n_plans,
                               int kind);

/** Same, over the plans of a collection, in their order. */
WP_EXTERN int wp_collection_columns(wp_columns **out, const wp_collection *coll, int kind);

/** Number of rows. */
WP_EXTERN size_t wp_columns_rows(const wp_columns *cols);

/** The node of `row` (borrowed), NULL when out of range. */
WP_EXTERN wp_node *wp_columns_node(const wp_columns *cols, size_t row);

/** The plan of index `index` (a WP_COL_PLAN value; borrowed), NULL when
 * out of range. */
WP_EXTERN wp_plan *wp_columns_plan(const wp_columns *cols, size_t index);

/** Number of plans the table was built from. */
WP_EXTERN size_t wp_columns_plan_count(const wp_columns *cols);

/** A text column's value at `row` (borrowed from the node), NULL when the
 * node has none or the arguments are out of range. */
WP_EXTERN const char *wp_columns_text(const wp_columns *cols, wp_column col, size_t row);

/** An integer column: wp_columns_rows() int32 values (borrowed from
 * `cols`), NULL for a text column or out of range. */
WP_EXTERN const int32_t *wp_columns_ints(const wp_columns *cols, wp_column col);

/** Number of distinct unit names over all plans (codes are 0..n-1). */
WP_EXTERN size_t wp_columns_unit_count(const wp_columns *cols);

/** The unit name of `code` (borrowed), NULL when out of range. */
WP_EXTERN const char *wp_columns_unit_name(const wp_columns *cols, size_t code);

/**
 * The assignments of every row, flattened: row r has entries
 * `offsets[r] .. offsets[r + 1]` of `codes` (unit codes) and `roles`
 * (wp_role values), in the node's order.
 * @param[out] offsets wp_columns_rows() + 1 values (borrowed).
 * @param[out] codes   unit codes (borrowed).
 * @param[out] roles   roles, one byte each (borrowed).
 * @return the total number of assignments.
 */
WP_EXTERN size_t wp_columns_assignments(const wp_columns *cols, const uint32_t **offsets,
                                        const int32_t **codes, const uint8_t **roles);

/** Free a table; NULL is ignored. The plans are not touched. */
WP_EXTERN void wp_columns_free(wp_columns *cols);

#ifdef __cplusplus
}
#endif

#endif
