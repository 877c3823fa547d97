/*
 * Import: responsibility — trailing annotations such as （牵头部室：办公室、
 * 学会部）, the unit registry with aliases, and task tables
 * (序号 / 类别 / 重点任务 / 责任部室（单位）).
 */
#include "importx.h"
#include "lexicon.h"
#include "textnorm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- units --------------------------------------------------------------- */

/* a then b into dst[cap], cut at cap - 1 bytes as snprintf(dst, cap,
 * "%s%s", a, b) cuts (without its cost: called for every unit name);
 * returns the length. */
static size_t join2(char *dst, size_t cap, const char *a, size_t al, const char *b, size_t bl)
{
    if (al > cap - 1)
        al = cap - 1;
    if (bl > cap - 1 - al)
        bl = cap - 1 - al;
    memcpy(dst, a, al);
    memcpy(dst + al, b, bl);
    dst[al + bl] = '\0';
    return al + bl;
}

/* Find or add a unit; names that differ by a leading 市 (or 省, 区, 县:
 * the issuer's own level) or by script are aliases of one unit. */
static wp_unit *unit_for(wp__imp *im, const char *folded)
{
    char name[256];
    static const char *const levels[] = {"市", "省", "区", "县"};
    wp_unit *u, *other = NULL;
    char *simp = NULL;
    const char *printed = wp__imp_printed(im, folded);
    size_t name_len = join2(name, sizeof name, printed, strlen(printed), "", 0); /* as printed */
    u = wp__unit_find_exact(im->plan, name);
    if (u != NULL)
        return u;
    for (size_t i = 0; i < sizeof levels / sizeof levels[0] && other == NULL; i++) {
        char buf[256];
        if (wp__starts(folded, levels[i]) && name_len > 6)
            other = wp__unit_find_exact(im->plan, name + 3);
        if (other == NULL && name_len > 3) {
            join2(buf, sizeof buf, levels[i], strlen(levels[i]), name, name_len);
            other = wp__unit_find_exact(im->plan, buf);
        }
    }
    if (other == NULL && im->t2s != NULL) {
        int rc = wp__textnorm(&simp, name, WP_TEXT_SCRIPT, im->t2s);
        if (rc == WP_ENOMEM) {
            wp__imp_fail(im, rc);
            return NULL;
        }
        if (rc == 0 && strcmp(simp, name) != 0)
            other = wp__unit_find_exact(im->plan, simp);
    }
    wp__free(simp);
    wp_error_clear();
    if (other != NULL) {
        if (wp__imp_fail(im, wp_unit_add_alias(other, name)) < 0)
            return NULL;
        return other;
    }
    if (wp__imp_fail(im, wp_unit_add(&u, im->plan, name, NULL)) < 0)
        return NULL;
    return u;
}

static bool is_sep(uint32_t cp)
{
    return cp == 0x3001 /* 、 */ || cp == 0xFF0C /* ， */ || cp == ',' || cp == 0xFF1B ||
           cp == ';' || cp == ' '; /* not 和/及: 科学技术普及部 */
}

void wp__imp_assign_list(wp__imp *im, wp_node *node, const char *list, size_t len,
                         wp_role role, int line)
{
    size_t i = 0;
    while (i < len && im->rc == 0) {
        size_t start, n, depth = 0;
        char name[256];
        while (i < len && is_sep(wp__cp(list + i, &n)))
            i += n;
        start = i;
        while (i < len) {
            uint32_t cp;
            if ((unsigned char)list[i] - 0xE4u <= 0x5u) {
                i += 3; /* U+4000..U+9FFF: no separator, no bracket */
                continue;
            }
            cp = wp__cp(list + i, &n);
            if (cp == 0xFF08 || cp == '(')
                depth++;
            else if ((cp == 0xFF09 || cp == ')') && depth > 0)
                depth--;
            else if (depth == 0 && is_sep(cp))
                break;
            i += n;
        }
        if (i > start && i - start < sizeof name) {
            wp_unit *u;
            size_t k;
            memcpy(name, list + start, i - start);
            name[i - start] = '\0';
            /* 等 at the end of a list: 办公室等 → 办公室 */
            k = strlen(name);
            if (k > 3 && strcmp(name + k - 3, "等") == 0)
                name[k - 3] = '\0';
            if (name[0] == '\0')
                continue;
            if ((u = unit_for(im, name)) == NULL)
                return;
            {
                int rc = wp_node_assign(node, u, role, im->person[0] ? im->person : NULL);
                im->person[0] = '\0';
                if (rc == WP_EEXISTS) {
                    wp_error_clear();
                    continue;
                }
                if (wp__imp_fail(im, rc) < 0)
                    return;
            }
            im->rep->counts[WP_IMPORT_ASSIGNMENTS]++;
        } else if (i > start) {
            wp__imp_warn(im, line, "unit name too long, skipped");
        }
    }
}

