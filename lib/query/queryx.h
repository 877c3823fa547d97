/* Internal shape of a query (not installed); shared by query.c, the
 * parser and printer in query_lang.c, and rollup.c. */
#ifndef WP_QUERY_INTERNAL_H
#define WP_QUERY_INTERNAL_H

#include "internal.h"
#include "index.h"

typedef enum wp__qtype {
    WP__Q_ALL, WP__Q_KIND, WP__Q_UNIT, WP__Q_TEXT, WP__Q_IND, WP__Q_DUE, WP__Q_OVERDUE,
    WP__Q_STATUS, WP__Q_CATEGORY, WP__Q_UNDER, WP__Q_ATTR, WP__Q_AND, WP__Q_OR, WP__Q_NOT
} wp__qtype;

struct wp_query {
    wp__qtype type;
    wp_query **kids;   /* operands of AND / OR (n-ary, flattened) and NOT (one): */
    uint32_t off, n, cap; /* kids[off .. off+n) of a buffer of cap */
    uint32_t depth;    /* 1 for a leaf; bounded by WP_QUERY_MAX_DEPTH */
    char *str;         /* unit name, category, node id, attribute key, indicator unit */
    char *raw;         /* text: the needle as given; attr: untyped value text */
    char *needle;      /* text: the needle normalised per flags; unit: folded name */
    bool own;          /* unit: own assignments only (else effective) */
    wp_value value;    /* attr: typed value (text copied into raw) */
    bool untyped;      /* attr: value given as text, compared per the attribute's type */
    int role, op;      /* -1: any */
    int kind;          /* kind or status */
    unsigned flags;    /* text flags */
    wp_date from, to;  /* due range (0 = open); overdue: from = as-of date */
    double min, max;   /* indicator value range, NAN = open */
    void *t2s;         /* text with WP_TEXT_SCRIPT: OpenCC converter */
    uint32_t slot;     /* leaf number, for per-plan resolution */
    uint32_t nslots;   /* on the root: number of leaves */
};

/** The i-th operand of an AND / OR / NOT. */
#define WP__KID(q, i) ((q)->kids[(q)->off + (i)])

/** Allocate a zeroed query of `type`. */
int wp__query_new(wp_query **out, wp__qtype type);
/** Make an untyped attribute predicate (from the language). */
int wp__query_attr_text(wp_query **out, const char *key, const char *value);

/* unit: terms one `and` group of the query language may hold (a role in
 * the group applies to them all): the parser's limit, which the printer
 * groups around (query_lang.c, query_print.c). */
#define WP__GROUP_UNITS 16

/** Per-plan run: index and resolved leaves. */
typedef struct wp__qrun {
    wp_plan *plan;
    wp__index *ix;
    void **slot; /* per leaf: wp_unit*, wp_node* (under), char** (normalised texts) */
} wp__qrun;

int wp__qrun_open(wp__qrun *r, const wp_query *q, wp_plan *plan);
void wp__qrun_close(wp__qrun *r);
/** Whether the node at index position `pos` matches. */
bool wp__query_match(const wp_query *q, const wp__qrun *r, uint32_t pos);

/** Run a query over one plan (wp_query_foreach without the NULL check). */
int wp__query_run(const wp_query *q, wp_plan *plan, wp_query_cb cb, void *payload);
/** A new empty node list that stops a run at `limit` nodes (0: none). */
int wp__nodelist_new(wp_nodelist **out, size_t limit);
/** A query callback appending the node to the wp_nodelist `payload`. */
int wp__nodelist_push(wp_node *node, void *payload);

#endif
