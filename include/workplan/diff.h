/*
 * workplan — plan-to-plan comparison: what changed since last year.
 *
 * wp_plan_diff() matches the nodes of two plans (typically one issuer's
 * plans of consecutive years, or a plan and its edited copy) by text
 * similarity on folded text (Traditional→Simplified, NFKC width and case)
 * and by structure, then lists what was added, removed, moved and changed:
 * title and text (with a character-level diff), indicators, deadline,
 * effective lead/support units, status. It does the same for the plan's
 * metadata and its unit registry. wp_corpus_diff() pairs the plans of two
 * corpora by issuer and kind and diffs each pair.
 *
 * Ownership: a wp_diff is owned by the caller (wp_diff_free()). Entries,
 * changes and the strings they give are borrowed from the diff; the node,
 * unit and indicator pointers they give are borrowed from the two plans,
 * which must outlive the diff and must not change while it is used.
 * Thread safety: a diff only reads the plans; distinct diffs may run at once.
 */
#ifndef WORKPLAN_DIFF_H
#define WORKPLAN_DIFF_H

#include "common.h"
#include "date.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The result of comparing two plans. */
typedef struct wp_diff wp_diff;
/** One node entry of a diff: a matched pair, an added or a removed node. */
typedef struct wp_diff_entry wp_diff_entry;
/** One change of a matched pair (or of the metadata). */
typedef struct wp_diff_change wp_diff_change;
/** The result of comparing two corpora: pairs of plans, each with its diff. */
typedef struct wp_diff_set wp_diff_set;

/** Options for wp_plan_diff() and wp_corpus_diff(). */
typedef struct wp_diff_options {
    unsigned version;      /**< WP_DIFF_OPTIONS_VERSION */
    double threshold;      /**< least score (0..1) for two nodes to match; default 0.4 */
    unsigned max_candidates; /**< candidates kept per node from the n-gram index; default 24 */
    bool shift_years;      /**< compare deadlines relative to each plan's year
                                (2024年底 in the 2024 plan = 2025年底 in the 2025 plan);
                                default true */
    bool fold_script;      /**< fold Traditional to Simplified (needs OpenCC; ignored
                                without it); default true */
    bool inherited_units;  /**< also list, on every node below, a change of effective
                                units inherited from a matched ancestor; default false:
                                listed where it originates (the node whose own
                                assignments changed) and on moved nodes */
} wp_diff_options;

#define WP_DIFF_OPTIONS_VERSION 1
#define WP_DIFF_OPTIONS_INIT {WP_DIFF_OPTIONS_VERSION, 0.4, 24, true, true, false}

/** What happened to a node. */
typedef enum wp_diff_kind {
    WP_DIFF_UNCHANGED = 0, /**< matched, same parent, no change */
    WP_DIFF_CHANGED = 1,   /**< matched, same parent, some changes */
    WP_DIFF_MOVED = 2,     /**< matched under another parent (may also have changes) */
    WP_DIFF_ADDED = 3,     /**< only in the new plan */
    WP_DIFF_REMOVED = 4    /**< only in the old plan */
} wp_diff_kind;

/** What a change is about. */
typedef enum wp_diff_what {
    WP_DIFF_TITLE = 0,             /**< node title (with a text diff) */
    WP_DIFF_TEXT = 1,              /**< node text (with a text diff) */
    WP_DIFF_KIND_OF = 2,           /**< node kind */
    WP_DIFF_INDICATOR_ADDED = 3,   /**< an indicator only in the new node */
    WP_DIFF_INDICATOR_REMOVED = 4, /**< an indicator only in the old node */
    WP_DIFF_INDICATOR_CHANGED = 5, /**< op, value, max or unit changed */
    WP_DIFF_DEADLINE = 6,          /**< deadline set, cleared or moved */
    WP_DIFF_LEAD = 7,              /**< effective lead units */
    WP_DIFF_SUPPORT = 8,           /**< effective support units */
    WP_DIFF_RESPONSIBLE = 9,       /**< effective responsible units */
    WP_DIFF_STATUS = 10,           /**< status */
    WP_DIFF_META = 11              /**< a plan metadata field (wp_diff_change_field) */
} wp_diff_what;