#define KEY_PERSON (-2)

/* Role of an annotation key (lexicon.c): lead, support, responsible,
 * KEY_PERSON for a person (牵头领导, 联系人), -1 if not a key. */
static int key_role(const char *key, size_t len) { return wp__lex_role_key(key, len); }

/* Does s start with a key and its colon (配合部室：)? */
static bool keyed_at(const char *s, size_t len)
{
    for (size_t i = 0, n; i < len && i <= 18; i += n) {
        uint32_t cp = wp__cp(s + i, &n);
        if (n == 0)
            return false;
        if (cp == 0xFF1A || cp == ':')
            return i > 0 && key_role(s, i) != -1;
    }
    return false;
}

/* What the checking pass of parse_annotation found, in order, for the
 * applying pass to replay without parsing again: a person (role
 * KEY_PERSON, s[0..len) the name) or a list of units with its role. */
typedef struct ann_steps {
    struct ann_step {
        const char *s;
        size_t len;
        int role;
    } at[32];
    size_t n;
    bool full; /* more steps than at[] holds: parse again to apply */
} ann_steps;

static void record(ann_steps *st, const char *s, size_t len, int role)
{
    if (st == NULL)
        return;
    if (st->n == sizeof st->at / sizeof st->at[0]) {
        st->full = true;
        return;
    }
    st->at[st->n].s = s;
    st->at[st->n].len = len;
    st->at[st->n++].role = role;
}

/* Apply what a checking pass recorded: as parse_annotation(apply) does. */
static void replay(wp__imp *im, wp_node *node, const ann_steps *st, int line)
{
    for (size_t k = 0; k < st->n; k++) {
        const struct ann_step *a = &st->at[k];
        if (a->role == KEY_PERSON) {
            if (a->len < sizeof im->person) {
                memcpy(im->person, a->s, a->len);
                im->person[a->len] = '\0';
            }
            continue;
        }
        wp__imp_assign_list(im, node, a->s, a->len, (wp_role)a->role, line);
    }
}

/* Parse the inside of an annotation: "牵头部室：A、B；配合单位：C" or
 * "A牵头，B配合". Returns false if it is not an annotation. When only
 * checking (!apply), the assignments it would make are recorded in st
 * (when not NULL). */
