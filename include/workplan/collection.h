/**
 * @file
 * workplan — collections: many plans loaded together and queried as one
 * (five years of plans from several issuers, say).
 *
 * A collection owns its plans. Results come plan by plan, in the order the
 * plans were added, each in document order; each result node names its plan
 * (wp_node_plan()).
 *
 * Speed: a query made only of kind, status, unit/role, indicator, due,
 * overdue and text terms joined by AND runs on corpus-wide indexes (global
 * postings of effective assignments per unit, deadlines and indicator
 * values in sorted arrays, dense kind/status arrays, one buffer of all
 * texts), so its cost follows the number of matches, not the number of
 * plans, and a count reads no node. They are built on the first such query
 * (a copy of every node's title and text on the first text query) and
 * rebuilt after a plan is added or edited; other queries run plan by plan.
 * Building takes the collection's lock: many threads may query a collection
 * at once, as long as none edits it or its plans.
 */
#ifndef WORKPLAN_COLLECTION_H
#define WORKPLAN_COLLECTION_H

#include "common.h"
#include "query.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Many plans, owned together and queried as one. */
typedef struct wp_collection wp_collection;

/** A new empty collection, freed with wp_collection_free(). */
WP_EXTERN int wp_collection_new(wp_collection **out);

/**
 * Add `plan`; on success the collection owns it (do not free it yourself).
 * On failure the caller keeps it.
 */
WP_EXTERN int wp_collection_add(wp_collection *coll, wp_plan *plan);

/**
 * Add every plan of a corpus file (CBOR sequence or JSON Lines, see
 * corpus.h). On error the plans read so far stay in the collection and
 * wp_error_last() names the failing record's position.
 */
WP_EXTERN int wp_collection_load(wp_collection *coll, const char *path);

/** Number of plans. */
WP_EXTERN size_t wp_collection_count(const wp_collection *coll);
/** The index-th plan (borrowed), NULL when out of range. */
WP_EXTERN wp_plan *wp_collection_plan(const wp_collection *coll, size_t index);
/** Total number of live nodes in all plans. */
WP_EXTERN size_t wp_collection_node_count(const wp_collection *coll);

/** Run a query on every plan; see wp_query_foreach(). */
WP_EXTERN int wp_collection_foreach(const wp_query *query, wp_collection *coll,
                                    wp_query_cb cb, void *payload);
/** Count matches in all plans. */
WP_EXTERN int wp_collection_count_matches(size_t *out, const wp_query *query,
                                          wp_collection *coll);
/** Matches from all plans, plan by plan, at most `limit` (0: no limit). */
WP_EXTERN int wp_collection_select(wp_nodelist **out, const wp_query *query,
                                   wp_collection *coll, size_t limit);

/**
 * The ids of the matches, in the order wp_collection_foreach() visits them:
 * the fast way to many matches. When the corpus indexes answer the query
 * the ids come from their id table (built on the first call, one pointer
 * per node) and no node is read.
 *
 * @param[out] out   new array of `*n` borrowed ids (NULL for a node without
 *                   one), freed with wp_free(); the strings stay valid until
 *                   the collection or one of its plans is edited or freed.
 *                   An empty result is an empty array, not NULL.
 * @param[out] n     number of matches.
 * @param query      the query (borrowed).
 * @param coll       the collection.
 * @return 0, or a negative WP_E* code (then `*out` is NULL and `*n` 0).
 */
WP_EXTERN int wp_collection_select_ids(const char ***out, size_t *n, const wp_query *query,
                                       wp_collection *coll);

/**
 * A number that changes whenever a plan is added to the collection or one
 * of its plans is edited (any change that bumps a plan's generation), and
 * only then: a cache keyed by corpus positions (see
 * wp_collection_select_positions()) or by ids is valid while the version
 * it was filled at is the current one. Cheap when no plan anywhere has
 * changed (one atomic read under the collection's lock); after an edit
 * somewhere it compares each plan's generation once.
 *
 * @param coll  the collection (NULL: 0).
 * @return the version, never 0 for a collection.
 */
WP_EXTERN uint64_t wp_collection_version(wp_collection *coll);

/**
 * The corpus positions of the matches, in the order wp_collection_foreach()
 * visits them (ascending). A corpus position numbers every live node of the
 * collection: the plans in the order they were added, each plan's nodes in
 * document order (preorder), from 0 to wp_collection_node_count() - 1.
 * Positions stay the same while wp_collection_version() does, so a caller
 * can keep per-node data (e.g. a language binding's id strings) in an array
 * indexed by position, fill it with wp_collection_position_ids(), and drop
 * it when the version changes.
 *
 * When the corpus indexes answer the query (see the top of this header) no
 * node is read; other queries run plan by plan and then number their
 * matches through the corpus indexes (building them if needed).
 *
 * @param[out] out  new array of `*n` positions, freed with wp_free(). An
 *                  empty result is an empty array, not NULL.
 * @param[out] n    number of matches.
 * @param query     the query (borrowed).
 * @param coll      the collection.
 * @return 0, or a negative WP_E* code (then `*out` is NULL and `*n` 0).
 */
WP_EXTERN int wp_collection_select_positions(uint32_t **out, size_t *n, const wp_query *query,
                                             wp_collection *coll);

/**
 * The ids of the nodes at `positions` (corpus positions, see
 * wp_collection_select_positions(), taken at the current
 * wp_collection_version()), read from the corpus indexes' id table (built
 * on the first call, one pointer per node plus a copy of the ids).
 *
 * @param[out] out   caller's array of `n` entries, each set to a borrowed
 *                   id (NULL for a node without one), valid until the
 *                   collection or one of its plans is edited or freed.
 * @param positions  `n` positions (borrowed), in any order.
 * @param n          number of positions.
 * @param coll       the collection.
 * @return 0; WP_EINVAL for a NULL argument or a position past the last node
 *         (then `out` is unchanged); WP_ENOMEM.
 */
WP_EXTERN int wp_collection_position_ids(const char **out, const uint32_t *positions, size_t n,
                                         wp_collection *coll);

/** Free the collection and its plans; NULL is ignored. */
WP_EXTERN void wp_collection_free(wp_collection *coll);

#ifdef __cplusplus
}
#endif

#endif