/** An edit of a character-level text diff. */
typedef enum wp_diff_op {
    WP_DIFF_EQUAL = 0,  /**< text in both (span in the old text) */
    WP_DIFF_DELETE = 1, /**< text only in the old (span in the old text) */
    WP_DIFF_INSERT = 2  /**< text only in the new (span in the new text) */
} wp_diff_op;

/**
 * Compare two plans.
 * @param[out] out the new diff, owned by the caller (wp_diff_free()).
 * @param old_plan, new_plan the plans (borrowed: they must outlive the diff).
 * @param options NULL for the defaults.
 * @return 0; WP_EINVAL (NULL plan, bad options: version, threshold outside
 *         0..1); WP_ENOMEM; WP_ERROR if OpenCC's data cannot be loaded.
 */
WP_EXTERN int wp_plan_diff(wp_diff **out, const wp_plan *old_plan, const wp_plan *new_plan,
                           const wp_diff_options *options);

/** Free a diff. NULL is accepted. */
WP_EXTERN void wp_diff_free(wp_diff *diff);

/** The old / new plan of a diff (borrowed). */
WP_EXTERN const wp_plan *wp_diff_old_plan(const wp_diff *diff);
WP_EXTERN const wp_plan *wp_diff_new_plan(const wp_diff *diff);

/** Name of a diff kind ("unchanged", "changed", "moved", "added", "removed"), or NULL. */
WP_EXTERN const char *wp_diff_kind_name(wp_diff_kind kind);
/** Name of a change ("title", "text", "indicator_added", …), or NULL. */
WP_EXTERN const char *wp_diff_what_name(wp_diff_what what);

/* ---- node entries ---------------------------------------------------------
 * In document order of the new plan, each removed node placed after the
 * entry of its nearest preceding old sibling (or its old parent). */

/** Number of node entries (every node of both plans appears once). */
WP_EXTERN size_t wp_diff_entry_count(const wp_diff *diff);
/** Entry `index` (borrowed), or NULL if out of range. */
WP_EXTERN const wp_diff_entry *wp_diff_entry_at(const wp_diff *diff, size_t index);
/** Number of entries of a kind. */
WP_EXTERN size_t wp_diff_count(const wp_diff *diff, wp_diff_kind kind);

/** The entry's kind (WP_DIFF_UNCHANGED for NULL). */
WP_EXTERN wp_diff_kind wp_diff_entry_kind(const wp_diff_entry *entry);
/** The node in the old plan, or NULL (added). Borrowed from the plan. */
WP_EXTERN wp_node *wp_diff_entry_old(const wp_diff_entry *entry);
/** The node in the new plan, or NULL (removed). Borrowed from the plan. */
WP_EXTERN wp_node *wp_diff_entry_new(const wp_diff_entry *entry);
/** The match score in 0..1 (text similarity plus structure), 0 if unmatched. */
WP_EXTERN double wp_diff_entry_score(const wp_diff_entry *entry);
/** The text similarity alone (bigram Dice on folded text), 0 if unmatched. */
WP_EXTERN double wp_diff_entry_similarity(const wp_diff_entry *entry);
/** Number of changes of a matched pair. */
WP_EXTERN size_t wp_diff_entry_change_count(const wp_diff_entry *entry);
/** Change `index` of a matched pair (borrowed), or NULL. */
WP_EXTERN const wp_diff_change *wp_diff_entry_change(const wp_diff_entry *entry, size_t index);

/* ---- changes ---------------------------------------------------------------- */

/** What the change is about. */
WP_EXTERN wp_diff_what wp_diff_change_what(const wp_diff_change *change);
/** For WP_DIFF_META, the field name as in MODEL.md ("title", "issuer", "year",
 * "doc_number", …); else the name of `what`. Borrowed. */
WP_EXTERN const char *wp_diff_change_field(const wp_diff_change *change);
/** The old / new value rendered as text ("ge 2 家", "2024-06-30", "办公室、学会部"),
 * or NULL when absent on that side. Borrowed from the diff. */
WP_EXTERN const char *wp_diff_change_old_value(const wp_diff_change *change);
WP_EXTERN const char *wp_diff_change_new_value(const wp_diff_change *change);
/** A one-line English description ("target raised from 2 to 5 家"). Borrowed. */
WP_EXTERN const char *wp_diff_change_description(const wp_diff_change *change);
/** The indicators of an indicator change (NULL on the side where it is absent). */
WP_EXTERN wp_indicator *wp_diff_change_old_indicator(const wp_diff_change *change);
WP_EXTERN wp_indicator *wp_diff_change_new_indicator(const wp_diff_change *change);