static bool parse_annotation(wp__imp *im, wp_node *node, const char *s, size_t len, bool apply,
                             int line, ann_steps *st)
{
    size_t i = 0;
    bool any = false, lead_seen = false;
    while (i < len) {
        /* A segment runs to ； or ; (or the end). */
        size_t start = i, end, n, colon = 0, colon_len = 0;
        while (i < len) {
            uint32_t cp;
            if ((unsigned char)s[i] - 0xE4u <= 0x5u) {
                i += 3; /* U+4000..U+9FFF: none of the characters below */
                continue;
            }
            cp = wp__cp(s + i, &n);
            if (cp == 0xFF1B || cp == ';')
                break;
            if (colon > 0 && (cp == 0xFF0C || cp == ',') && keyed_at(s + i + n, len - i - n))
                break; /* 牵头部室：A，配合部室：B */
            if (colon == 0 && (cp == 0xFF1A || cp == ':'))
                colon = i, colon_len = n;
            i += n;
        }
        end = i;
        if (i < len)
            i += wp__cp(s + i, &n) ? n : 1;
        if (colon > 0) {
            int role = key_role(s + start, colon - start);
            if (role == -1 || colon - start > 18)
                return false;
            if (role == KEY_PERSON) {
                /* A person: given to the first unit this annotation names. */
                size_t pl = end - colon - colon_len;
                if (pl < sizeof im->person) { /* also when only checking: it may
                                               * come after the units */
                    memcpy(im->person, s + colon + colon_len, pl);
                    im->person[pl] = '\0';
                }
                record(st, s + colon + colon_len, pl, KEY_PERSON);
                continue;
            }
            if (apply)
                wp__imp_assign_list(im, node, s + colon + colon_len, end - colon - colon_len,
                                    (wp_role)role, line);
            else
                record(st, s + colon + colon_len, end - colon - colon_len, role);
            any = true;
        } else {
            /* "A、B牵头，C配合": the role word ends a comma-separated part. */
            size_t j = start;
            while (j < end) {
                size_t ps = j, pe;
                int role = -1;
                while (j < end) {
                    uint32_t cp = wp__cp(s + j, &n);
                    if (cp == 0xFF0C || cp == ',')
                        break;
                    j += n;
                }
                pe = j;
                if (j < end)
                    j += n;
                for (size_t t = 0; wp__lex_role_tail[t].word != NULL; t++) {
                    const char *w = wp__lex_role_tail[t].word;
                    size_t wl = wp__lex_role_tail[t].len;
                    if (pe - ps > wl && s[pe - wl] == w[0] && strncmp(s + pe - wl, w, wl) == 0) {
                        role = wp__lex_role_tail[t].role;
                        /* C按职责分工负责 after a lead supports it; alone, C
                         * is responsible. */
                        if (role == WP_ROLE_SUPPORT && strstr(w, "负责") != NULL && !lead_seen)
                            role = WP_ROLE_RESPONSIBLE;
                        pe -= wl;
                        break;
                    }
                }
                if (role == WP_ROLE_LEAD)
                    lead_seen = true;
                if (role < 0)
                    return false;
                if (apply)
                    wp__imp_assign_list(im, node, s + ps, pe - ps, (wp_role)role, line);
                else
                    record(st, s + ps, pe - ps, role);
                any = true;
            }
        }
    }
    return any;
}

const char *wp__imp_annotation(wp__imp *im, wp_node *node, const char *text, int line)
{
    size_t len = strlen(text), n;
    const char *end = text + len, *open = NULL;
    int depth = 0;
    /* Skip trailing punctuation after the closing parenthesis: "…（牵头：A）。" */
    while (end > text) {
        const char *p = end - 1;
        while (p > text && ((unsigned char)*p & 0xC0) == 0x80)
            p--;
        uint32_t cp = wp__cp(p, &n);
        if (cp == 0x3002 || cp == 0xFF1B || cp == ';' || cp == ' ' || cp == '.')
            end = p;
        else
            break;
    }
    if (end == text)
        return NULL;
    {
        const char *p = end - 1;
        while (p > text && ((unsigned char)*p & 0xC0) == 0x80)
            p--;
        uint32_t cp = wp__cp(p, &n);
        if (cp != 0xFF09 && cp != ')' && cp != 0x3011 /* 】 */)
            return NULL;
        /* Find the matching opening parenthesis, byte by byte from the
         * end: ( ) are ASCII, （ ） are EF BC 88/89 and 【 】 E3 80 90/91,
         * whose last bytes end no other character (EF and E3 lead only). */
        for (const unsigned char *q = (const unsigned char *)p + n - 1,
                                 *t = (const unsigned char *)text;
             q >= t; q--) {
            unsigned char b = *q;
            int d;
            if (b == ')')
                d = 1;
            else if (b == '(')
                d = -1;
            else if (b >= 0x88 && b <= 0x91 && q - t >= 2 &&
                     ((q[-2] == 0xEF && q[-1] == 0xBC && (b == 0x88 || b == 0x89)) ||
                      (q[-2] == 0xE3 && q[-1] == 0x80 && (b == 0x90 || b == 0x91)))) {
                q -= 2;
                d = b == 0x89 || b == 0x91 ? 1 : -1;
            } else {
                continue;
            }
            if (d > 0)
                depth++;
            else if (--depth == 0) {
                open = (const char *)q;
                break;
            }
        }
        if (open == NULL)
            return NULL;
        {
            size_t ol;
            const char *inner;
            wp__cp(open, &ol);
            inner = open + ol;
            ann_steps st;
            st.n = 0, st.full = false;
            if (!parse_annotation(im, node, inner, (size_t)(p - inner), false, line, &st)) {
                im->person[0] = '\0';
                return NULL;
            }
            if (st.full)
                parse_annotation(im, node, inner, (size_t)(p - inner), true, line, NULL);
            else
                replay(im, node, &st, line);
            im->person[0] = '\0'; /* a person without a unit is not kept */
        }
    }
    return open;
}

