/*
 * Internal declarations shared by the modules of libworkplan. Not installed.
 * Cross-file helpers are named wp__*.
 */
#ifndef WP_INTERNAL_H
#define WP_INTERNAL_H

#include "workplan/workplan.h"
#include "arena.h"
#include "hashmap.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdatomic.h>
#include <pthread.h>

/* ---- allocation (alloc.c) ---------------------------------------------- */
void *wp__malloc(size_t size);
void *wp__realloc(void *ptr, size_t size);
void wp__free(void *ptr);

/* ---- errors (error.c) ---------------------------------------------------- */
#if defined(__GNUC__)
#define WP__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define WP__PRINTF(f, a)
#endif
/** Record an error on this thread and return `code`. */
int wp__err(int code, const char *fmt, ...) WP__PRINTF(2, 3);
/** Same, with a position in the input. */
int wp__err_at(int code, size_t offset, int line, int column, const char *fmt, ...)
    WP__PRINTF(5, 6);
int wp__err_nomem(void);

/* ---- sorting (sort.c) ---------------------------------------------------- */
typedef int (*wp__cmp_fn)(const void *a, const void *b, void *ctx);
/** Sort n items of `size` bytes stably (equal items keep their order) in
 * O(n log n) for any input: a bottom-up merge sort. 0, or WP_ENOMEM with
 * the items untouched. */
int wp__msort(void *items, size_t n, size_t size, wp__cmp_fn cmp, void *ctx);
/** The smallest position of an item whose key equals that of an earlier
 * item, among n items compared by position with `cmp` (a total order of
 * their keys); -1 if all keys differ; -2 when out of memory (WP_ENOMEM
 * set). O(n log n). */
long wp__first_repeat(uint32_t n, int (*cmp)(uint32_t a, uint32_t b, void *ctx), void *ctx);

/* ---- UTF-8 (utf8.c) ------------------------------------------------------ */
/** Check that `s[0..len)` is valid UTF-8; on failure WP_EUTF8 naming `what`
 * and the byte offset. */
int wp__check_utf8(const char *s, size_t len, const char *what);
/** Validate `value` and copy it into the plan's arena at `*field`; NULL
 * clears. Nothing changes on failure. */
int wp__set_text(wp_plan *plan, char **field, const char *value, const char *what);
/** wp__set_text for `value[0..len)` (no NUL inside, len known) that the
 * caller has already validated as UTF-8 (the importer's cleaned lines):
 * copied without a second check (checked again in WP_ARENA_DEBUG builds,
 * failing with WP_EUTF8 as wp__set_text does). value must not be NULL. */
int wp__set_text_trusted(wp_plan *plan, char **field, const char *value, size_t len,
                         const char *what);
/** wp_node_set_title / wp_node_set_text with wp__set_text_trusted (node.c). */
int wp__node_set_title_trusted(wp_node *node, const char *value, size_t len);
int wp__node_set_text_trusted(wp_node *node, const char *value, size_t len);

/* ---- enum names (names.c) ------------------------------------------------ */
const char *wp__name(const char *const *table, size_t n, int value);
int wp__parse_name(const char *const *table, size_t n, const char *name,
                   const char *what, int *out);

/* ---- growable pointer list, allocated in an arena ----------------------- */
typedef struct wp__ptrvec {
    void **items;
    uint32_t n, cap;
} wp__ptrvec;

int wp__ptrvec_push(wp__arena *arena, wp__ptrvec *v, void *item);

/* A list of pointers as one counted block in the arena, NULL while empty:
 * one pointer in its owner instead of a wp__ptrvec's 16 bytes (a node's
 * indicators: most nodes have none). */
typedef struct wp__pblock {
    uint32_t n, cap;
    void *items[];
} wp__pblock;
/** Append `item`, growing the block: 0, WP_ENOMEM or WP_ELIMIT. */
int wp__pblock_push(wp__arena *arena, wp__pblock **b, void *item);
/** Remove item `index` (< n), keeping the order. */
void wp__pblock_remove(wp__pblock *b, size_t index);
void wp__ptrvec_remove(wp__ptrvec *v, size_t index);
/** Grow an arena array of `*cap` items of `size` bytes to hold `need`. */
int wp__arena_reserve(wp__arena *arena, void **items, uint32_t *cap, uint32_t need,
                      size_t size);

/* ---- map entries kept from newer format versions ------------------------- */

/* Entries of a CBOR map that this version does not know: the encoded key
 * and value of each, concatenated, sorted by encoded key. Written back as
 * they came, so that a newer writer's data survives an older reader. */
