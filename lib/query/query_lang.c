/*
 * The query language (doc/QUERY.md): a recursive-descent parser into the
 * builder's predicates (the canonical printer is query_print.c).
 *
 *   query   = [ or ]
 *   or      = and { ("OR" | "|") and }
 *   and     = unary { ["AND"] unary }
 *   unary   = ("-" | "NOT") unary | "(" or ")" | term
 *   term    = field op value | value          (a bare value: text contains)
 *
 * Within one `and` group, role: terms qualify the group's unit: terms, and
 * the ind.* / value terms and has:indicator make one indicator predicate,
 * so `unit:办公室 role:lead` is one assignment (that unit, leading).
 */
#include "queryx.h"
#include "textnorm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- lexer --------------------------------------------------------------- */

typedef struct parser {
    const char *src;
    size_t pos;
    int depth;
} parser;

#define MAX_QUERY_DEPTH 64

/* 1-based column in characters of byte offset `off`. */
static int column_of(const char *src, size_t off)
{
    int col = 1;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)src[i] & 0xC0) != 0x80)
            col++;
    return col;
}

static int syntax(const parser *p, size_t at, const char *what)
{
    return wp__err_at(WP_ESYNTAX, at, 1, column_of(p->src, at),
                      "query: %s at column %d", what, column_of(p->src, at));
}

/* Does s start with the 3-byte sequence t? Stops at a NUL in s. */
static bool starts3(const char *s, const char *t)
{
    return s[0] == t[0] && s[1] == t[1] && s[2] == t[2];
}

static bool is_space(const char *s, size_t *len)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
        *len = 1;
        return true;
    }
    if (starts3(s, "\xE3\x80\x80")) { /* U+3000 ideographic space */
        *len = 3;
        return true;
    }
    return false;
}

static void skip_ws(parser *p)
{
    size_t len;
    while (p->src[p->pos] != '\0' && is_space(p->src + p->pos, &len))
        p->pos += len;
}

/* Does a bare token end here? */
static bool bare_end(const char *s)
{
    size_t len;
    return *s == '\0' || *s == '(' || *s == ')' || is_space(s, &len);
}

/* An operator at s: ':' '=' '~' '<' '<=' '>' '>=' or full-width '：'. */
typedef enum { OP_NONE, OP_IS, OP_LIKE, OP_LT, OP_LE, OP_GT, OP_GE } opkind;

static opkind op_at(const char *s, size_t *len)
{
    *len = 1;
    switch (*s) {
    case ':':
    case '=':
        return OP_IS;
    case '~':
        return OP_LIKE;
    case '<':
        if (s[1] == '=')
            return *len = 2, OP_LE;
        return OP_LT;
    case '>':
        if (s[1] == '=')
            return *len = 2, OP_GE;
        return OP_GT;
    default:
        if (starts3(s, "\xEF\xBC\x9A"))
            return *len = 3, OP_IS;
        return OP_NONE;
    }
}

/* Read a value: "quoted" (with \" and \\) or bare. `*out` from wp__malloc. */
static int read_value(parser *p, char **out)
{
    const char *s = p->src;
    size_t start = p->pos, n = 0;
    char *buf;
    *out = NULL;
    if (s[p->pos] == '"') {
        size_t i = p->pos + 1, j = i;
        /* The closing quote bounds the copy (not the rest of the query:
         * that would make a query of many quoted terms quadratic). */
        while (s[j] != '\0' && s[j] != '"')
            j += s[j] == '\\' && (s[j + 1] == '"' || s[j + 1] == '\\') ? 2 : 1;
        buf = wp__malloc(j - i + 1);
        if (buf == NULL)
            return wp__err_nomem();
        for (;; i++) {
            if (s[i] == '\0') {
                wp__free(buf);
                return syntax(p, start, "unterminated quoted string: expected '\"'");
            }
            if (s[i] == '"')
                break;
            if (s[i] == '\\' && (s[i + 1] == '"' || s[i + 1] == '\\'))
                i++;
            buf[n++] = s[i];
        }
        buf[n] = '\0';
        p->pos = i + 1;
        if (!bare_end(s + p->pos)) {
            wp__free(buf);
            return syntax(p, p->pos, "expected a space or ')' after the quoted string");
        }
    } else {
        while (!bare_end(s + p->pos))
            p->pos++;
        n = p->pos - start;
        if (n == 0)
            return syntax(p, start, "expected a value");
        buf = wp__malloc(n + 1);
        if (buf == NULL)
            return wp__err_nomem();
        memcpy(buf, s + start, n);
        buf[n] = '\0';
    }
    *out = buf;
    return 0;
}

