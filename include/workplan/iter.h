/**
 * @file
 * workplan — depth-first iteration over a node tree, in the style of
 * cmark's iterator:
 *
 *     wp_iter *it;
 *     wp_event ev;
 *     wp_iter_new(&it, plan);
 *     while ((ev = wp_iter_next(it)) != WP_EVENT_DONE) {
 *         wp_node *node = wp_iter_node(it);
 *         if (ev == WP_EVENT_ENTER) ...
 *     }
 *     wp_iter_free(it);
 *
 * Every node yields an ENTER event, then its descendants, then an EXIT
 * event (leaves too, so ENTER/EXIT always pair up). The tree must not be
 * changed during iteration, except through wp_iter_reset(), and except
 * that the node of the current EXIT event may be unlinked or removed.
 */
#ifndef WORKPLAN_ITER_H
#define WORKPLAN_ITER_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Iterator events. */
typedef enum wp_event {
    WP_EVENT_NONE = 0,  /**< not started yet */
    WP_EVENT_DONE = 1,  /**< iteration is over */
    WP_EVENT_ENTER = 2, /**< entering a node, before its children */
    WP_EVENT_EXIT = 3   /**< leaving a node, after its children */
} wp_event;

/**
 * Iterate over the whole body of a plan, in document order.
 * @param[out] out the iterator, owned by the caller (wp_iter_free()).
 * @param plan the plan to walk
 * @return 0, WP_EINVAL, WP_ENOMEM.
 */
WP_EXTERN int wp_iter_new(wp_iter **out, wp_plan *plan);

/**
 * Iterate over one node and its subtree (the root's ENTER and EXIT are
 * the first and the last events).
 * @return 0, WP_EINVAL, WP_EREMOVED, WP_ENOMEM.
 */
WP_EXTERN int wp_iter_new_node(wp_iter **out, wp_node *root);

/** Free an iterator. NULL is accepted. */
WP_EXTERN void wp_iter_free(wp_iter *iter);

/** Advance; returns the new event (WP_EVENT_DONE at the end, and for NULL). */
WP_EXTERN wp_event wp_iter_next(wp_iter *iter);

/** The node of the current event (NULL before the first and after the last). */
WP_EXTERN wp_node *wp_iter_node(const wp_iter *iter);

/** The current event. */
WP_EXTERN wp_event wp_iter_event(const wp_iter *iter);

/**
 * Make (`node`, `event`) the current position (`node` must lie inside the
 * iterator's range; event ENTER or EXIT). The next wp_iter_next() returns
 * the event that follows it. Skip a subtree while at its ENTER event by
 * resetting to the same node with WP_EVENT_EXIT.
 * @return 0, WP_EINVAL (node outside the range or bad event), WP_EREMOVED.
 */
WP_EXTERN int wp_iter_reset(wp_iter *iter, wp_node *node, wp_event event);

#ifdef __cplusplus
}
#endif

#endif
