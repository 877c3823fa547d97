/**
 * @file
 * workplan — queries: which nodes of a plan (or of many plans) match.
 *
 * A query is a tree of predicates built with the constructors below or
 * parsed from the query language (doc/QUERY.md) by wp_query_parse(). It does
 * not belong to any plan: one query can run on many plans, from many
 * threads at once (a query is never modified by running it).
 *
 * Running a query returns the matching nodes in document order. Unit names
 * are resolved in each plan at run time (by name, alias or unit id, then
 * across scripts and widths: 学会部 finds 學會部); a name the plan does not
 * know matches nothing there.
 *
 * Responsibility is *effective* by default (shared/MODEL.md): a node's own
 * assignments if it has any, else those of its nearest ancestor that has
 * some. WP_ASSIGN_OWN asks for own assignments only.
 *
 * Limits (errors.h, one set): a query holds at most WP_LIMIT_QUERY_TERMS
 * (32,768) leaf predicates and is nested at most WP_LIMIT_QUERY_DEPTH (512)
 * levels (an AND of ANDs, an OR of ORs count as one level); query text is
 * at most WP_LIMIT_QUERY_BYTES (4 MiB). Beyond them the builders and the
 * parser return WP_ELIMIT. WP_QUERY_MAX_* are the same limits under their
 * older names.
 *
 * Ownership: every constructor returns a new query through `out`, freed
 * with wp_query_free(). The combinators (and/or/not) take ownership of
 * their operands, whether they succeed or fail, so that
 * `wp_query_and(&q, a, b)` never leaks a or b.
 *
 * Speed: the first query on a plan builds indexes (kind, unit, deadline,
 * indicator, document position) in O(nodes); they are reused until the plan
 * changes and rebuilt on the next query after any edit, so results are
 * always those of the plan as it is. Building is guarded by a per-plan lock:
 * many threads may query one plan at once, as long as none edits it.
 */
#ifndef WORKPLAN_QUERY_H
#define WORKPLAN_QUERY_H

#include "common.h"
#include "errors.h"
#include "date.h"
#include "node.h"
#include "assignment.h"
#include "indicator.h"
#include "attr.h"

#include <math.h> /* NAN, for WP_INDICATOR_FILTER_INIT */

