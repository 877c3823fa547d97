/*
 * The canonical printer of the query language (doc/QUERY.md): prints a
 * query so that wp_query_parse reads back the same query, grouping only
 * where the parser needs it (parent codes below). The parser is
 * query_lang.c.
 */
#include "queryx.h"
#include "cborio.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put(wp__wbuf *b, const char *s) { wp__w_raw(b, s, strlen(s)); }

/* Remove n bytes at `at` from what was written (nothing when a failed
 * allocation left the buffer short). */
static void unwrap(wp__wbuf *b, size_t at, size_t n)
{
    if (b->failed || at + n > b->len)
        return;
    memmove(b->data + at, b->data + at + n, b->len - at - n);
    b->len -= n;
}

static void put_quoted(wp__wbuf *b, const char *s)
{
    wp__w_raw(b, "\"", 1);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            wp__w_raw(b, "\\", 1);
        wp__w_raw(b, s, 1);
    }
    wp__w_raw(b, "\"", 1);
}

static void put_date(wp__wbuf *b, wp_date d)
{
    char buf[16];
    wp_date_format(buf, sizeof buf, d);
    put(b, buf);
}

static void put_number(wp__wbuf *b, double v)
{
    char buf[40];
    /* Whole numbers as written (10, not 1e+01); others in the shortest form
     * that reads back exactly. */
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, sizeof buf, "%.0f", v);
        put(b, buf);
        return;
    }
    snprintf(buf, sizeof buf, "%.17g", v);
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    put(b, buf);
}

static void print(wp__wbuf *b, const wp_query *q, int parent);

static void print_leaf(wp__wbuf *b, const wp_query *q, int parent)
{
    bool grouped;
    switch (q->type) {
    case WP__Q_ALL:
        put(b, "*");
        break;
    case WP__Q_KIND:
        put(b, "kind:");
        put(b, wp_node_kind_name((wp_node_kind)q->kind));
        break;
    case WP__Q_STATUS:
        put(b, "status:");
        put(b, wp_status_name((wp_status)q->kind));
        break;
    case WP__Q_UNIT:
        if (q->str == NULL && q->role < 0 && !q->own) {
            put(b, "has:assignment");
            break;
        }
        /* A unit and a role make one predicate: grouped where its terms
         * could merge with others (in an AND) or split (under NOT). A lone
         * role needs its group only in an AND, beside unit terms it would
         * join; elsewhere a group prints the query deeper than written. */
        grouped = parent == 5 || (q->role >= 0 && (parent == 1 || parent == 4 ||
                                                   (parent == 3 && (q->str != NULL || q->own))));
        if (grouped)
            put(b, "(");
        if (q->str != NULL || q->own) {
            put(b, q->own ? "own.unit:" : "unit:");
            if (q->str != NULL)
                put_quoted(b, q->str);
            else
                put(b, "*");
        }
        if (q->role >= 0) {
            put(b, q->str != NULL || q->own ? " role:" : "role:");
            put(b, wp_role_name((wp_role)q->role));
        }
        if (grouped)
            put(b, ")");
        break;
    case WP__Q_TEXT:
        put(b, q->flags ? "text~" : "text:");
        put_quoted(b, q->str);
        break;
    case WP__Q_IND: {
        /* Grouped only where its terms could merge with others (beside
         * another indicator predicate in an AND) or split (several terms
         * under NOT): a group it does not need would print the query one
         * level deeper than it was written, and a query at the nesting
         * limit would not parse again (fuzz/regressions/query-reprint-too-deep). */
        int terms = (q->op >= 0) + (q->str != NULL) +
                    (!isnan(q->min) && q->min == q->max ? 1 : !isnan(q->min) + !isnan(q->max));
        grouped = parent == 1 || (parent == 3 && terms > 1);
        size_t mark = b->len;
        put(b, "(has:indicator");
        if (q->op >= 0) {
            put(b, " ind.op:");
            put(b, wp_op_name((wp_op)q->op));
        }
        if (q->str != NULL) {
            put(b, " ind.unit:");
            put_quoted(b, q->str);
        }
        if (!isnan(q->min) && q->min == q->max) {
            put(b, " value:");
            put_number(b, q->min);
        } else {
            if (!isnan(q->min)) {
                put(b, " value>=");
                put_number(b, q->min);
            }
            if (!isnan(q->max)) {
                put(b, " value<=");
                put_number(b, q->max);
            }
        }
        if (grouped)
            put(b, ")");
        else /* drop "(" and, before a first term, "has:indicator " */
            unwrap(b, mark, terms > 0 ? strlen("(has:indicator ") : 1);
        break;
    }
    case WP__Q_DUE:
        if (q->from == 0 && q->to == 0) {
            put(b, "has:deadline");
        } else if (q->from != 0 && q->to != 0) {
            put(b, parent == 3 ? "(due>=" : "due>=");
            put_date(b, q->from);
            put(b, " due<=");
            put_date(b, q->to);
            if (parent == 3)
                put(b, ")");
        } else {
            put(b, q->from != 0 ? "due>=" : "due<=");
            put_date(b, q->from != 0 ? q->from : q->to);
        }
        break;
    case WP__Q_OVERDUE:
        put(b, "overdue:");
        put_date(b, q->from);
        break;
    case WP__Q_CATEGORY:
        put(b, "category:");
        put_quoted(b, q->str);
        break;
    case WP__Q_UNDER:
        put(b, "under:");
        put_quoted(b, q->str);
        break;
    case WP__Q_ATTR:
        put(b, "attr.");
        put(b, q->str);
        put(b, ":");
        switch (q->value.type) {
        case WP_VALUE_TEXT: put_quoted(b, q->value.as.text); break;
        case WP_VALUE_BOOL: put(b, q->value.as.boolean ? "true" : "false"); break;
        case WP_VALUE_INT: {
            char buf[32];
            snprintf(buf, sizeof buf, "%lld", (long long)q->value.as.integer);
            put(b, buf);
            break;
        }
        case WP_VALUE_FLOAT: put_number(b, q->value.as.real); break;
        }
        break;
    default:
        break;
    }
}