bool wp__imp_annotation_line(wp__imp *im, wp_node *node, const char *text, int line)
{
    size_t len = strlen(text), n;
    /* Without its closing punctuation: "牵头单位：市科技馆。" */
    while (len > 0) {
        size_t k = len - 1;
        while (k > 0 && ((unsigned char)text[k] & 0xC0) == 0x80)
            k--;
        uint32_t cp = wp__cp(text + k, &n);
        if (cp != 0x3002 && cp != 0xFF1B && cp != ';' && cp != ' ')
            break;
        len = k;
    }
    /* Only the keyed form: a sentence ending in 配合 is not an annotation. */
    {
        const char *c1 = strstr(text, "："), *c2 = strchr(text, ':');
        const char *colon = c1 && (!c2 || c1 < c2) ? c1 : c2;
        if (colon == NULL || colon - text > 18)
            return false;
    }
    {
        ann_steps st;
        st.n = 0, st.full = false;
        if (len == 0 || !parse_annotation(im, node, text, len, false, line, &st)) {
            im->person[0] = '\0';
            return false;
        }
        if (st.full)
            parse_annotation(im, node, text, len, true, line, NULL);
        else
            replay(im, node, &st, line);
    }
    im->person[0] = '\0';
    return true;
}

/* ---- tables -------------------------------------------------------------- */

typedef struct cells {
    char *cell[8];
    int n;
    int col[8]; /* display column where each cell starts (one-line rows) */
} cells;

static void free_cells(cells *c)
{
    for (int i = 0; i < c->n; i++)
        wp__free(c->cell[i]);
    c->n = 0;
}

static bool push_cell(cells *c, const char *s, size_t len)
{
    char *copy;
    if (c->n == 8)
        return true; /* extra columns are ignored */
    while (len > 0 && s[len - 1] == ' ')
        len--;
    while (len > 0 && *s == ' ')
        s++, len--;
    if ((copy = wp__malloc(len + 1)) == NULL)
        return false;
    {
        /* HTML tags around cells copied from a page source (<p>1, </td>). */
        size_t o = 0;
        for (size_t k = 0; k < len;) {
            if (s[k] == '<' && k + 1 < len &&
                (s[k + 1] == '/' || (s[k + 1] >= 'a' && s[k + 1] <= 'z') ||
                 (s[k + 1] >= 'A' && s[k + 1] <= 'Z'))) {
                size_t e = k + 1;
                while (e < len && s[e] != '>' && s[e] != '<')
                    e++;
                if (e < len && s[e] == '>') {
                    k = e + 1;
                    continue;
                }
            }
            copy[o++] = s[k++];
        }
        while (o > 0 && copy[o - 1] == ' ')
            o--;
        copy[o] = '\0';
    }
    c->cell[c->n++] = copy;
    return true;
}

/* Display width of raw[0..i): CJK counts 2, a tab moves to the next 8. */
static int display_col(const char *s, size_t i)
{
    int col = 0;
    for (size_t k = 0; k < i;) {
        size_t n;
        uint32_t cp = wp__cp(s + k, &n);
        if (n == 0)
            break;
        if (cp == '\t')
            col = (col / 8 + 1) * 8;
        else
            col += utf8proc_charwidth((utf8proc_int32_t)cp) > 1 ? 2 : 1;
        k += n;
    }
    return col;
}