/** Number of edits of a text change (0 for other changes). */
WP_EXTERN size_t wp_diff_change_edit_count(const wp_diff_change *change);
/**
 * Edit `index` of a text change: its op and its byte span in the old text
 * (WP_DIFF_EQUAL, WP_DIFF_DELETE) or in the new text (WP_DIFF_INSERT), the
 * texts being wp_diff_change_old_value() / new_value().
 * @param[out] op, offset, length may be NULL.
 * @return 0, or WP_EINVAL if out of range.
 */
WP_EXTERN int wp_diff_change_edit(const wp_diff_change *change, size_t index, wp_diff_op *op,
                                  size_t *offset, size_t *length);

/* ---- metadata and units ------------------------------------------------- */

/** Number of metadata changes (each a WP_DIFF_META change). */
WP_EXTERN size_t wp_diff_meta_count(const wp_diff *diff);
/** Metadata change `index` (borrowed), or NULL. */
WP_EXTERN const wp_diff_change *wp_diff_meta_at(const wp_diff *diff, size_t index);

/** Number of unit entries: units matched by folded name or alias, added, removed. */
WP_EXTERN size_t wp_diff_unit_count(const wp_diff *diff);
/**
 * Unit entry `index`.
 * @param[out] old_unit, new_unit the units (borrowed; NULL on the side where
 *             the unit is absent); may be NULL.
 * @return WP_DIFF_UNCHANGED, WP_DIFF_CHANGED (same folded name, printed
 *         differently), WP_DIFF_ADDED, WP_DIFF_REMOVED; or WP_EINVAL.
 */
WP_EXTERN int wp_diff_unit_at(const wp_diff *diff, size_t index, wp_unit **old_unit,
                              wp_unit **new_unit);

/* ---- JSON ---------------------------------------------------------------- */

/**
 * The diff as JSON (UTF-8; keys in a fixed order, so equal diffs give
 * equal text). Shape in doc/DIFF.md.
 * @param[out] out a new NUL-terminated buffer (wp_free()); out_len its length.
 * @param flags WP_JSON_PRETTY or WP_JSON_COMPACT (json.h).
 * @return 0, WP_EINVAL, WP_ENOMEM.
 */
WP_EXTERN int wp_diff_to_json(char **out, size_t *out_len, const wp_diff *diff, unsigned flags);

/* ---- corpora ------------------------------------------------------------- */

/**
 * Compare two sets of plans. Plans are paired by issuer (folded; the plan
 * title without its year when there is no issuer) and kind; within a pair
 * of groups, each old plan goes with the new plan of the nearest later
 * year (or the same year), in year order. Unpaired plans are added or
 * removed.
 * @param[out] out the new corpus diff (wp_corpus_diff_free()).
 * @param old_plans, new_plans arrays of plans (borrowed: they must outlive
 *        the result); NULL is allowed with a count of 0.
 * @return 0, WP_EINVAL, WP_ENOMEM, or an error of wp_plan_diff().
 */
WP_EXTERN int wp_corpus_diff(wp_diff_set **out, const wp_plan *const *old_plans,
                             size_t n_old, const wp_plan *const *new_plans, size_t n_new,
                             const wp_diff_options *options);

/** Free a corpus diff and its diffs. NULL is accepted. */
WP_EXTERN void wp_corpus_diff_free(wp_diff_set *cdiff);
/** Number of pairs (matched, added and removed plans). */
WP_EXTERN size_t wp_corpus_diff_count(const wp_diff_set *cdiff);
/**
 * Pair `index`.
 * @param[out] old_plan, new_plan the plans (NULL for an added / removed plan);
 *             may be NULL.
 * @param[out] diff the diff of a matched pair (borrowed from cdiff), else NULL;
 *             may be NULL.
 * @return WP_DIFF_CHANGED / WP_DIFF_UNCHANGED (matched), WP_DIFF_ADDED,
 *         WP_DIFF_REMOVED; or WP_EINVAL.
 */
WP_EXTERN int wp_corpus_diff_at(const wp_diff_set *cdiff, size_t index,
                                const wp_plan **old_plan, const wp_plan **new_plan,
                                const wp_diff **diff);

#ifdef __cplusplus
}
#endif

#endif
