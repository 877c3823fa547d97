/*
 * Per-plan indexes for queries and roll-ups (not installed).
 *
 * Built on demand from the plan's tree, tagged with plan->generation and
 * rebuilt when the plan has changed since: every edit bumps the generation
 * (wp__touch), so an index is never stale. Node positions are preorder
 * (document order) numbers; a subtree is the range [pos, end[pos]).
 *
 * Unit postings hold *effective* assignments (shared/MODEL.md): a node
 * without assignments of its own is posted under the units of its nearest
 * assigned ancestor, flagged WP__INHERITED, and eff_src gives that
 * ancestor's position, so that neither a query nor a roll-up walks the
 * tree. The folded unit names (fold) are kept apart: they change only with
 * the unit registry (unit.c invalidates them), not with every edit.
 */
#ifndef WP_INDEX_H
#define WP_INDEX_H

#include "internal.h"
#include "hashmap.h"

#define WP__KINDS 7

typedef struct wp__index {
    uint64_t generation;
    uint32_t n;            /* live nodes in the body */
    wp_node **order;       /* [n] preorder */
    uint32_t *end;         /* [n] position after the subtree */
    uint32_t kind_off[WP__KINDS + 1];
    uint32_t *kind_pos;    /* [n] positions grouped by kind, ascending */
    uint32_t n_units;
    uint32_t *unit_off;    /* [n_units + 1] by unit->index */
    uint32_t *unit_pos;    /* positions, ascending within a unit */
    uint8_t *unit_role;    /* the role of each entry, | WP__INHERITED */
    uint32_t *eff_src;     /* [n] position whose assignments are effective, or WP__NOSRC */
    uint8_t *kind, *status; /* [n] of each position (corpus indexes copy them) */
    uint32_t n_due;
    uint32_t *due_pos;     /* positions with a deadline, by deadline end */
    wp_date *due_end;      /* the ends, ascending */
    uint32_t n_ind;
    uint32_t *ind_pos;     /* positions of nodes with indicators */
    uint32_t n_ival;
    struct wp__ival {      /* every indicator with a measure unit, by (unit, value) */
        const char *unit;
        double value;
        uint32_t pos;
        int op;            /* the indicator's wp_op */
    } *ival;
    char **norm[4];        /* by text flags: normalised "title\ntext", built lazily */
    struct wp__fold {      /* folded unit names: not cleared by a node edit */
        wp__hashmap map;   /* folded name or alias -> wp_unit* (first in registry order) */
        char **keys;       /* the folded strings (owned) */
        uint32_t n_keys, cap_keys;
        uint32_t n_units;  /* units folded so far (registry prefix) */
        bool stale;        /* rebuild from scratch (alias added, merge) */
    } fold;
} wp__index;

#define WP__INHERITED 0x80u
#define WP__NOSRC UINT32_MAX

/**
 * The plan's index, built or rebuilt if the plan changed. Takes the plan's
 * index lock while checking and building.
 */
int wp__index_get(wp__index **out, wp_plan *plan);

/** The normalised texts of the index for `flags` (1..3), built if needed,
 * using `t2s` for WP_TEXT_SCRIPT. Takes the lock. */
int wp__index_norm(char ***out, wp_plan *plan, wp__index *ix, unsigned flags, void *t2s);

/**
 * The unit whose folded name or alias (wp__fold) equals `folded`, or NULL
 * in `*out`. Takes the plan's index lock; folds the names it has not seen
 * yet. Returns 0 or WP_ENOMEM.
 */
int wp__unit_find_folded(wp_unit **out, const wp_plan *plan, const char *folded);

/** A unit of a query: by exact name or alias, then id, then the folded
 * key `key` (wp__fold of `name`, computed once per query); NULL in `*out`
 * when none. unit.c. Returns 0 or WP_ENOMEM. */
int wp__unit_find_key(wp_unit **out, const wp_plan *plan, const char *name, const char *key);

/** The unit registry changed: `appended` when only units were added at
 * its end (their names are folded on the next look-up), else the folded
 * names are rebuilt. Called by unit.c with the plan not shared (an edit). */
void wp__index_units_changed(wp_plan *plan, bool appended);

/** Free everything the index holds and the index itself. */
void wp__index_free(wp__index *ix);

#endif