/* parent: 0 top, 1 inside AND, 2 inside OR, 3 under NOT, 4 the only
 * indicator predicate of an AND, 5 a unit predicate of an AND with more
 * than WP__GROUP_UNITS of them. */
static void print(wp__wbuf *b, const wp_query *q, int parent)
{
    switch (q->type) {
    case WP__Q_AND: {
        uint32_t n_ind = 0, n_unit = 0;
        for (uint32_t i = 0; i < q->n; i++) {
            n_ind += WP__KID(q, i)->type == WP__Q_IND;
            n_unit += WP__KID(q, i)->type == WP__Q_UNIT;
        }
        if (parent == 3)
            put(b, "(");
        for (uint32_t i = 0; i < q->n; i++) {
            const wp_query *kid = WP__KID(q, i);
            if (i > 0)
                put(b, " ");
            /* 4: the AND's only indicator predicate, last (where the parser
             * puts the predicate its ind.* terms make): nothing to merge
             * with, and it reads back in the same place. */
            /* 5: more unit terms than one group holds: each in its own. */
            print(b, kid, kid->type == WP__Q_IND && n_ind == 1 && i + 1 == q->n ? 4
                          : kid->type == WP__Q_UNIT && n_unit > WP__GROUP_UNITS ? 5 : 1);
        }
        if (parent == 3)
            put(b, ")");
        break;
    }
    case WP__Q_OR:
        if (parent == 1 || parent == 3)
            put(b, "(");
        for (uint32_t i = 0; i < q->n; i++) {
            if (i > 0)
                put(b, " OR ");
            print(b, WP__KID(q, i), 2);
        }
        if (parent == 1 || parent == 3)
            put(b, ")");
        break;
    case WP__Q_NOT:
        put(b, "-");
        print(b, WP__KID(q, 0), 3);
        break;
    default:
        print_leaf(b, q, parent);
    }
}

int wp_query_to_string(char **out, const wp_query *q)
{
    wp__wbuf b = {0};
    if (out == NULL || q == NULL)
        return wp__err(WP_EINVAL, "wp_query_to_string: NULL argument");
    *out = NULL;
    print(&b, q, 0);
    wp__w_raw(&b, "", 1);
    if (b.failed) {
        wp__free(b.data);
        return wp__err_nomem();
    }
    *out = (char *)b.data;
    return 0;
}