typedef struct wp__extra {
    uint8_t *data;
    uint32_t len;
    uint32_t count;
} wp__extra;

int wp__extra_copy(wp__arena *arena, wp__extra *dst, const wp__extra *src);
bool wp__extra_equal(const wp__extra *a, const wp__extra *b);

/* ---- entities ------------------------------------------------------------ */

#define WP__NODE_ROOT 100 /* kind of the hidden body node of a plan */

enum { WP__DEAD = 1u, WP__HAS_DEADLINE = 2u, WP__HAS_SOURCE = 4u, WP__BIG_SOURCE = 8u };

typedef struct wp__attr {
    char *key;
    wp_value value; /* text values live in the arena */
} wp__attr;

/* A node's custom attributes, kept sorted by key. A wp_attrs handle is the
 * address of a node's `more` field (wp__node_attrs): the map itself lives
 * in the side record, created on the first write. The plan's attributes
 * are those of its hidden body node. */
typedef struct wp__attrmap {
    wp__attr *items;
    uint32_t n, cap;
} wp__attrmap;

/* An assignment: 8 bytes. The person and unknown entries, rare, are in
 * the node's side record (wp__assign_x), index-aligned with the array. */
typedef struct wp__assign {
    uint32_t unit_ix; /* position of the unit in plan->units */
    wp_role role;
} wp__assign;

typedef struct wp__assign_x {
    char *person;
    wp__extra extra;
} wp__assign_x;

/* A node's heading: its label as printed, title and number. Sections and
 * points have them; tasks, most nodes, have none, and pay 8 bytes (the
 * pointer) instead of 24 (issue 14). Allocated on the first write
 * (wp__head_mut); readers see wp__no_head (all empty) while it is absent. */
typedef struct wp__node_head {
    char *label, *title;
    int64_t number;
} wp__node_head;

/* The rarely set parts of a node, allocated on the first write
 * (wp__more_mut); readers see wp__no_more (all empty) while it is absent. */
typedef struct wp__node_more {
    char *category;
    wp__ptrvec reports; /* wp_report* */
    wp__attrmap attrs;
    wp__extra extra, deadline_extra;
    wp__assign_x *assign_x; /* NULL, or one per assignment (cap_assign_x) */
    uint32_t cap_assign_x;
    size_t src_offset, src_length; /* when WP__BIG_SOURCE (over 32 bits) */
    /* The plan's generation + 1 at which every indicator's `actual` of this
     * node was computed (0: never): wp_indicator_actual's cache, written
     * under plan->index_lock before this is stored (release). */
    _Atomic uint64_t actuals_gen;
} wp__node_more;

/* 120 bytes (264 before the side record and the packing, 160 before the
 * indicators became one pointer, 152 before the 32-bit links, 144 before
 * the assignments' room was derived, 136 before the heading record: issue
 * 14). */
struct wp_node {
    wp_plan *plan;
    /* Links to nodes of the same plan, 32 bits each (a pointer's half): 0
     * for none, WP__ROOT_LINK for the plan's body node, else the node's
     * `self`: its place in plan->all_nodes + 1. Siblings: `next_l` ends at
     * 0; the first child's `prev_l` is the last child, so that appending
     * is O(1) without a last-child link. Read them through wp__parent,
     * wp__first, wp__next, wp__prev and wp__last_child; write wp__link. */
    uint32_t parent_l, first_l, prev_l, next_l, self;
    uint32_t n_assigns; /* its room is not stored: wp__assign_room */
    uint32_t ix_pos; /* preorder position, valid while the plan's index is fresh */
    uint32_t src_offset, src_length; /* WP__HAS_SOURCE, unless WP__BIG_SOURCE */
    int8_t kind;     /* wp_node_kind, or WP__NODE_ROOT */
    uint8_t status;  /* wp_status */
    uint16_t flags;  /* WP__DEAD, WP__HAS_… */
    char *id, *text;
    wp__node_head *head;  /* label, title, number: NULL until one is set */
    wp_deadline deadline; /* valid when WP__HAS_DEADLINE */
    wp__assign *assigns;
    wp__pblock *inds;      /* wp_indicator*; read through wp__nind, wp__ind */
    wp__node_more *more;   /* NULL until a rare field is set */
};

/** The room of `node`'s assignment array. It is not stored (4 bytes a
 * node): the array is always allocated at wp__assign_room_for(the count it
 * grows to), and counts only shrink in between, so the room of the count
 * never exceeds the allocation. Exact up to 4 (most nodes: the readers
 * grow the array in place, the arena's last block, one at a time), then
 * powers of two. */
