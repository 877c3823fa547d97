/*
 * Internal declarations of the exporters (not installed): the ledger rows
 * and the responsibility matrix (ledger.c), shared by the CSV, xlsx and
 * HTML writers.
 */
#ifndef WP_EXPORTX_H
#define WP_EXPORTX_H

#include "internal.h"
#include "readers.h" /* wp__sb */

/** The ledger columns, in order. */
enum {
    WP__COL_SEQ, WP__COL_SECTION, WP__COL_CATEGORY, WP__COL_TASK, WP__COL_LEAD,
    WP__COL_SUPPORT, WP__COL_DUE, WP__COL_INDICATORS, WP__COL_STATUS, WP__COL_PROGRESS,
    WP__COL_ID, WP__N_COLS
};
extern const char *const wp__ledger_headers[WP__N_COLS];

typedef struct wp__ledger_row {
    size_t plan;            /* index in plans[] */
    const wp_node *node;
    int seq;                /* 1-based within its plan */
    size_t section;         /* index of its 篇章 in the ledger's sections */
    char *cell[WP__N_COLS]; /* text of each column (new strings) */
    wp_date due;            /* 0: none */
    bool overdue;
} wp__ledger_row;

typedef struct wp__ledger {
    wp__ledger_row *rows;
    size_t n_rows;
    wp_date as_of;
    /* The matrix: units (by name) × columns (sections of one plan, or the
     * plans of a corpus), tasks led and supported. */
    char **units;
    size_t n_units;
    char **columns;
    size_t n_columns;
    unsigned *lead, *support; /* [unit * n_columns + column] */
    char **sections;          /* 篇章 names, for row.section */
    size_t n_sections;
    bool corpus;              /* more than one plan */
} wp__ledger;

/** Build the ledger of plans[0..n). */
int wp__ledger_build(wp__ledger *l, const wp_plan *const *plans, size_t n,
                     const wp_export_options *options, const char *who);
void wp__ledger_free(wp__ledger *l);
/** The common start of the text exporters: check `out`, clear `*out` and
 * `*len`, build the ledger. */
int wp__export_begin(wp__ledger *l, char **out, size_t *len, const wp_plan *const *plans,
                     size_t n, const wp_export_options *options, const char *who);
/** The common end: free the ledger; hand `sb`'s text to `*out`/`*len`, or
 * free it and return its error. */
int wp__export_end(wp__ledger *l, wp__sb *sb, char **out, size_t *len);
/** Is the node a ledger row (a task, or a leaf point/item/heading that
 * states something)? */
bool wp__ledger_is_row(const wp_node *node);
/** Display width of UTF-8 text in columns (CJK = 2), by utf8proc. */
size_t wp__text_width(const char *s);
/** The 状态 word of a status (未开始, 进行中, 已完成, …). */
const char *wp__status_word(wp_status s);

#endif