/* A row on one line. With tabs, each tab separates two cells (a blank cell
 * stays, so columns keep their places); otherwise cells are separated by
 * runs of 2+ spaces or U+3000 and placed later by display column. */
static bool split_row(const wp__line *ln, cells *c, bool *tabbed)
{
    const char *s = ln->raw;
    size_t len = ln->raw_len, i = 0;
    *tabbed = memchr(s, '\t', len) != NULL;
    if (*tabbed) {
        while (i <= len) {
            const char *tab = memchr(s + i, '\t', len - i);
            size_t end = tab ? (size_t)(tab - s) : len;
            if (c->n < 8)
                c->col[c->n] = display_col(s, i);
            if (!push_cell(c, s + i, end - i))
                return false;
            i = end + 1;
        }
        return true;
    }
    while (i < len) {
        size_t start, end;
        while (i < len && s[i] == ' ')
            i++;
        start = i;
        if (c->n < 8)
            c->col[c->n] = display_col(s, start);
        while (i < len && !(s[i] == ' ' && i + 1 < len && s[i + 1] == ' ') &&
               !(i + 3 <= len && memcmp(s + i, "\xE3\x80\x80", 3) == 0))
            i++;
        end = i;
        if (end > start && !push_cell(c, s + start, end - start))
            return false;
        if (i + 3 <= len && memcmp(s + i, "\xE3\x80\x80", 3) == 0)
            i += 3;
    }
    return true;
}

typedef struct columns {
    int seq, category, task, units, support, due, n;
    int hcol[8];     /* display column of each header cell (one-line rows) */
    bool lead_first; /* the units column says 牵头 */
} columns;

static bool header(wp__imp *im, const cells *c, columns *col)
{
    memset(col, -1, sizeof *col);
    col->n = c->n;
    col->lead_first = false;
    for (int i = 0; i < c->n; i++) {
        char *folded = NULL;
        const char *h = c->cell[i];
        /* Cells are read from the printed line: fold a Traditional header
         * (序號, 責任單位) to match the lexicon's words. */
        if (im->traditional && im->t2s != NULL &&
            wp__textnorm(&folded, h, WP_TEXT_SCRIPT, im->t2s) == 0)
            h = folded;
        else
            wp_error_clear();
        if (strstr(h, "序号"))
            col->seq = i;
        else if (strstr(h, "类别") || strstr(h, "类型") || strstr(h, "领域"))
            col->category = i;
        else if (strstr(h, "配合") || strstr(h, "协办") || strstr(h, "协助"))
            col->support = i;
        else if (strstr(h, "责任") || strstr(h, "牵头") || strstr(h, "负责") || strstr(h, "主办"))
            col->units = i, col->lead_first = strstr(h, "牵头") != NULL;
        else if (strstr(h, "时限") || strstr(h, "时间") || strstr(h, "期限"))
            col->due = i;
        else if (strstr(h, "任务") || strstr(h, "内容") || strstr(h, "事项") || strstr(h, "措施")) {
            /* 重点任务 then 具体措施: the first groups the rows (often a
             * merged cell), like a category; the last is the task. */
            if (col->task >= 0 && col->category < 0)
                col->category = col->task;
            col->task = i;
        } else if ((strstr(h, "工作") || strstr(h, "项目")) && col->task < 0 &&
                   strstr(h, "情况") == NULL) {
            col->task = i; /* 重点工作, 项目名称 (a status table) */
        }
        wp__free(folded);
    }
    return col->seq >= 0 && col->task >= 0 && col->units >= 0;
}