static inline uint32_t wp__assign_room_for(uint32_t n)
{
    uint32_t r = 8;
    if (n <= 4)
        return n;
    while (r < n)
        r *= 2;
    return r;
}
static inline uint32_t wp__assign_room(const wp_node *node)
{
    return node->assigns == NULL ? 0 : wp__assign_room_for(node->n_assigns);
}
/** Room for `need` assignments in `node`'s array (in its plan's arena):
 * 0, WP_ENOMEM or WP_ELIMIT (error set). */
int wp__assigns_reserve(wp_node *node, uint32_t need);

/* The link of the plan's body node (plan->root). */
#define WP__ROOT_LINK UINT32_MAX

/** The link that names `node` (0 for NULL). */
static inline uint32_t wp__link(const wp_node *node) { return node ? node->self : 0; }

/** How many indicators `node` has. */
static inline uint32_t wp__nind(const wp_node *node) { return node->inds ? node->inds->n : 0; }
/** Indicator `i` (< wp__nind) of `node`. */
static inline wp_indicator *wp__ind(const wp_node *node, uint32_t i)
{
    return (wp_indicator *)node->inds->items[i];
}

extern const wp__node_more wp__no_more;
extern const wp__node_head wp__no_head;

/** The heading of `node` for reading: never NULL. */
static inline const wp__node_head *wp__head(const wp_node *node)
{
    return node->head != NULL ? node->head : &wp__no_head;
}
/** The heading of `node` for writing, created if absent. NULL with
 * WP_ENOMEM set on failure. */
wp__node_head *wp__head_mut(wp_node *node);

/** The side record of `node` for reading: never NULL. */
static inline const wp__node_more *wp__more(const wp_node *node)
{
    return node->more != NULL ? node->more : &wp__no_more;
}
/** The side record of `node` for writing, created if absent. NULL with
 * WP_ENOMEM set on failure. */
wp__node_more *wp__more_mut(wp_node *node);
/** Give `node` the unknown entries `x` of its map (or of its deadline's):
 * nothing happens when `x` is empty. 0 or WP_ENOMEM. */
int wp__node_adopt_extra(wp_node *node, const wp__extra *x);
int wp__node_adopt_deadline_extra(wp_node *node, const wp__extra *x);

/** The attribute handle of a node (or of plan->root: the plan's). */
static inline wp_attrs *wp__node_attrs(const wp_node *node)
{
    return (wp_attrs *)(void *)&((wp_node *)node)->more;
}
/** The node a handle belongs to. */
static inline wp_node *wp__attrs_node(const wp_attrs *attrs)
{
    return (wp_node *)(void *)((char *)(void *)attrs - offsetof(wp_node, more));
}

struct wp_unit {
    wp_plan *plan;
    char *id, *name;
    wp__ptrvec aliases; /* char* */
    uint32_t index;     /* position in plan->units */
    bool dead;
    wp__extra extra;
};

struct wp_indicator {
    wp_node *node;
    char *text, *subject, *unit;
    double value, baseline, max; /* max: high bound of WP_OP_RANGE, else NAN */
    double actual; /* cached wp_indicator_actual: see wp__node_more.actuals_gen */
    wp_op op;
    bool aspirational, cumulative, dead;
    wp__extra extra;
};

typedef struct wp__actual {
    wp_indicator *indicator;
    double value;
} wp__actual;

struct wp_report {
    wp_node *node;
    wp_date date;
    wp_unit *by;
    char *text;
    double percent;
    wp_report_state state;
    bool dead;
    wp__actual *actuals;
    uint32_t n_actuals, cap_actuals;
    wp__extra extra;
};

typedef struct wp__reference {
    char *title;
    bool has_number;
    wp_doc_number number;
    wp__extra extra, number_extra;
} wp__reference;

typedef struct wp__attachment {
    char *title;
    wp__extra extra;
} wp__attachment;

