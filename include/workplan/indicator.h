/**
 * @file
 * workplan — indicators: the quantitative targets a node states
 * (新建院士工作站2家以上 → subject 院士工作站, op ge, value 2, unit 家).
 *
 * Indicators belong to one node, in the order they appear in its text.
 * Their values are doubles: 1万 is stored as 10000, 80% as 80 with unit "%".
 */
#ifndef WORKPLAN_INDICATOR_H
#define WORKPLAN_INDICATOR_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How the target compares. */
typedef enum wp_op {
    WP_OP_EQ = 0,    /**< exactly */
    WP_OP_GE = 1,    /**< 以上, 不少于, 至少 */
    WP_OP_GT = 2,    /**< 超过, 多于 */
    WP_OP_LE = 3,    /**< 以内, 不超过 */
    WP_OP_LT = 4,    /**< 少于, 低于 */
    WP_OP_APPROX = 5, /**< 左右, 约 */
    WP_OP_RANGE = 6   /**< 10-15名, 1到2个: value is the low bound, max the high one */
} wp_op;

/** Name of an op ("eq", "ge", …), or NULL. */
WP_EXTERN const char *wp_op_name(wp_op op);
/** Parse an op name; WP_EINVAL if unknown. */
WP_EXTERN int wp_op_parse(wp_op *out, const char *name);

/**
 * Append an indicator to a node. It starts as op WP_OP_EQ, value 0,
 * not aspirational, cumulative, no baseline.
 * @param text the span as printed (required).
 * @param[out] out the indicator, borrowed from the plan; may be NULL.
 * @param node the node that states the target
 * @return 0, WP_EINVAL, WP_EREMOVED, WP_EUTF8, WP_ENOMEM.
 */
WP_EXTERN int wp_node_add_indicator(wp_indicator **out, wp_node *node,
                                    const char *text);
/**
 * Remove indicator `index` of the node; actuals that progress reports gave
 * for it are removed too, and the indicator pointer becomes dead.
 */
WP_EXTERN int wp_node_remove_indicator(wp_node *node, size_t index);
/** Number of indicators of the node. */
WP_EXTERN size_t wp_node_indicator_count(const wp_node *node);
/** Indicator `index` of the node, or NULL. */
WP_EXTERN wp_indicator *wp_node_indicator(const wp_node *node, size_t index);

/** The node that states the indicator (NULL if dead). */
WP_EXTERN wp_node *wp_indicator_node(const wp_indicator *ind);
/** Position of the indicator in its node's list (or (size_t)-1 if dead). */
WP_EXTERN size_t wp_indicator_index(const wp_indicator *ind);

/* Getters return the value or a neutral default (NULL, 0, false, NAN)
 * for a NULL or dead indicator. Setters return 0, WP_EINVAL, WP_EUTF8,
 * WP_EREMOVED, WP_ENOMEM. */

/** The span as printed (never NULL for a live indicator). */
WP_EXTERN const char *wp_indicator_text(const wp_indicator *ind);
/** Set the span as printed (required, copied). */
WP_EXTERN int wp_indicator_set_text(wp_indicator *ind, const char *text);
/** What is counted, or NULL. */
WP_EXTERN const char *wp_indicator_subject(const wp_indicator *ind);
/** Set what is counted (copied), or clear it with NULL. */
WP_EXTERN int wp_indicator_set_subject(wp_indicator *ind, const char *subject);
/** Measure word or symbol (场次, 家, %, 万元), or NULL. */
WP_EXTERN const char *wp_indicator_unit(const wp_indicator *ind);
/** Set the measure word or symbol (copied), or clear it with NULL. */
WP_EXTERN int wp_indicator_set_unit(wp_indicator *ind, const char *unit);
/** How the target compares (WP_OP_EQ for a NULL or dead indicator). */
WP_EXTERN wp_op wp_indicator_op(const wp_indicator *ind);
/** Set how the target compares; WP_EINVAL if out of range. */
WP_EXTERN int wp_indicator_set_op(wp_indicator *ind, wp_op op);
/** The normalised target value. */
WP_EXTERN double wp_indicator_value(const wp_indicator *ind);
/** Set the target value; WP_EINVAL for NaN or infinities. */
WP_EXTERN int wp_indicator_set_value(wp_indicator *ind, double value);
/** True when the target is hedged (力争, 争取). */
WP_EXTERN bool wp_indicator_aspirational(const wp_indicator *ind);
/** Mark the target as hedged (力争, 争取) or not. */
WP_EXTERN int wp_indicator_set_aspirational(wp_indicator *ind, bool aspirational);
/** True when reported actuals add up (counts of events) rather than
 * replace each other (rates, stocks). */
WP_EXTERN bool wp_indicator_cumulative(const wp_indicator *ind);
/** Say whether reported actuals add up or replace each other. */
WP_EXTERN int wp_indicator_set_cumulative(wp_indicator *ind, bool cumulative);
/** The starting value, or NAN if none. */
WP_EXTERN double wp_indicator_baseline(const wp_indicator *ind);
/** Set the baseline, or clear it with NAN; WP_EINVAL for infinities. */
WP_EXTERN int wp_indicator_set_baseline(wp_indicator *ind, double baseline);
/** The high bound of a WP_OP_RANGE target (10-15名 → 15), or NAN. */
WP_EXTERN double wp_indicator_max(const wp_indicator *ind);
/** Set the high bound of a range, or clear it with NAN; WP_EINVAL for
 * infinities. */
WP_EXTERN int wp_indicator_set_max(wp_indicator *ind, double max);

/**
 * The actual achieved so far, derived from the node's *approved* progress
 * reports: for a cumulative indicator the sum of all approved actuals, else
 * the actual of the latest approved report (by date, then by order).
 * @return the value, or NAN if no approved report gives one.
 */
WP_EXTERN double wp_indicator_actual(const wp_indicator *ind);

#ifdef __cplusplus
}
#endif

#endif
