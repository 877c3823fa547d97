/*
 * Internal declarations of the diff module (lib/diff/). Not installed.
 *   match.c     node matching: folded-text bigrams, an inverted index for
 *               candidates, Dice similarity, structure bonuses, a greedy
 *               global assignment
 *   textdiff.c  character-level diff (Myers, bounded)
 *   diff.c      the result: entries, changes, metadata, units; corpora
 *   diff_json.c the result as JSON
 */
#ifndef WP_DIFFX_H
#define WP_DIFFX_H

#include "internal.h"
#include "workplan/diff.h"

#include <stdint.h>

/* ---- textdiff.c ---------------------------------------------------------- */

typedef struct wp__edit {
    uint8_t op;      /* wp_diff_op */
    uint32_t offset; /* bytes, in the old text (EQUAL, DELETE) or the new (INSERT) */
    uint32_t length;
} wp__edit;

/* Most edit steps the character diff explores before giving up and
 * reporting "all deleted, all inserted" (keeps it O((N+M)·D) bounded). */
#define WP__TEXTDIFF_MAX_D 1000

/* Diff two UTF-8 strings by code point. `*out` is a new array (wp__free)
 * of `*n` edits, adjacent edits of one op merged. 0 or WP_ENOMEM. */
int wp__textdiff(wp__edit **out, uint32_t *n, const char *a, const char *b);

/* ---- match.c ------------------------------------------------------------- */

/* One side of the comparison: a plan's nodes in preorder. */
typedef struct wp__dside {
    wp_node **nodes;  /* preorder */
    int32_t *parent;  /* index of the parent in nodes, or -1 at the top */
    uint32_t *nchild; /* number of children */
    uint64_t *grams;  /* all nodes' sorted unique bigram keys, concatenated */
    uint32_t *gstart; /* node i's grams: grams[gstart[i] .. gstart[i+1]) */
    uint32_t n;
} wp__dside;

/* Fill a side from a plan: nodes, parents, folded-text bigrams. `t2s` is
 * an OpenCC converter or NULL. 0, WP_ENOMEM, WP_EUTF8, WP_ERROR. */
int wp__dside_build(wp__dside *side, const wp_plan *plan, void *t2s);
void wp__dside_free(wp__dside *side);

/* Bigram keys of a UTF-8 text, folded: letters and digits only.
 * `*out` new (wp__free), sorted, unique. */
int wp__fold_grams(uint64_t **out, uint32_t *n, const char *text, void *t2s);
/* Dice coefficient of two sorted unique key arrays. */
double wp__dice(const uint64_t *a, uint32_t na, const uint64_t *b, uint32_t nb);

/* Match the nodes of two sides. match_a[i] is the index in b of a's node
 * i, or -1; match_b likewise. score/sim (indexed by a) give the combined
 * score and the text similarity of each match. */
int wp__diff_match(const wp__dside *a, const wp__dside *b, const wp_diff_options *opt,
                   int32_t *match_a, int32_t *match_b, float *score, float *sim);

/* ---- diff.c: the result ---------------------------------------------------- */

struct wp_diff_change {
    wp_diff_what what;
    const char *field;
    const char *old_value, *new_value; /* in the diff's arena or the plans */
    const char *desc;                  /* in the diff's arena */
    wp_indicator *old_ind, *new_ind;
    wp__edit *edits; /* in the diff's arena */
    uint32_t n_edits;
};

struct wp_diff_entry {
    wp_diff_kind kind;
    wp_node *old_node, *new_node;
    float score, sim;
    wp_diff_change *changes;
    uint32_t n_changes, cap_changes;
};

typedef struct wp__dunit {
    int kind;
    wp_unit *old_unit, *new_unit;
} wp__dunit;

struct wp_diff {
    wp__arena arena; /* changes, their strings and edits */
    const wp_plan *old_plan, *new_plan;
    wp_diff_entry *entries;
    size_t n_entries;
    size_t counts[5];
    wp_diff_entry meta; /* metadata changes, kept as the changes of one entry */
    wp__dunit *units;
    size_t n_units;
};


/* Checks of options; OpenCC converter when script folding is wanted. */
int wp__diff_check_options(const wp_diff_options *opt);
int wp__diff_open_t2s(const wp_diff_options *opt, void **t2s);
/* wp_plan_diff() with checked options and a shared converter. */
int wp__plan_diff(wp_diff **out, const wp_plan *old_plan, const wp_plan *new_plan,
                  const wp_diff_options *opt, void *t2s);

#endif