struct wp_plan {
    wp__arena arena;
    wp_node root; /* hidden body node; its children are the top-level nodes */
    char *id, *title, *issuer, *publisher, *script, *preamble;
    wp_plan_kind kind;
    int year;
    wp_date issued, published;
    bool has_doc_number;
    wp_doc_number doc_number;
    wp__ptrvec recipients;  /* char* */
    wp__ptrvec references;  /* wp__reference* */
    wp__ptrvec attachments; /* wp__attachment* */
    wp__ptrvec units;       /* wp_unit*, registry order */
    /* name or alias -> wp_unit*, id -> wp_unit*: built on first use
     * (unit.c), dropped after a read (wp__unit_tables_drop). */
    wp__hashmap unit_names;
    wp__hashmap unit_ids;
    atomic_bool unit_tables_built;
    uint32_t next_unit_serial;
    /* id -> wp_node* (live nodes), built on first use (wp__node_ids): a
     * loaded corpus that is never searched by id does not pay for it. */
    wp__hashmap node_ids;
    atomic_bool node_ids_built;
    pthread_mutex_t ids_lock;
    /* Every node created, dead ones included; on the heap, not in the
     * arena, so that growing it abandons no copies (wp_plan_free frees it). */
    wp__ptrvec all_nodes;
    uint32_t live_nodes;   /* against WP_LIMIT_NODES (the body not counted) */
    uint64_t generation;   /* bumped by every change; for caches/indexes */
    struct wp__index *index;  /* query indexes (index.c), NULL until first query */
    pthread_mutex_t index_lock;
    wp__extra extra, doc_number_extra, doc_extra; /* doc_extra: document level */
};

/* ---- links between nodes (see struct wp_node) ---- */

/** The node a link names, in `plan`: NULL for 0. */
static inline wp_node *wp__at(const wp_plan *plan, uint32_t link)
{
    if (link == 0)
        return NULL;
    if (link == WP__ROOT_LINK)
        return (wp_node *)&plan->root;
    return (wp_node *)plan->all_nodes.items[link - 1];
}
/** The parent (plan->root for a top-level node), or NULL if detached. */
static inline wp_node *wp__parent(const wp_node *node) { return wp__at(node->plan, node->parent_l); }
/** The first child, or NULL. */
static inline wp_node *wp__first(const wp_node *node) { return wp__at(node->plan, node->first_l); }
/** The next sibling, or NULL. */
static inline wp_node *wp__next(const wp_node *node) { return wp__at(node->plan, node->next_l); }
/** The previous sibling, or NULL. */
static inline wp_node *wp__prev(const wp_node *node)
{
    const wp_node *parent = wp__parent(node);
    return parent != NULL && parent->first_l != node->self ? wp__at(node->plan, node->prev_l)
                                                            : NULL;
}
/** The node after `n` in a pre-order walk of the subtree of `top` (not
 * above it), or NULL at its end; `top` = &plan->root walks the body. Tests
 * links before following them: each step follows one link (a walk of 1M
 * nodes is bound by memory, each link read a cache miss when cold). */
static inline wp_node *wp__walk_next(const wp_node *n, const wp_node *top)
{
    const wp_plan *plan = n->plan;
    if (n->first_l != 0)
        return wp__at(plan, n->first_l);
    while (n != top && n->next_l == 0)
        n = wp__at(plan, n->parent_l);
    return n == top ? NULL : wp__at(plan, n->next_l);
}
/** The last child, or NULL. */
static inline wp_node *wp__last_child(const wp_node *node)
{
    const wp_node *first = wp__first(node);
    return first != NULL ? wp__at(node->plan, first->prev_l) : NULL;
}

/* node_fields.c */
/** The source span of `node`: false when it has none. */
bool wp__node_src(const wp_node *node, size_t *offset, size_t *length);
/** Set the source span (no checks, no generation bump): 0 or WP_ENOMEM. */
int wp__node_put_source(wp_node *node, size_t offset, size_t length);

/* node.c */
bool wp__node_live(const wp_node *node);
/** Check a node argument: WP_EINVAL for NULL, WP_EREMOVED for dead. */
int wp__node_check(const wp_node *node);
/** Allocate a node in `plan` (no other checks, not registered anywhere
 * else). The one place every reader and editor creates nodes through:
 * WP_ELIMIT past WP_LIMIT_NODES live nodes, WP_ENOMEM; error set. */
int wp__node_alloc(wp_node **out, wp_plan *plan, int kind);
bool wp__can_contain(int parent_kind, int child_kind);

/* attr.c */
int wp__attrs_copy(wp_attrs *dst, const wp_attrs *src);
bool wp__attrs_equal(const wp_attrs *a, const wp_attrs *b);

/* assignment.c */
/** The unit of assignment `i` of `node`. */
static inline wp_unit *wp__assign_unit(const wp_node *node, uint32_t i)
{
    return (wp_unit *)node->plan->units.items[node->assigns[i].unit_ix];
}
/** The person of assignment `i`, or NULL. */
const char *wp__assign_person(const wp_node *node, uint32_t i);
/** The unknown entries of assignment `i` (empty when none). */
const wp__extra *wp__assign_extra(const wp_node *node, uint32_t i);
/** The side part of assignment `i` for writing, created if absent. NULL with
 * WP_ENOMEM set on failure. */