static bool keyword_at(const parser *p, const char *kw)
{
    size_t n = strlen(kw);
    return strncmp(p->src + p->pos, kw, n) == 0 && bare_end(p->src + p->pos + n);
}

/* ---- values -------------------------------------------------------------- */

/* A period YYYY, YYYY-MM or YYYY-MM-DD: its first and last day. */
static bool parse_period(const char *v, wp_date *first, wp_date *last)
{
    int y = 0, m = 0, d = 0;
    char tail;
    size_t len = strlen(v);
    if (len == 4 && sscanf(v, "%4d%c", &y, &tail) == 1) {
        *first = wp_date_make(y, 1, 1);
        *last = wp_date_make(y, 12, 31);
    } else if (len == 7 && sscanf(v, "%4d-%2d%c", &y, &m, &tail) == 2 && v[4] == '-') {
        *first = wp_date_make(y, m, 1);
        *last = wp_date_make(y, m, wp_date_days_in_month(y, m));
    } else if (len == 10 && v[4] == '-' && v[7] == '-' &&
               sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3) {
        *first = *last = wp_date_make(y, m, d);
    } else {
        return false;
    }
    for (size_t i = 0; i < len; i++)
        if (!(v[i] >= '0' && v[i] <= '9') && v[i] != '-')
            return false;
    return *first != WP_DATE_NONE && *last != WP_DATE_NONE;
}

static wp_date day_before(wp_date d)
{
    int y = wp_date_year(d), m = wp_date_month(d), day = wp_date_day(d);
    if (day > 1)
        return wp_date_make(y, m, day - 1);
    if (m > 1)
        return wp_date_make(y, m - 1, wp_date_days_in_month(y, m - 1));
    return y > 1 ? wp_date_make(y - 1, 12, 31) : WP_DATE_NONE;
}

static wp_date day_after(wp_date d)
{
    int y = wp_date_year(d), m = wp_date_month(d), day = wp_date_day(d);
    if (day < wp_date_days_in_month(y, m))
        return wp_date_make(y, m, day + 1);
    if (m < 12)
        return wp_date_make(y, m + 1, 1);
    return y < 9999 ? wp_date_make(y + 1, 1, 1) : WP_DATE_NONE;
}

static bool parse_number(const char *v, double *out)
{
    char *end;
    *out = strtod(v, &end);
    return *v != '\0' && *end == '\0' && isfinite(*out);
}

static int parse_role(const char *v, int *out)
{
    static const struct { const char *name; int role; } zh[] = {
        {"牵头", WP_ROLE_LEAD},       {"配合", WP_ROLE_SUPPORT},
        {"协办", WP_ROLE_SUPPORT},    {"参与", WP_ROLE_SUPPORT},
        {"责任", WP_ROLE_RESPONSIBLE},
    };
    wp_role r;
    for (size_t i = 0; i < sizeof zh / sizeof zh[0]; i++)
        if (strcmp(v, zh[i].name) == 0)
            return *out = zh[i].role, 0;
    if (wp_role_parse(&r, v) < 0)
        return -1;
    *out = (int)r;
    return 0;
}

/* ---- one `and` group ----------------------------------------------------- */

/* What a group collects before it becomes predicates. */
typedef struct group {
    wp_query *acc;        /* AND of the plain predicates so far */
    wp_query *units[WP__GROUP_UNITS]; /* unit: terms of this group (also in acc) */
    int n_units;
    int role;             /* role: of the group, -1 none */
    size_t role_at;
    bool ind;             /* an indicator predicate is wanted */
    wp_indicator_filter f;
    char *ind_unit;
} group;

