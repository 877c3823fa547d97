/*
 * Per-plan indexes for queries and roll-ups (not installed).
 *
 * Built on demand from the plan's tree, tagged with plan->generation and
 * rebuilt when the plan has changed since: every edit bumps the generation
 * (wp__touch), so an index is never stale. Node positions are preorder
 * (document order) numbers; a subtree is the range [pos, end[pos]).
 */
#ifndef WP_INDEX_H
#define WP_INDEX_H

#include "internal.h"

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
    uint8_t *unit_role;    /* the role of each entry */
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
    } *ival;
    char **norm[4];        /* by text flags: normalised "title\ntext", built lazily */
} wp__index;

/**
 * The plan's index, built or rebuilt if the plan changed. Takes the plan's
 * index lock while checking and building.
 */
int wp__index_get(wp__index **out, wp_plan *plan);

/** The normalised texts of the index for `flags` (1..3), built if needed,
 * using `t2s` for WP_TEXT_SCRIPT. Takes the lock. */
int wp__index_norm(char ***out, wp_plan *plan, wp__index *ix, unsigned flags, void *t2s);

/** Free everything the index holds and the index itself. */
void wp__index_free(wp__index *ix);

#endif