wp__assign_x *wp__assign_x_mut(wp_node *node, uint32_t i);
/** Of the assignments from `base` on (appended by a reader without the
 * per-call check of wp_node_assign), the first, counted from base, whose
 * unit and role an earlier one has: -1 if none, -2 out of memory (WP_ENOMEM
 * set). O(k log k). */
long wp__assign_first_repeat(const wp_node *node, uint32_t base);
/** Give assignment `i` the unknown entries `x` (nothing when empty). */
int wp__assign_adopt_extra(wp_node *node, uint32_t i, const wp__extra *x);

/* unit.c */
int wp__unit_check(const wp_unit *unit);
/** By exact name or alias only (wp_unit_find also matches across scripts
 * and widths): for readers checking a file's registry, and the importer. */
wp_unit *wp__unit_find_exact(const wp_plan *plan, const char *name);
/** Free the unit name and id tables; the next lookup or edit builds them
 * again. The readers call it when a plan is read. Not under a lock: the
 * caller has the plan to itself. */
void wp__unit_tables_drop(wp_plan *plan);

/* indicator.c: a node's indicators by address, so that the positions of
 * many (a report's actuals) are found in O(log n) each: wp_indicator_index
 * scans the node's list, which made copying, comparing and saving a report
 * of n actuals O(n^2). Without actuals on the node nothing is built. */
typedef struct wp__indpos {
    const wp_indicator *ind;
    uint32_t index;
} wp__indpos;
typedef struct wp__indtab {
    const wp_node *node;
    wp__indpos *t; /* NULL: not built (no actuals); find then scans */
    wp__indpos small[32];
} wp__indtab;
/** Build the table of `node`: 0, or WP_ENOMEM with no error set (the table
 * then scans: a caller that cannot fail, equality, goes on; one that can
 * reports it). */
int wp__indtab_open(wp__indtab *tab, const wp_node *node);
/** The position of `ind` among its node's indicators, (size_t)-1 if absent. */
size_t wp__indtab_find(const wp__indtab *tab, const wp_indicator *ind);
void wp__indtab_close(wp__indtab *tab);
/** wp_indicator_actual of each of the node's indicators into out[0..n), in
 * one pass over its reports (calling it per indicator scans every report's
 * actuals for each: O(n^2) for the JSON writer), with the node's table
 * `tab` (the writer's, also used for the reports). 0 or WP_ENOMEM. */
int wp__node_actuals(const wp_node *node, const wp__indtab *tab, double *out);

/* indicator.c / progress.c */
int wp__indicator_check(const wp_indicator *ind);
int wp__report_check(const wp_report *report);
void wp__report_drop_actuals_of(wp_report *report, const wp_indicator *ind);

/* plan.c */
/** Run `build` once for a cache of `plan` flagged by `built` (the node ids,
 * the unit tables): readers may ask from several threads, so the first
 * builds under plan->ids_lock and sets `built` with a release store. 0, or
 * build's error (nothing set: the next call tries again). */
int wp__plan_build_once(const wp_plan *plan, atomic_bool *built, int (*build)(wp_plan *));
/** The plan's node-id table, built on the first call (under a lock: readers
 * may call it from several threads). NULL with WP_ENOMEM set on failure. */
wp__hashmap *wp__node_ids(const wp_plan *plan);
/** The table if it is built, else NULL (for updates that need not build it). */
static inline wp__hashmap *wp__node_ids_if_built(wp_plan *plan)
{
    return atomic_load_explicit(&plan->node_ids_built, memory_order_acquire) ? &plan->node_ids
                                                                              : NULL;
}
char *wp__arena_strdup(wp__arena *arena, const char *s);
int wp__copy_doc_number(wp__arena *arena, wp_doc_number *dst, const wp_doc_number *src);

/* Bumped with every plan's generation, in any plan: a cache over many plans
 * (the collection index) that finds it unchanged knows that none of its
 * plans changed, without reading each (plan.c). Relaxed: edits of a plan
 * and reads of it are ordered by the caller (doc/API.md "Threads"). */
extern _Atomic uint64_t wp__edits;

static inline void wp__touch(wp_plan *plan)
{
    plan->generation++;
    atomic_fetch_add_explicit(&wp__edits, 1, memory_order_relaxed);
}

#endif