static int add(group *g, wp_query *q)
{
    if (g->acc == NULL) {
        g->acc = q;
        return 0;
    }
    return wp_query_and(&g->acc, g->acc, q);
}

/* A comma list of enum names into an OR of leaves. */
static int enum_list(parser *p, wp_query **out, const char *v, size_t at, bool status)
{
    char name[64], msg[200];
    const char *s = v;
    wp_query *acc = NULL;
    int rc;
    *out = NULL;
    /* Several values make an OR that prints as a group: (kind:point OR
     * kind:task). Counted as a level here, so that the printed query parses
     * back wherever this one did (64 negations of a list did not: found by
     * fuzz_query). */
    if (strchr(v, ',') != NULL && p->depth >= MAX_QUERY_DEPTH)
        return syntax(p, at, "query nested too deeply");
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        wp_query *leaf = NULL;
        int value = -1;
        if (n > 0 && n < sizeof name) {
            memcpy(name, s, n);
            name[n] = '\0';
            if (status) {
                wp_status st;
                if (wp_status_parse(&st, name) == 0)
                    value = (int)st;
            } else {
                wp_node_kind k;
                if (wp_node_kind_parse(&k, name) == 0)
                    value = (int)k;
            }
        }
        if (value < 0) {
            snprintf(msg, sizeof msg, "unknown %s '%.*s' (expected %s)",
                     status ? "status" : "node kind", (int)(n < 40 ? n : 40), s,
                     status ? "not_started, in_progress, done, delayed, extended or cancelled"
                            : "section, subsection, point, item, task, paragraph or attachment");
            wp_query_free(acc);
            return syntax(p, at + (size_t)(s - v), msg);
        }
        rc = status ? wp_query_status(&leaf, (wp_status)value)
                    : wp_query_kind(&leaf, (wp_node_kind)value);
        if (rc == 0 && acc != NULL) {
            rc = wp_query_or(&leaf, acc, leaf); /* frees both on failure */
            acc = NULL;
        }
        if (rc < 0) {
            wp_query_free(acc);
            return rc;
        }
        acc = leaf;
        if (comma == NULL)
            break;
        s = comma + 1;
    }
    *out = acc;
    return 0;
}

static const char *const FIELDS =
    "kind, unit, own.unit, role, text, status, category, under, due, overdue, has, "
    "ind.op, ind.unit, value or attr.KEY";

