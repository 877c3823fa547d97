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
 * pointers). A count of a unit term with kind terms only adds up per-unit,
 * per-kind totals: its cost is the number of plans holding the unit, not
 * of matches. Any other query runs plan by plan as before.
 *
 * The index is built on the first such query and rebuilt when a plan was
 * added or edited since (each plan's generation is recorded).
 */
#ifndef WP_CINDEX_H
#define WP_CINDEX_H

#include "queryx.h"

/* ---- shared by cindex.c, cindex_build.c and cindex_text.c only ---------- */

/* Node kinds counted per unit (wp_node_kind: WP_NODE_SECTION..ATTACHMENT). */
#define WP__CI_KINDS 7

typedef struct gulist {
    uint32_t n, cap;
    uint32_t *gu; /* global unit numbers, ascending (so plan by plan) */
} gulist;

typedef struct civ {
    uint32_t mw;  /* measure word id */
    uint32_t g;
    double value;
    uint8_t op;
} civ;

struct wp__cindex {
    size_t n_plans;
    wp_plan **plans;
    uint64_t *gen;
    uint64_t edits;       /* wp__edits when last known fresh (under the lock) */
    uint32_t n;
    uint32_t *base;       /* [n_plans + 1] first position of each plan */
    wp_node **order;      /* [n] */
    uint8_t *kind, *status;
    wp_date *due;         /* [n] deadline end, WP_DATE_NONE without one */
    uint32_t n_gu;
    uint32_t *gu_plan;    /* [n_gu] */
    uint32_t *post_off;   /* [n_gu + 1] */
    uint32_t *post_g;     /* effective-assignment postings, ascending per unit */
    uint8_t *post_role;   /* role | WP__INHERITED */
    uint8_t *post_kind;   /* the kind of post_g's node: kind terms checked in order */
    uint32_t *kind_count; /* [n_gu * WP__CI_KINDS] distinct positions of each node kind
                           * in a unit's postings: a count of unit (+ kind) reads no
                           * posting. Built on the first such count. */
    const char **ids;     /* [n] node ids by position, built on the first ids query, */
    char *id_text;        /* pointing into this copy of them, in position order */
    wp__hashmap by_name, by_id, by_fold; /* key -> gulist* */
    bool fold_built;
    char **fold_keys;
    size_t n_fold_keys;
    gulist **lists;
    size_t n_lists, cap_lists;
    uint32_t n_due;
    wp_date *due_end;     /* ascending */
    uint32_t *due_g;
    wp__hashmap mw;       /* measure word -> id + 1 (as a pointer-sized integer) */
    uint32_t n_ival;
    civ *ival;            /* by (mw, value, g) */
    struct ctext {        /* by text flags (0..3), built on the first text query */
        char *buf;        /* every node's title NUL text NUL (flags 0), or its
                           * normalised "title\ntext" NUL, in position order */
        size_t *start;    /* [n + 1] offset of each node's span */
        uint32_t freq[256]; /* byte counts of a sample, to search the rarest byte */
    } text[4];
};

typedef struct wp__cindex wp__cindex;

/** The corpus index of `plans[0..np)` (cx zeroed by the caller). */
int wp__cindex_build(wp__cindex *cx, wp_plan **plans, size_t np);
/** True when `cx` (NULL: none) still describes `plans[0..n)` unchanged. */
bool wp__cindex_fresh(wp__cindex *cx, wp_plan **plans, size_t n);
/** The folded-name map, built on the first look-up that needs it (under
 * the collection's lock). */
int wp__cindex_build_fold(wp__cindex *cx);
/** The id table (under the lock). */
int wp__cindex_build_ids(wp__cindex *cx);
/** The per-unit kind totals (under the lock); left unbuilt when they
 * cannot be (counts then walk the postings). */
void wp__cindex_build_kind_counts(wp__cindex *cx);

/** n items of `size` bytes from the library's allocator (n may be 0). */
static inline void *wp__cindex_array(size_t n, size_t size)
{
    return wp__malloc(n == 0 ? 1 : n * size);
}

/** Build the text buffer for `flags` if needed (under the collection's lock). */
int wp__cindex_text_build(wp__cindex *cx, unsigned flags, void *t2s);
/** Set the bit of every position whose text holds q's needle. */
void wp__cindex_text_bits(const wp__cindex *cx, const wp_query *q, uint64_t *bits);

/* ---- used by collection.c ---------------------------------------------- */

/** A growing array of borrowed node ids (wp_collection_select_ids), or with
 * `want_pos` of the matches' positions (wp_collection_select_positions). */
typedef struct wp__idvec {
    const char **v;
    size_t n, cap;
    uint32_t *pos; /* [cap] with want_pos (then v stays NULL) */
    bool want_pos;
} wp__idvec;

/** Room for `more` ids (or positions) after the n already there. */
int wp__idvec_reserve(wp__idvec *l, size_t more);

void wp__cindex_free(wp__cindex *cx);

/**
 * Run `q` on the plans `plans[0..n)` through the corpus index `*slot`
 * (built or rebuilt as needed under `lock`). `ids` not NULL: append the
 * matches' ids to it from the index's id table, or with ids->want_pos their
 * positions (no id table needed) (no node read; `cb`
 * unused). Else `cb` NULL: only count, adding to `*count`. `*handled` false when the query is not one the index
 * answers (nothing was run: the caller runs it plan by plan). Returns as
 * wp_query_foreach.
 */
int wp__cindex_run(bool *handled, wp__cindex **slot, pthread_mutex_t *lock, wp_plan **plans,
                   size_t n, const wp_query *q, wp_query_cb cb, void *payload, size_t *count,
                   wp__idvec *ids);

#endif