static bool is_number(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* A cell whose lines repeat one text (a merged cell copied): keep one. */
static void dedupe_cell(char *s)
{
    size_t len = strlen(s), half;
    /* "X  X" or "X X": the same text twice around spaces. */
    for (half = len / 2; half > 0; half--) {
        size_t rest = half;
        while (rest < len && s[rest] == ' ')
            rest++;
        if (len - rest == half && memcmp(s, s + rest, half) == 0) {
            s[half] = '\0';
            return;
        }
    }
}

static void add_row(wp__imp *im, wp_node *att, const columns *col, cells *c, char *category,
                    size_t cat_cap, int line)
{
    wp_node *row;
    const char *task = col->task < c->n ? c->cell[col->task] : "";
    if (*task == '\0') {
        wp__imp_warn(im, line, "table row without a task, skipped");
        return;
    }
    if (wp__imp_fail(im, wp_node_new(&row, im->plan, WP_NODE_TASK)) < 0)
        return;
    wp__imp_fail(im, wp_node_set_text(row, task));
    if (col->seq < c->n && is_number(c->cell[col->seq]))
        wp__imp_fail(im, wp_node_set_number(row, atoll(c->cell[col->seq])));
    if (col->category >= 0) {
        char *cat = col->category < c->n ? c->cell[col->category] : "";
        dedupe_cell(cat);
        if (*cat != '\0' && strlen(cat) < cat_cap)
            strcpy(category, cat); /* blank: the one above (merged cell) */
        if (*category != '\0')
            wp__imp_fail(im, wp_node_set_category(row, category));
    }
    if (col->units < c->n) {
        const char *u = c->cell[col->units];
        if (wp__imp_annotation_line(im, row, u, line)) {
            /* 牵头单位：A；配合单位：B in the cell */
        } else if (col->lead_first) {
            /* A 牵头 column with several units: the first leads, the rest support. */
            size_t k = 0, n;
            while (u[k] && !is_sep(wp__cp(u + k, &n)))
                k += n;
            wp__imp_assign_list(im, row, u, k, WP_ROLE_LEAD, line);
            wp__imp_assign_list(im, row, u + k, strlen(u + k), WP_ROLE_SUPPORT, line);
        } else {
            wp__imp_assign_list(im, row, u, strlen(u), WP_ROLE_RESPONSIBLE, line);
        }
    }
    if (col->support >= 0 && col->support < c->n)
        wp__imp_assign_list(im, row, c->cell[col->support], strlen(c->cell[col->support]),
                            WP_ROLE_SUPPORT, line);
    wp__imp_facts(im, row, task, line);
    if (col->due >= 0 && col->due < c->n && wp_node_deadline(row) == NULL)
        wp__imp_facts(im, row, c->cell[col->due], line);
    if (im->opt.keep_spans)
        wp__imp_fail(im, wp_node_set_source(row, im->lines[line - 1].off,
                                            im->lines[line - 1].raw_len));
    if (wp__imp_fail(im, wp_node_append_child(att, row)) == 0)
        im->rep->counts[WP_IMPORT_TABLE_ROWS]++;
}

/* Put the cells of a one-line row under the header cell nearest to each,
 * so that a blank cell (a merged category) leaves its column empty. */
static bool align(cells *c, const columns *col)
{
    cells out = {{0}, 0, {0}};
    for (int k = 0; k < col->n; k++)
        if (!push_cell(&out, "", 0)) {
            free_cells(&out);
            return false;
        }
    for (int k = 0; k < c->n; k++) {
        int best = 0, bd = 1 << 30;
        for (int h = 0; h < col->n; h++) {
            int d = abs(c->col[k] - col->hcol[h]);
            if (d < bd)
                bd = d, best = h;
        }
        if (out.cell[best][0] == '\0') {
            wp__free(out.cell[best]);
            out.cell[best] = c->cell[k];
            c->cell[k] = NULL;
        }
    }
    free_cells(c);
    *c = out;
    return true;
}

/* A table pasted as bare lines (a Word table saved as text without tabs):
 * 序号 alone, then the other header cells one a line, then each row as its
 * serial number and its cells one a line, blank lines between. A row with
 * one cell short lost its blank category (a merged cell). */
static size_t bare_table(wp__imp *im, size_t i, wp_node *att)
{
    columns col;
    cells c = {{0}, 0, {0}};
    char category[256] = "";
    size_t j = i;
    long expected = 1;
    while (j < im->n_lines && (im->lines[j].len == 0 || (!is_number(im->lines[j].s) &&
                                                         im->lines[j].len < 40 && c.n < 8))) {
        if (im->lines[j].len > 0 && !push_cell(&c, im->lines[j].s, im->lines[j].len))
            goto nomem;
        j++;
    }
    if (c.n < 3 || !header(im, &c, &col)) {
        free_cells(&c);
        return 0;
    }
    free_cells(&c);
    while (j < im->n_lines && im->rc == 0) {
        int line;
        char num[24];
        while (j < im->n_lines && im->lines[j].len == 0)
            j++;
        if (j >= im->n_lines || !is_number(im->lines[j].s) ||
            strtol(im->lines[j].s, NULL, 10) != expected)
            break;
        line = im->lines[j].no;
        snprintf(num, sizeof num, "%ld", expected + 1);
        if (!push_cell(&c, im->lines[j].s, im->lines[j].len))
            goto nomem;
        j++;
        while (j < im->n_lines && c.n < col.n) {
            if (im->lines[j].len == 0) {
                j++;
                continue;
            }
            if (strcmp(im->lines[j].s, num) == 0 || wp__imp_is_heading(im->lines[j].s) ||
                wp__starts(im->lines[j].s, "附件"))
                break;
            if (!push_cell(&c, im->lines[j].s, im->lines[j].len))
                goto nomem;
            j++;
        }
        if (c.n == col.n - 1 && col.category > 0 && col.category < c.n) {
            /* the blank category cell: shift the rest right */
            if (!push_cell(&c, "", 0))
                goto nomem;
            {
                char *last = c.cell[c.n - 1];
                memmove(&c.cell[col.category + 1], &c.cell[col.category],
                        (size_t)(c.n - 1 - col.category) * sizeof c.cell[0]);
                c.cell[col.category] = last;
                last[0] = '\0';
            }
        }
        while (c.n < col.n)
            if (!push_cell(&c, "", 0))
                goto nomem;
        add_row(im, att, &col, &c, category, sizeof category, line);
        free_cells(&c);
        expected++;
    }
    for (size_t k = i; k < j; k++)
        im->lines[k].used = true;
    return expected > 1 ? j - i : 0;
nomem:
    free_cells(&c);
    wp__imp_fail(im, WP_ENOMEM);
    return 0;
}

size_t wp__imp_table(wp__imp *im, size_t i, wp_node *att)
{
    columns col;
    cells c = {{0}, 0, {0}};
    char category[256] = "";
    size_t j = i;
    bool one_per_line, tabbed = false, row_tabbed;
    if (!im->lines[i].tab && (strcmp(im->lines[i].s, "序号") == 0 ||
                              strcmp(im->lines[i].s, "序 号") == 0))
        return bare_table(im, i, att);
    /* The header: one line per cell (tab-led), or one line of cells. */
    if (im->lines[i].tab && im->lines[i].len > 0) {
        while (j < im->n_lines && im->lines[j].tab && im->lines[j].len > 0 &&
               im->lines[j].len < 40) {
            if (!push_cell(&c, im->lines[j].s, im->lines[j].len))
                goto nomem;
            j++;
        }
        one_per_line = true;
    } else {
        if (!split_row(&im->lines[i], &c, &tabbed))
            goto nomem;
        j = i + 1;
        one_per_line = false;
    }
    if (!header(im, &c, &col)) {
        free_cells(&c);
        return 0;
    }
    memcpy(col.hcol, c.col, sizeof col.hcol);
    free_cells(&c);
    while (j < im->n_lines && im->rc == 0) {
        int line;
        while (j < im->n_lines && im->lines[j].len == 0 && !im->lines[j].tab)
            j++; /* blank lines between rows */
        if (j >= im->n_lines)
            break;
        line = im->lines[j].no;
        if (one_per_line) {
            /* A row: n cells, each a tab-led line; a cell may continue on
             * untabbed lines (a merged cell copied twice, with a blank). */
            if (!im->lines[j].tab)
                break;
            while (j < im->n_lines && c.n < col.n) {
                char buf[4096];
                size_t bl = 0;
                if (!im->lines[j].tab)
                    break;
                bl = (size_t)snprintf(buf, sizeof buf, "%s", im->lines[j].s);
                j++;
                while (j < im->n_lines && !im->lines[j].tab &&
                       (im->lines[j].len > 0 ||
                        (j + 1 < im->n_lines && !im->lines[j + 1].tab &&
                         im->lines[j + 1].len > 0 && c.n + 1 < col.n))) {
                    if (im->lines[j].len > 0 && bl + im->lines[j].len + 2 < sizeof buf)
                        bl += (size_t)snprintf(buf + bl, sizeof buf - bl, " %s", im->lines[j].s);
                    j++;
                }
                if (!push_cell(&c, buf, bl))
                    goto nomem;
            }
            if (c.n == 0 || !is_number(c.cell[col.seq < c.n ? col.seq : 0])) {
                free_cells(&c);
                break;
            }
        } else {
            if (im->lines[j].tab == false && im->lines[j].len > 0) {
                if (!split_row(&im->lines[j], &c, &row_tabbed))
                    goto nomem;
                if (c.n < 2 || !is_number(c.cell[col.seq < c.n ? col.seq : 0])) {
                    free_cells(&c);
                    break;
                }
                /* Tabs on both sides: cells are in their columns already. */
                if (!(tabbed && row_tabbed) && !align(&c, &col))
                    goto nomem;
                j++;
            } else {
                break;
            }
        }
        add_row(im, att, &col, &c, category, sizeof category, line);
        free_cells(&c);
    }
    for (size_t k = i; k < j; k++)
        im->lines[k].used = true;
    return j - i;
nomem:
    free_cells(&c);
    wp__imp_fail(im, WP_ENOMEM);
    return 0;
}

/* ---- table rows that restate body tasks ---------------------------------- */

/* Share of the row's two-character windows that occur in `task`. */
static double overlap(const char *row, const char *task)
{
    size_t windows = 0, found = 0, n1, n2;
    for (const char *p = row; *p;) {
        char win[16];
        wp__cp(p, &n1);
        if (p[n1] == '\0')
            break;
        wp__cp(p + n1, &n2);
        if (n1 + n2 < sizeof win) {
            memcpy(win, p, n1 + n2);
            win[n1 + n2] = '\0';
            windows++;
            found += strstr(task, win) != NULL;
        }
        p += n1;
    }
    return windows ? (double)found / (double)windows : 0.0;
}

void wp__imp_link_rows(wp__imp *im)
{
    for (wp_node *att = wp_plan_first_node(im->plan); att && im->rc == 0; att = wp_node_next(att)) {
        if (wp_node_kind_of(att) != WP_NODE_ATTACHMENT)
            continue;
        for (wp_node *row = wp_node_first_child(att); row && im->rc == 0; row = wp_node_next(row)) {
            const char *rt = wp_node_text(row);
            const wp_node *best = NULL;
            double best_score = 0.6; /* at least this share of the row's wording */
            wp_iter *it;
            wp_event ev;
            if (rt == NULL || wp__imp_fail(im, wp_iter_new(&it, im->plan)) < 0)
                continue;
            while ((ev = wp_iter_next(it)) != WP_EVENT_DONE) {
                wp_node *n = wp_iter_node(it);
                double score;
                if (ev != WP_EVENT_ENTER)
                    continue;
                if (wp_node_kind_of(n) == WP_NODE_ATTACHMENT) {
                    wp_iter_reset(it, n, WP_EVENT_EXIT); /* not within tables */
                    continue;
                }
                if (wp_node_kind_of(n) != WP_NODE_TASK || wp_node_text(n) == NULL)
                    continue;
                score = overlap(rt, wp_node_text(n));
                if (score > best_score)
                    best_score = score, best = n;
            }
            wp_iter_free(it);
            if (best != NULL)
                wp__imp_fail(im, wp_attrs_set_text(wp_node_attrs(row), "restates", wp_node_id(best)));
        }
    }
}