/* Parse `field op value` (field already read) into the group. */
static int field_term(parser *p, group *g, const char *field, size_t at, opkind op,
                      const char *v, size_t vat, wp_query **standalone)
{
    wp_query *q = NULL;
    int rc = 0;
    bool cmp_ok = strcmp(field, "due") == 0 || strcmp(field, "value") == 0;
    *standalone = NULL;
    if (op != OP_IS && !cmp_ok && !(op == OP_LIKE && strcmp(field, "text") == 0))
        return syntax(p, at, "this field takes ':' (only due and value compare with "
                             "< <= > >=, only text takes '~')");
    if (strcmp(field, "kind") == 0 || strcmp(field, "status") == 0) {
        rc = enum_list(p, &q, v, vat, field[0] == 's');
    } else if (strcmp(field, "unit") == 0 || strcmp(field, "own.unit") == 0) {
        bool own = field[0] == 'o';
        if (g != NULL && g->n_units == (int)(sizeof g->units / sizeof g->units[0]))
            return syntax(p, at, "too many unit: terms in one group (use parentheses)");
        rc = wp_query_unit_ex(&q, strcmp(v, "*") == 0 ? NULL : v, -1,
                              own ? WP_ASSIGN_OWN : 0);
        if (rc == 0 && g != NULL)
            g->units[g->n_units++] = q;
    } else if (strcmp(field, "role") == 0) {
        int role;
        if (parse_role(v, &role) < 0)
            return syntax(p, vat, "unknown role (expected lead, support or responsible)");
        if (g == NULL) /* negated: any assignment with this role */
            rc = wp_query_unit(&q, NULL, role);
        else if (g->role >= 0)
            return syntax(p, at, "role given twice in one group");
        else
            g->role = role, g->role_at = at;
    } else if (strcmp(field, "text") == 0) {
        unsigned flags = op == OP_LIKE ? WP_TEXT_WIDTH | (wp__have_opencc() ? WP_TEXT_SCRIPT : 0)
                                       : 0;
        rc = wp_query_text(&q, v, flags);
    } else if (strcmp(field, "category") == 0) {
        rc = wp_query_category(&q, v);
    } else if (strcmp(field, "under") == 0) {
        rc = wp_query_under(&q, v);
    } else if (strcmp(field, "due") == 0) {
        wp_date first, last;
        if (!parse_period(v, &first, &last))
            return syntax(p, vat, "expected a date YYYY, YYYY-MM or YYYY-MM-DD");
        switch (op) {
        case OP_IS: /* prints as two terms, grouped under a negation: a level */
            if (p->depth >= MAX_QUERY_DEPTH)
                return syntax(p, at, "query nested too deeply");
            rc = wp_query_due(&q, first, last);
            break;
        case OP_LE: rc = wp_query_due(&q, 0, last); break;
        case OP_LT: rc = (first = day_before(first)) == WP_DATE_NONE
                             ? syntax(p, vat, "date out of range")
                             : wp_query_due(&q, 0, first);
            break;
        case OP_GE: rc = wp_query_due(&q, first, 0); break;
        case OP_GT: rc = (last = day_after(last)) == WP_DATE_NONE
                             ? syntax(p, vat, "date out of range")
                             : wp_query_due(&q, last, 0);
            break;
        default: return syntax(p, at, "due takes : < <= > >=");
        }
    } else if (strcmp(field, "overdue") == 0) {
        wp_date d;
        if (strlen(v) != 10 || wp_date_parse(&d, v) < 0)
            return syntax(p, vat, "expected a date YYYY-MM-DD");
        rc = wp_query_overdue(&q, d);
    } else if (strcmp(field, "has") == 0) {
        if (strcmp(v, "indicator") == 0) {
            if (g != NULL)
                g->ind = true;
            else
                rc = wp_query_indicator(&q, NULL);
        } else if (strcmp(v, "deadline") == 0) {
            rc = wp_query_due(&q, 0, 0);
        } else if (strcmp(v, "assignment") == 0) {
            rc = wp_query_unit(&q, NULL, -1);
        } else {
            return syntax(p, vat, "expected indicator, deadline or assignment after has:");
        }
    } else if (strcmp(field, "ind.op") == 0 || strcmp(field, "ind.unit") == 0 ||
               strcmp(field, "value") == 0) {
        group tmp;
        group *t = g;
        if (t == NULL) { /* negated: a predicate of its own */
            memset(&tmp, 0, sizeof tmp);
            tmp.f = (wp_indicator_filter)WP_INDICATOR_FILTER_INIT;
            t = &tmp;
        }
        t->ind = true;
        if (field[4] == 'o') {
            wp_op o;
            if (wp_op_parse(&o, v) < 0)
                return syntax(p, vat, "unknown indicator op (expected eq, ge, gt, le, lt, "
                                      "approx or range)");
            if (t->f.op >= 0 && t->f.op != (int)o)
                return syntax(p, at, "ind.op given twice in one group");
            t->f.op = (int)o;
        } else if (field[4] == 'u') {
            if (t->ind_unit != NULL)
                return syntax(p, at, "ind.unit given twice in one group");
            if ((rc = wp__check_utf8(v, strlen(v), "indicator unit")) < 0)
                return rc;
            if ((t->ind_unit = wp__malloc(strlen(v) + 1)) == NULL)
                return wp__err_nomem();
            strcpy(t->ind_unit, v);
        } else {
            double x;
            if (!parse_number(v, &x))
                return syntax(p, vat, "expected a number");
            if (op == OP_GT)
                x = nextafter(x, INFINITY);
            if (op == OP_LT)
                x = nextafter(x, -INFINITY);
            if (op == OP_IS || op == OP_GE || op == OP_GT)
                t->f.min = isnan(t->f.min) ? x : fmax(t->f.min, x);
            if (op == OP_IS || op == OP_LE || op == OP_LT)
                t->f.max = isnan(t->f.max) ? x : fmin(t->f.max, x);
        }
        if (t == &tmp) {
            tmp.f.unit = tmp.ind_unit;
            rc = wp_query_indicator(&q, &tmp.f);
            wp__free(tmp.ind_unit);
        }
    } else if (strncmp(field, "attr.", 5) == 0 && field[5] != '\0') {
        rc = wp__query_attr_text(&q, field + 5, v);
    } else {
        char msg[200];
        snprintf(msg, sizeof msg, "unknown field (expected %s; quote text that contains ':')",
                 FIELDS);
        return syntax(p, at, msg);
    }
    if (rc < 0)
        return rc;
    *standalone = q;
    return 0;
}

