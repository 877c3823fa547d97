/**
 * @file
 * workplan — progress reports on a node: date, reporting unit, text,
 * percent done, review state, and actual values of the node's indicators.
 * Only approved reports count in roll-ups (wp_indicator_actual()).
 */
#ifndef WORKPLAN_PROGRESS_H
#define WORKPLAN_PROGRESS_H

#include "common.h"
#include "date.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Review state of a report. */
typedef enum wp_report_state {
    WP_REPORT_DRAFT = 0,
    WP_REPORT_SUBMITTED = 1,
    WP_REPORT_APPROVED = 2,
    WP_REPORT_RETURNED = 3
} wp_report_state;

/** Name of a report state ("draft", …), or NULL. */
WP_EXTERN const char *wp_report_state_name(wp_report_state state);
/** Parse a report state name; WP_EINVAL if unknown. */
WP_EXTERN int wp_report_state_parse(wp_report_state *out, const char *name);

/**
 * Append a progress report dated `date` (a valid date) to a node. It
 * starts as a draft with no unit, text, percent or actuals.
 * @param[out] out the report, borrowed from the plan; may be NULL.
 * @param node the node reported on
 * @param date the date of the report
 * @return 0, WP_EINVAL, WP_EREMOVED, WP_ENOMEM.
 */
WP_EXTERN int wp_node_add_report(wp_report **out, wp_node *node, wp_date date);
/** Remove report `index` of the node; its pointer becomes dead. */
WP_EXTERN int wp_node_remove_report(wp_node *node, size_t index);
/** Number of reports of the node. */
WP_EXTERN size_t wp_node_report_count(const wp_node *node);
/** Report `index` of the node, or NULL. */
WP_EXTERN wp_report *wp_node_report(const wp_node *node, size_t index);

/** The node reported on (NULL if dead). */
WP_EXTERN wp_node *wp_report_node(const wp_report *report);
/** The date of the report (WP_DATE_NONE for a NULL or dead report). */
WP_EXTERN wp_date wp_report_date(const wp_report *report);
/** Set the date (a valid date); WP_EINVAL otherwise. */
WP_EXTERN int wp_report_set_date(wp_report *report, wp_date date);
/** The reporting unit, or NULL. */
WP_EXTERN wp_unit *wp_report_by(const wp_report *report);
/** Set the reporting unit (of the same plan), or clear it with NULL. */
WP_EXTERN int wp_report_set_by(wp_report *report, wp_unit *unit);
/** The report text, or NULL. */
WP_EXTERN const char *wp_report_text(const wp_report *report);
/** Set the report text (copied), or clear it with NULL. */
WP_EXTERN int wp_report_set_text(wp_report *report, const char *text);
/** Percent done (0..100), or NAN if not given. */
WP_EXTERN double wp_report_percent(const wp_report *report);
/** Set percent done in 0..100, or clear it with NAN; WP_EINVAL otherwise. */
WP_EXTERN int wp_report_set_percent(wp_report *report, double percent);
/** The review state of the report. */
WP_EXTERN wp_report_state wp_report_state_of(const wp_report *report);
/** Set the review state; WP_EINVAL if out of range. */
WP_EXTERN int wp_report_set_state(wp_report *report, wp_report_state state);

/**
 * Record the actual value achieved for one of the node's indicators.
 * Setting an indicator that already has an actual in this report replaces
 * the value.
 * @return 0; WP_EINVAL (indicator of another node, NaN/infinite value);
 *         WP_EREMOVED; WP_ENOMEM.
 */
WP_EXTERN int wp_report_set_actual(wp_report *report, wp_indicator *ind,
                                   double value);
/** Number of actuals in the report. */
WP_EXTERN size_t wp_report_actual_count(const wp_report *report);
/** The indicator of actual `index`, or NULL. */
WP_EXTERN wp_indicator *wp_report_actual_indicator(const wp_report *report,
                                                   size_t index);
/** The value of actual `index`, or NAN. */
WP_EXTERN double wp_report_actual_value(const wp_report *report, size_t index);
/** The value this report gives for `ind`, or NAN if it gives none. */
WP_EXTERN double wp_report_actual_for(const wp_report *report,
                                      const wp_indicator *ind);

#ifdef __cplusplus
}
#endif

#endif