#ifdef __cplusplus
extern "C" {
#endif

/** A predicate tree. */
typedef struct wp_query wp_query;
/** A list of nodes returned by a query (possibly from several plans). */
typedef struct wp_nodelist wp_nodelist;

/** Text matching flags for wp_query_text(). */
enum {
    /** Compare after NFKC and case folding (full-/half-width, ａ/A/a). */
    WP_TEXT_WIDTH = 1u,
    /** Compare after Traditional→Simplified conversion (OpenCC). Fails with
     * WP_ENOTSUP when the library was built without OpenCC. */
    WP_TEXT_SCRIPT = 2u
};

/** Most leaf predicates in one query: WP_LIMIT_QUERY_TERMS (an alias). */
#define WP_QUERY_MAX_TERMS WP_LIMIT_QUERY_TERMS
/** Deepest nesting of AND / OR / NOT (chains of one operator are flat):
 * WP_LIMIT_QUERY_DEPTH (an alias). */
#define WP_QUERY_MAX_DEPTH WP_LIMIT_QUERY_DEPTH
/** Longest query text for wp_query_parse(), in bytes: WP_LIMIT_QUERY_BYTES
 * (an alias). */
#define WP_QUERY_MAX_LENGTH WP_LIMIT_QUERY_BYTES

/** Flags of wp_query_unit_ex() and wp_matrix_build_ex(). */
enum {
    /** Only a node's own assignments (not those it inherits). */
    WP_ASSIGN_OWN = 1u
};

/** Matches every node. */
WP_EXTERN int wp_query_all(wp_query **out);

/** Nodes of one kind. */
WP_EXTERN int wp_query_kind(wp_query **out, wp_node_kind kind);

/**
 * Nodes whose effective assignments (their own, else their nearest
 * assigned ancestor's) include the unit named `unit` (its name, one of its
 * aliases, or its id; matched across Simplified/Traditional script and
 * full-/half-width forms), with role `role`, or any role when `role` is -1.
 * `unit` may be NULL: any unit (so `NULL, WP_ROLE_LEAD` = has a lead).
 * Same as wp_query_unit_ex(out, unit, role, 0).
 * @return 0, WP_EINVAL (bad role), WP_EUTF8, WP_ENOMEM.
 */
WP_EXTERN int wp_query_unit(wp_query **out, const char *unit, int role);

/**
 * wp_query_unit() with flags: WP_ASSIGN_OWN counts only a node's own
 * assignments (the query language's `own.unit:`).
 * @return 0, WP_EINVAL (bad role or flags), WP_EUTF8, WP_ENOMEM.
 */
WP_EXTERN int wp_query_unit_ex(wp_query **out, const char *unit, int role, unsigned flags);

/**
 * Nodes whose title or text contains `needle` (non-empty UTF-8).
 * @param flags WP_TEXT_WIDTH and/or WP_TEXT_SCRIPT, or 0 for byte equality.
 * @param out the new query, owned by the caller
 * @param needle the text to look for
 * @return 0, WP_EINVAL, WP_EUTF8, WP_ENOTSUP, WP_ENOMEM.
 */
WP_EXTERN int wp_query_text(wp_query **out, const char *needle, unsigned flags);

/** What an indicator must satisfy for wp_query_indicator(). */
typedef struct wp_indicator_filter {
    unsigned version; /**< WP_INDICATOR_FILTER_VERSION */
    int op;           /**< a wp_op, or -1 for any */
    const char *unit; /**< measure word or symbol (家, %), or NULL for any */
    double min, max;  /**< value range, inclusive; NAN = open on that side */
} wp_indicator_filter;
/** @var wp_indicator_filter::min
 * The lowest value, inclusive; NAN for no lower bound. */

/** The current version of wp_indicator_filter. */
#define WP_INDICATOR_FILTER_VERSION 1
/** Initialiser of wp_indicator_filter: any op, any unit, no bounds. */
#define WP_INDICATOR_FILTER_INIT {WP_INDICATOR_FILTER_VERSION, -1, NULL, NAN, NAN}

/**
 * Nodes with at least one indicator satisfying every condition of
 * `filter` (NULL: any indicator). All conditions apply to the same
 * indicator.
 * @return 0, WP_EINVAL (bad version or op, min > max), WP_EUTF8, WP_ENOMEM.
 */
WP_EXTERN int wp_query_indicator(wp_query **out, const wp_indicator_filter *filter);

/**
 * Nodes with a deadline whose end lies in [from, to]; 0 leaves that side
 * open (due before `to`: from = 0; after `from`: to = 0).
 * @return 0, WP_EINVAL (an invalid date, or from > to).
 */
WP_EXTERN int wp_query_due(wp_query **out, wp_date from, wp_date to);

/**
 * Overdue as of `date`: the deadline ends before `date` and the status is
 * not done, cancelled or extended (an extension replaces the deadline).
 */
WP_EXTERN int wp_query_overdue(wp_query **out, wp_date date);

/** Nodes with this status. */
WP_EXTERN int wp_query_status(wp_query **out, wp_status status);

/** Nodes whose category equals `category`. */
WP_EXTERN int wp_query_category(wp_query **out, const char *category);

/** Strict descendants of the node with id `node_id` (none if no such node). */
WP_EXTERN int wp_query_under(wp_query **out, const char *node_id);

/**
 * Nodes whose custom attribute `key` equals `value` (same type and value;
 * an integer attribute also equals a float of the same value).
 */
WP_EXTERN int wp_query_attr(wp_query **out, const char *key, const wp_value *value);

/** Both; takes ownership of a and b (freed on failure too). WP_ELIMIT
 * beyond WP_QUERY_MAX_TERMS or WP_QUERY_MAX_DEPTH. */
WP_EXTERN int wp_query_and(wp_query **out, wp_query *a, wp_query *b);
/** Either; takes ownership of a and b; as wp_query_and(). */
WP_EXTERN int wp_query_or(wp_query **out, wp_query *a, wp_query *b);
/** Not; takes ownership of a; WP_ELIMIT beyond WP_QUERY_MAX_DEPTH. */
WP_EXTERN int wp_query_not(wp_query **out, wp_query *a);

/**
 * Parse the query language (doc/QUERY.md), e.g.
 * `kind:task unit:宣传文化部 role:lead text:科普 due<=2024-06-30 -status:done`.
 * A syntax error is WP_ESYNTAX; wp_error_last() gives the byte offset and
 * column (1-based, in characters) and says what was expected. Text longer
 * than WP_LIMIT_QUERY_BYTES, or more than WP_LIMIT_QUERY_TERMS terms, is
 * WP_ELIMIT. Time and memory are linear in the text.
 */
WP_EXTERN int wp_query_parse(wp_query **out, const char *text);

/**
 * The query in the query language, canonical and fully parenthesised where
 * needed; parsing it again gives an equivalent query.
 * @param[out] out a new string, freed with wp_free().
 * @param query the query
 */
WP_EXTERN int wp_query_to_string(char **out, const wp_query *query);

/** Free a query and its operands; NULL is ignored. */
WP_EXTERN void wp_query_free(wp_query *query);

/**
 * Called for each match, in document order. Return 0 to go on, anything
 * else to stop: wp_query_foreach() then returns that value. The plan must
 * not be modified during the run (the run stops with WP_EINVAL if it is).
 */
typedef int (*wp_query_cb)(wp_node *node, void *payload);

/**
 * Run `query` on `plan`, calling `cb` for each match.
 * @return 0 when all matches were visited, the callback's non-zero value
 *         when it stopped early, or a negative error.
 */
WP_EXTERN int wp_query_foreach(const wp_query *query, wp_plan *plan, wp_query_cb cb,
                               void *payload);

/** Count the matches in `plan`. */
WP_EXTERN int wp_query_count(size_t *out, const wp_query *query, wp_plan *plan);

/**
 * The matches in `plan`, at most `limit` of them (0: no limit).
 * @param[out] out a new list, freed with wp_nodelist_free(); its nodes are
 *             borrowed from the plan.
 * @param query the query
 * @param plan the plan to search
 * @param limit the most matches to return (0: no limit)
 */
WP_EXTERN int wp_query_select(wp_nodelist **out, const wp_query *query, wp_plan *plan,
                              size_t limit);

/** Number of nodes in the list. */
WP_EXTERN size_t wp_nodelist_count(const wp_nodelist *list);
/** The index-th node, or NULL when out of range. Its plan: wp_node_plan(). */
WP_EXTERN wp_node *wp_nodelist_get(const wp_nodelist *list, size_t index);
/** Free the list (not the nodes); NULL is ignored. */
WP_EXTERN void wp_nodelist_free(wp_nodelist *list);

/**
 * Build the indexes of `plan` now, rather than on its first query (for
 * example before handing the plan to reader threads).
 */
WP_EXTERN int wp_plan_build_index(wp_plan *plan);

#ifdef __cplusplus
}
#endif

#endif