/* ---- recursive descent --------------------------------------------------- */

static int parse_or(parser *p, wp_query **out);

/* A term: field op value, or a bare value. Into `g` (NULL: standalone). */
static int parse_term(parser *p, group *g, wp_query **out)
{
    const char *s = p->src;
    size_t at = p->pos, i = p->pos, oplen;
    opkind op = OP_NONE;
    char *value = NULL, *field = NULL;
    int rc;
    *out = NULL;
    if (s[i] != '"') {
        /* A field is a run of non-space, non-operator bytes before an operator. */
        while (!bare_end(s + i) && (op = op_at(s + i, &oplen)) == OP_NONE && s[i] != '"')
            i++;
    }
    if (op == OP_NONE || i == at) {
        if (op != OP_NONE && i == at)
            return syntax(p, at, "expected a field name before the operator");
        if (strcmp(s + at, "*") == 0 || (s[at] == '*' && bare_end(s + at + 1))) {
            p->pos = at + 1;
            return wp_query_all(out);
        }
        if ((rc = read_value(p, &value)) < 0)
            return rc;
        rc = wp_query_text(out, value, 0);
        wp__free(value);
        return rc;
    }
    if ((field = wp__malloc(i - at + 1)) == NULL)
        return wp__err_nomem();
    memcpy(field, s + at, i - at);
    field[i - at] = '\0';
    p->pos = i + oplen;
    if (bare_end(s + p->pos) && s[p->pos] != '"') {
        wp__free(field);
        return syntax(p, p->pos, "expected a value after the operator");
    }
    {
        size_t vat = p->pos;
        if ((rc = read_value(p, &value)) == 0)
            rc = field_term(p, g, field, at, op, value, vat, out);
    }
    wp__free(field);
    wp__free(value);
    return rc;
}

static int parse_unary(parser *p, group *g, wp_query **out)
{
    int rc;
    *out = NULL;
    skip_ws(p);
    if (p->src[p->pos] == '-' || keyword_at(p, "NOT")) {
        wp_query *inner;
        size_t at = p->pos;
        p->pos += p->src[p->pos] == '-' ? 1 : 3;
        if (p->src[at] == '-' && bare_end(p->src + p->pos) && p->src[p->pos] != '(')
            return syntax(p, p->pos, "expected a term after '-'");
        skip_ws(p);
        if (p->src[p->pos] == '\0' || p->src[p->pos] == ')')
            return syntax(p, p->pos, "expected a term to negate");
        if (++p->depth > MAX_QUERY_DEPTH)
            return syntax(p, at, "query nested too deeply");
        rc = parse_unary(p, NULL, &inner);
        p->depth--;
        if (rc < 0)
            return rc;
        if (inner == NULL)
            return syntax(p, p->pos, "expected a term to negate");
        return wp_query_not(out, inner);
    }
    if (p->src[p->pos] == '(') {
        size_t at = p->pos++;
        if (++p->depth > MAX_QUERY_DEPTH)
            return syntax(p, at, "query nested too deeply");
        rc = parse_or(p, out);
        p->depth--;
        if (rc < 0)
            return rc;
        skip_ws(p);
        if (p->src[p->pos] != ')') {
            wp_query_free(*out);
            *out = NULL;
            return syntax(p, p->pos, "expected ')'");
        }
        p->pos++;
        if (*out == NULL)
            return syntax(p, at, "empty parentheses: expected a term");
        return 0;
    }
    if (p->src[p->pos] == ')')
        return syntax(p, p->pos, "unexpected ')'");
    return parse_term(p, g, out);
}

