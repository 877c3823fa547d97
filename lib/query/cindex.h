/*
 * Corpus-wide query indexes of a collection (not installed).
 *
 * Every live node of every plan gets a global position g (plan by plan, in
 * document order within a plan), so that results come out in the order
 * wp_collection_foreach promises. Beside dense per-position arrays (kind,
 * status, deadline end), the index keeps
 *   - unit postings: for each unit of each plan, the positions whose
 *     effective assignments name it, with the role (| WP__INHERITED), and
 *     maps from a unit name / alias, id and folded name to those units;
 *   - deadlines sorted by end, indicators sorted by (measure word, value).
 * A query made only of conjuncts these can answer (kind, status, unit and
 * role, indicator, due, overdue) runs on them with transient bitmaps: it
 * never reads a node (a count touches none; a list hands back the node
 * pointers). Any other query runs plan by plan as before.
 *
 * The index is built on the first such query and rebuilt when a plan was
 * added or edited since (each plan's generation is recorded).
 */
#ifndef WP_CINDEX_H
#define WP_CINDEX_H

#include "queryx.h"

typedef struct wp__cindex wp__cindex;

void wp__cindex_free(wp__cindex *cx);

/**
 * Run `q` on the plans `plans[0..n)` through the corpus index `*slot`
 * (built or rebuilt as needed under `lock`). `cb` NULL: only count, adding
 * to `*count`. `*handled` false when the query is not one the index
 * answers (nothing was run: the caller runs it plan by plan). Returns as
 * wp_query_foreach.
 */
int wp__cindex_run(bool *handled, wp__cindex **slot, pthread_mutex_t *lock, wp_plan **plans,
                   size_t n, const wp_query *q, wp_query_cb cb, void *payload, size_t *count);

#endif