static bool at_group_end(parser *p)
{
    skip_ws(p);
    return p->src[p->pos] == '\0' || p->src[p->pos] == ')' || keyword_at(p, "OR") ||
           p->src[p->pos] == '|';
}

/* Close a group: apply role: to its units, build the indicator predicate. */
static int finish_group(parser *p, group *g, wp_query **out)
{
    int rc = 0;
    if (g->role >= 0) {
        if (g->n_units == 0) {
            wp_query *q;
            if ((rc = wp_query_unit(&q, NULL, g->role)) == 0)
                rc = add(g, q);
        } else {
            for (int i = 0; i < g->n_units; i++)
                g->units[i]->role = g->role;
        }
    }
    if (rc == 0 && g->ind) {
        wp_query *q;
        g->f.unit = g->ind_unit;
        if ((rc = wp_query_indicator(&q, &g->f)) == 0)
            rc = add(g, q);
    }
    wp__free(g->ind_unit);
    g->ind_unit = NULL;
    if (rc < 0) {
        wp_query_free(g->acc);
        g->acc = NULL;
        return rc;
    }
    (void)p;
    *out = g->acc;
    return 0;
}

static int parse_and(parser *p, wp_query **out)
{
    group g;
    int rc = 0;
    memset(&g, 0, sizeof g);
    g.role = -1;
    g.f = (wp_indicator_filter)WP_INDICATOR_FILTER_INIT;
    *out = NULL;
    while (!at_group_end(p)) {
        wp_query *q;
        if (keyword_at(p, "AND")) {
            size_t at = p->pos;
            p->pos += 3;
            if (at_group_end(p)) {
                rc = syntax(p, at, "expected a term after AND");
                break;
            }
        }
        if ((rc = parse_unary(p, &g, &q)) < 0)
            break;
        if (q != NULL && (rc = add(&g, q)) < 0)
            break;
    }
    if (rc < 0) {
        wp__free(g.ind_unit);
        wp_query_free(g.acc);
        return rc;
    }
    return finish_group(p, &g, out);
}

static int parse_or(parser *p, wp_query **out)
{
    wp_query *left = NULL, *right;
    int rc;
    *out = NULL;
    if ((rc = parse_and(p, &left)) < 0)
        return rc;
    for (;;) {
        size_t at;
        skip_ws(p);
        if (!(keyword_at(p, "OR") || p->src[p->pos] == '|'))
            break;
        at = p->pos;
        p->pos += p->src[p->pos] == '|' ? 1 : 2;
        if (left == NULL) {
            return syntax(p, at, "expected a term before OR");
        }
        if ((rc = parse_and(p, &right)) < 0) {
            wp_query_free(left);
            return rc;
        }
        if (right == NULL) {
            wp_query_free(left);
            return syntax(p, p->pos, "expected a term after OR");
        }
        if ((rc = wp_query_or(&left, left, right)) < 0)
            return rc;
    }
    *out = left;
    return 0;
}

int wp_query_parse(wp_query **out, const char *text)
{
    parser p = {text, 0, 0};
    wp_query *q;
    int rc;
    if (out == NULL || text == NULL)
        return wp__err(WP_EINVAL, "wp_query_parse: NULL argument");
    *out = NULL;
    {
        size_t len = strlen(text);
        if (len > WP_LIMIT_QUERY_BYTES)
            return wp__err(WP_ELIMIT, "query: %zu bytes, more than the limit of %zu "
                                      "(WP_LIMIT_QUERY_BYTES)", len, (size_t)WP_LIMIT_QUERY_BYTES);
        if ((rc = wp__check_utf8(text, len, "query")) < 0)
            return rc;
    }
    if ((rc = parse_or(&p, &q)) < 0)
        return rc;
    skip_ws(&p);
    if (text[p.pos] != '\0') {
        wp_query_free(q);
        return syntax(&p, p.pos, "unexpected ')'");
    }
    if (q == NULL)
        return wp_query_all(out);
    *out = q;
    return 0;
}
