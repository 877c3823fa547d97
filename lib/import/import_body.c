/*
 * Import: the body — numbered headings (一、 （一） 1. （1） ①) into a
 * hierarchy, titles split from bodies, bodies split into tasks, plain
 * paragraphs, attachments and their task tables, summaries.
 */
#include "importx.h"
#include "lexicon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RANKS 5 /* section, subsection, point, item, and ① under an item */

typedef struct heading {
    int rank;           /* 0..3, -1: not a heading */
    wp_node_kind kind;
    int64_t number;
    char label[32];
    const char *rest;   /* the text after the label */
} heading;

static bool closing_paren(const char *s, size_t *n)
{
    if (wp__starts(s, "）")) {
        *n = 3;
        return true;
    }
    if (*s == ')') {
        *n = 1;
        return true;
    }
    return false;
}

/* 亮点一： / 大事二、 / 成果三: — the numbered items of a summary list;
 * *len covers the label and its colon. */
static bool summary_label(const char *s, size_t *len, double *v)
{
    const char *const *words = wp__lex_summary_words;
    for (size_t i = 0; words[i] != NULL; i++) {
        size_t wl, nl;
        bool cn;
        if (!wp__starts(s, words[i]))
            continue;
        wl = strlen(words[i]);
        if (!wp__number_at(s + wl, &nl, v, &cn) || *v < 1 || *v > 99)
            continue;
        if (wp__starts(s + wl + nl, "：") || wp__starts(s + wl + nl, "、")) {
            *len = wl + nl + 3;
            return true;
        }
        if (s[wl + nl] == ':' || s[wl + nl] == ' ') {
            *len = wl + nl + 1;
            return true;
        }
    }
    return false;
}

/* "12.365热线服务提升": a point label 12. before a title that starts with a
 * figure, not the decimal 12.365 — unless what follows the digits is a
 * measure word, 万/亿, % or 倍 (2.5万人参加…, 12.5%的…). *len covers
 * "12.". */
static bool figure_label(const char *s, size_t *len, double *v)
{
    size_t i = 0, j;
    const char *after;
    while (s[i] >= '0' && s[i] <= '9' && i < 3)
        i++;
    if (i == 0 || s[i] != '.' || !(s[i + 1] >= '0' && s[i + 1] <= '9'))
        return false;
    j = i + 1;
    while (s[j] >= '0' && s[j] <= '9')
        j++;
    after = s + j;
    if (!(wp__is_cjk(wp__cp(after, &(size_t){0})) || (*after >= 'A' && *after <= 'Z')) ||
        wp__lex_measure_at(after) != NULL ||
        wp__starts(after, "倍") || wp__starts(after, "万") || wp__starts(after, "亿"))
        return false;
    *v = (double)strtol(s, NULL, 10);
    *len = i + 1;
    return *v >= 1;
}

static heading parse_heading(const char *s)
{
    heading h = {-1, WP_NODE_PARAGRAPH, 0, "", s};
    size_t n, len, cl;
    double v;
    bool cn;
    uint32_t cp = wp__cp(s, &n);
    if (cp == 0xFF08 || cp == '(') { /* （一） or （1） */
        if (wp__number_at(s + n, &len, &v, &cn) && closing_paren(s + n + len, &cl) && v >= 1 &&
            v < 1000) {
            h.rank = cn ? 1 : 3;
            h.kind = cn ? WP_NODE_SUBSECTION : WP_NODE_ITEM;
            h.number = (int64_t)v;
            h.rest = s + n + len + cl;
        }
    } else if (cp >= 0x2460 && cp <= 0x2473) { /* ①…⑳: below （1）, as tasks */
        h.rank = 4;
        h.kind = WP_NODE_TASK;
        h.number = (int64_t)(cp - 0x2460 + 1);
        h.rest = s + n;
    } else if (summary_label(s, &len, &v)) { /* 亮点一：… in a summary */
        h.rank = 2;
        h.kind = WP_NODE_POINT;
        h.number = (int64_t)v;
        h.rest = s + len;
    } else if (figure_label(s, &len, &v)) { /* 12.365热线…: point 12 */
        h.rank = 2;
        h.kind = WP_NODE_POINT;
        h.number = (int64_t)v;
        h.rest = s + len;
    } else if (wp__number_at(s, &len, &v, &cn) && v >= 1 && v < 1000) {
        const char *after = s + len;
        if (cn && (wp__starts(after, "、") || wp__starts(after, "．"))) {
            h.rank = 0;
            h.kind = WP_NODE_SECTION;
            h.rest = after + 3;
        } else if (cn && *after == '.' && v <= 30) { /* 一. */
            h.rank = 0;
            h.kind = WP_NODE_SECTION;
            h.rest = after + 1;
        } else if (!cn && (wp__starts(after, "）") || *after == ')')) { /* 1） 1) */
            h.rank = 3;
            h.kind = WP_NODE_ITEM;
            h.rest = after + (*after == ')' ? 1 : 3);
        } else if (!cn && (wp__starts(after, "、") || wp__starts(after, "．"))) {
            h.rank = 2;
            h.kind = WP_NODE_POINT;
            h.rest = after + 3;
        } else if (!cn && *after == '.' && !(after[1] >= '0' && after[1] <= '9')) {
            h.rank = 2;
            h.kind = WP_NODE_POINT;
            h.rest = after + 1;
        }
        h.number = (int64_t)v;
    }
    if (h.rank >= 0) {
        size_t ll = (size_t)(h.rest - s);
        if (ll >= sizeof h.label)
            ll = sizeof h.label - 1;
        memcpy(h.label, s, ll);
        h.label[ll] = '\0';
        while (*h.rest == ' ')
            h.rest++;
    }
    return h;
}

bool wp__imp_is_heading(const char *s) { return parse_heading(s).rank >= 0; }

/* The label without its punctuation: 一、 → 一, （一） → （一）, 1. → 1. */
static void clean_label(char *label)
{
    size_t l = strlen(label);
    if (l >= 3 && (strcmp(label + l - 3, "、") == 0 || strcmp(label + l - 3, "．") == 0))
        label[l - 3] = '\0';
    else if (l >= 1 && label[l - 1] == '.')
        label[l - 1] = '\0';
}

/* Bytes that can start a character sentence_end() tests: ASCII ( ) ; and
 * the lead bytes E2 (“ ”), E3 (《 》 。) and EF (（ ） ！ ？ ；), and the NUL.
 * Every other byte (a continuation byte, or the lead of a character that
 * is never tested) is stepped over one at a time: no decoding, and the
 * same positions are reached as decoding character by character (E2, E3
 * and EF are never continuation bytes). */
static const unsigned char SENTENCE_BYTE[256] = {
    [0] = 1, ['('] = 1, [')'] = 1, [';'] = 1, [0xE2] = 1, [0xE3] = 1, [0xEF] = 1,
};

/* End of the first sentence (after its 。！？；), or NULL. The characters
 * tested are ASCII or well-formed three-byte ones led by E2, E3 or EF
 * (never overlong or surrogate forms): compared as bytes, not decoded.
 * With colon not NULL, *colon (NULL on entry) becomes the first ： before
 * the end (or in s, without one). */
static const char *sentence_end(const char *s, bool semicolon, const char **colon)
{
    int depth = 0;
    for (const unsigned char *p = (const unsigned char *)s;;) {
        /* A character led by E4-E9 (U+4000..U+9FFF, none tested) at once:
         * the text is UTF-8 (checked or converted on entry), so two
         * continuation bytes follow; other bytes one by one. */
        for (;;) {
            unsigned char c = *p;
            if (c - 0xE4u <= 0x5u)
                p += 3;
            else if (!SENTENCE_BYTE[c])
                p++;
            else
                break;
        }
        if (*p == '\0')
            return NULL;
        if (*p < 0x80) {
            if (*p == '(')
                depth++;
            else if (*p == ')' && depth > 0)
                depth--;
            else if (*p == ';' && depth == 0 && semicolon)
                return (const char *)p + 1;
            p++;
            continue;
        }
        if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) {
            p++; /* malformed: read as U+FFFD, one byte */
            continue;
        }
        switch ((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) {
        case 0xEFBC88: /* （ */
        case 0xE2809C: /* “ */
        case 0xE3808A: /* 《 */
            depth++;
            break;
        case 0xEFBC89: /* ） */
        case 0xE2809D: /* ” */
        case 0xE3808B: /* 》 */
            if (depth > 0)
                depth--;
            break;
        case 0xE38082: /* 。 */
        case 0xEFBC81: /* ！ */
        case 0xEFBC9F: /* ？ */
            if (depth == 0)
                return (const char *)p + 3;
            break;
        case 0xEFBC9B: /* ； */
            if (depth == 0 && semicolon)
                return (const char *)p + 3;
            break;
        case 0xEFBC9A: /* ：, the first one for title_end() */
            if (colon != NULL && *colon == NULL)
                *colon = (const char *)p;
            break;
        default:
            break;
        }
        p += 3;
    }
}

static size_t chars_between(const char *a, const char *b)
{
    size_t n = 0;
    for (; a < b; a++)
        n += ((unsigned char)*a & 0xC0) != 0x80;
    return n;
}

/* Set a node's title or text from a working string of the importer (a
 * piece of a cleaned line, already valid UTF-8), as printed. */
static void imp_set_title(wp__imp *im, wp_node *node, const char *s)
{
    const char *p = wp__imp_printed(im, s);
    wp__imp_fail(im, wp__node_set_title_trusted(node, p, strlen(p)));
}

static void imp_set_text(wp__imp *im, wp_node *node, const char *s)
{
    const char *p = wp__imp_printed(im, s);
    wp__imp_fail(im, wp__node_set_text_trusted(node, p, strlen(p)));
}

static char *dup_range(wp__imp *im, const char *a, const char *b)
{
    char *s;
    while (b > a && b[-1] == ' ')
        b--;
    while (a < b && *a == ' ')
        a++;
    s = wp__malloc((size_t)(b - a) + 1);
    if (s == NULL) {
        wp__imp_fail(im, WP_ENOMEM);
        return NULL;
    }
    memcpy(s, a, (size_t)(b - a));
    s[b - a] = '\0';
    return s;
}

/* dup_range into im's reused sentence buffer (tasks(): one sentence at a
 * time, no allocation per sentence); *len is the copy's length. */
static char *sentence_copy(wp__imp *im, const char *a, const char *b, size_t *len)
{
    while (b > a && b[-1] == ' ')
        b--;
    while (a < b && *a == ' ')
        a++;
    if ((size_t)(b - a) + 1 > im->tcap) {
        size_t cap = (size_t)(b - a) + 1 > 256 ? 2 * ((size_t)(b - a) + 1) : 256;
        char *nb = wp__realloc(im->tbuf, cap);
        if (nb == NULL) {
            wp__imp_fail(im, WP_ENOMEM);
            return NULL;
        }
        im->tbuf = nb, im->tcap = cap;
    }
    memcpy(im->tbuf, a, (size_t)(b - a));
    im->tbuf[b - a] = '\0';
    *len = (size_t)(b - a);
    return im->tbuf;
}

static void set_span(wp__imp *im, wp_node *node, const wp__line *ln, const char *piece)
{
    if (!im->opt.keep_spans)
        return;
    if (piece != NULL) {
        /* The piece (as printed) as it stands in the raw line, when
         * cleaning kept it: looked for from where the last piece of this
         * line was found, in a bounded window (a long line of many pieces
         * stays linear). */
        const char *pr = wp__imp_printed(im, piece);
        size_t pl = strlen(pr), lo, hi;
        if (im->span_line != ln)
            im->span_line = ln, im->span_at = 0;
        lo = im->span_at;
        hi = lo + 2 * pl + 4096 < ln->raw_len ? lo + 2 * pl + 4096 : ln->raw_len;
        for (size_t i = lo; pl > 0 && i + pl <= hi; i++)
            if (ln->raw[i] == pr[0] && memcmp(ln->raw + i, pr, pl) == 0) {
                im->span_at = i + pl;
                wp__imp_fail(im, wp_node_set_source(node, ln->off + i, pl));
                return;
            }
    }
    wp__imp_fail(im, wp_node_set_source(node, ln->off, ln->raw_len));
}

static wp_node *new_node(wp__imp *im, wp_node_kind kind, wp_node *parent)
{
    wp_node *n;
    if (wp__imp_fail(im, wp_node_new(&n, im->plan, kind)) < 0)
        return NULL;
    if (wp__imp_fail(im, parent ? wp_node_append_child(parent, n)
                                : wp_plan_append_node(im->plan, n)) < 0)
        return NULL;
    return n;
}

/* Split a body into tasks under `parent`. */
static void tasks(wp__imp *im, wp_node *parent, const char *body, const wp__line *ln)
{
    const char *s = body, *nul = body + strlen(body);
    size_t made = 0;       /* tasks made so far */
    bool annotated = false; /* one of them had its own annotation */
    while (*s && im->rc == 0) {
        const char *end = sentence_end(s, true, NULL);
        char *text, *cut;
        size_t text_len;
        wp_node *t;
        if (end == NULL)
            end = nul;
        text = sentence_copy(im, s, end, &text_len);
        s = end;
        if (text == NULL)
            return;
        /* Fewer than two characters (eight bytes hold at least two). */
        if (text_len < 8 && chars_between(text, text + text_len) < 2)
            continue;
        /* An annotation alone (…。（牵头单位：A）, or a line 牵头单位：A): it
         * belongs to the parent. */
        if (((wp__starts(text, "（") || wp__starts(text, "(") || wp__starts(text, "【")) &&
             wp__imp_annotation(im, parent, text, ln->no) == text) ||
            wp__imp_annotation_line(im, parent, text, ln->no))
            continue;
        if ((t = new_node(im, WP_NODE_TASK, parent)) == NULL)
            return;
        {
            /* The annotation closing a body of several tasks, none with its
             * own, is the point's: 任务甲；任务乙（牵头单位：A）。 */
            const char *rest = s;
            while (*rest == ' ')
                rest++;
            cut = (char *)wp__imp_annotation(
                im, *rest == '\0' && made > 0 && !annotated ? parent : t, text, ln->no);
        }
        if (cut != NULL) {
            *cut = '\0'; /* the annotation is data now, not text */
            annotated = true;
        }
        made++;
        imp_set_text(im, t, text);
        set_span(im, t, ln, text);
        wp__imp_facts(im, t, text, ln->no);
        im->rep->counts[WP_IMPORT_TASKS]++;
    }
}

/* Title and body of a heading's rest of line. */
/* End of a heading's title: its first sentence, or a short run-in title
 * closed by ： (1.加强组织建设：一是…；二是…). Not an annotation key. */
static const char *title_end(const char *rest)
{
    static const char *const keys[] = {"牵头", "配合", "责任", "负责", "协办", "牽頭", "責任"};
    const char *colon = NULL, *end = sentence_end(rest, true, &colon), *paren;
    /* The first ： at or before end (none after it matters): sentence_end
     * noted the first one before end (or in the whole text without end). */
    if (colon == NULL && end != NULL && wp__starts(end, "："))
        colon = end;
    if (colon == NULL || colon[3] == '\0' || chars_between(rest, colon) > 31)
        return end;
    paren = strstr(rest, "（");
    if ((paren != NULL && paren < colon) || memchr(rest, '(', (size_t)(colon - rest)) != NULL)
        return end; /* inside brackets: an annotation or an aside */
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *k = strstr(rest, keys[i]);
        if (k != NULL && k < colon)
            return end; /* 牵头单位：… */
    }
    return colon + 3;
}

/* Title and body of a heading's rest of line (MODEL.md "headings"): the
 * title runs to the first sentence end (。！？；, or a ： closing a short
 * run-in title), whatever its length; with no sentence end the whole line
 * is the title. The rest is the node's text (a section, a subsection, a
 * summary's item) or its tasks. Facts (targets, deadlines) of the title
 * are the node's own; a trailing responsibility annotation is data. */
static void heading_text(wp__imp *im, wp_node *node, const heading *h, const wp__line *ln)
{
    const char *rest = h->rest, *end = title_end(rest);
    char *title, *cut;
    const char *body;
    if (h->kind == WP_NODE_TASK) { /* ① …: one measure */
        char *own = dup_range(im, rest, rest + strlen(rest));
        if (own == NULL)
            return;
        if ((cut = (char *)wp__imp_annotation(im, node, own, ln->no)) != NULL && cut > own)
            *cut = '\0';
        if (own[0] != '\0') {
            imp_set_text(im, node, own);
            wp__imp_facts(im, node, own, ln->no);
        }
        wp__free(own);
        return;
    }
    if (end == NULL)
        end = rest + strlen(rest);
    body = end;
    /* The title without its closing punctuation. */
    {
        const char *te = end;
        while (te > rest) {
            const char *p = te - 1;
            size_t n;
            uint32_t cp;
            while (p > rest && ((unsigned char)*p & 0xC0) == 0x80)
                p--;
            cp = wp__cp(p, &n);
            if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B || cp == ';' ||
                cp == 0xFF1A || cp == ':' || cp == ' ')
                te = p;
            else
                break;
        }
        title = dup_range(im, rest, te);
    }
    if (title == NULL)
        return;
    /* 1.加强党建（牵头：办公室） / 建设科普馆（科普部负责）。: the annotation
     * is data, not title. */
    if ((cut = (char *)wp__imp_annotation(im, node, title, ln->no)) != NULL && cut > title) {
        *cut = '\0';
        while (cut > title && cut[-1] == ' ')
            *--cut = '\0';
    }
    if (title[0] != '\0') {
        imp_set_title(im, node, title);
        wp__imp_facts(im, node, title, ln->no);
    }
    wp__free(title);
    while (*body == ' ')
        body++;
    if (*body == '\0')
        return;
    if (h->kind == WP_NODE_SECTION || im->summary) {
        char *text = dup_range(im, body, body + strlen(body));
        if (text == NULL)
            return;
        if ((cut = (char *)wp__imp_annotation(im, node, text, ln->no)) != NULL) {
            *cut = '\0';
            while (cut > text && cut[-1] == ' ')
                *--cut = '\0';
        }
        if (text[0] != '\0') {
            imp_set_text(im, node, text);
            wp__imp_facts(im, node, text, ln->no);
        }
        wp__free(text);
    } else {
        tasks(im, node, body, ln);
    }
}

static void count_kind(wp__imp *im, wp_node_kind k)
{
    static const wp_import_count map[] = {WP_IMPORT_SECTIONS, WP_IMPORT_SUBSECTIONS,
                                          WP_IMPORT_POINTS,   WP_IMPORT_ITEMS,
                                          WP_IMPORT_TASKS,    WP_IMPORT_PARAGRAPHS};
    if ((int)k >= 0 && (size_t)k < sizeof map / sizeof map[0])
        im->rep->counts[map[k]]++;
}

/* A caption under a photo in a summary: short, no sentence punctuation. */
static bool caption(const char *s)
{
    return chars_between(s, s + strlen(s)) <= 40 && !strstr(s, "。") && !strstr(s, "，") &&
           !strstr(s, "；");
}

/* A photo's caption in a summary: 图为…, （摄影：…）. */
static bool photo_caption(const char *s)
{
    return (wp__starts(s, "图为") || wp__starts(s, "图片") || wp__starts(s, "（摄影") ||
            wp__starts(s, "(摄影") || wp__starts(s, "摄影：") || wp__starts(s, "图：") ||
            wp__starts(s, "▲")) &&
           chars_between(s, s + strlen(s)) <= 80;
}

void wp__imp_body(wp__imp *im)
{
    wp_node *stack[RANKS] = {NULL, NULL, NULL, NULL};
    wp_node *attachment = NULL;
    char pending[512] = "";
    for (size_t i = im->body; i < im->n_lines && im->rc == 0; i++) {
        wp__line *ln = &im->lines[i];
        heading h;
        wp_node *parent = NULL;
        im->cur_line = i;
        if (ln->used || (ln->len == 0 && !ln->tab))
            continue;
        /* Attachments: "附件：title" or "附件" then the title line. */
        if (!ln->tab && (wp__starts(ln->s, "附件") || wp__starts(ln->s, "附表"))) {
            const char *t = ln->s + 6;
            while (*t && ((*t >= '0' && *t <= '9') || *t == ' '))
                t++;
            if ((wp__starts(t, "：") || wp__starts(t, ":"))) {
                t += wp__starts(t, ":") ? 1 : 3;
                while (*t == ' ')
                    t++;
                if (*t != '\0') {
                    wp__imp_fail(im, wp_plan_add_attachment(im->plan, wp__imp_printed(im, t)));
                    snprintf(pending, sizeof pending, "%s", t);
                    continue;
                }
            }
            if (*t == '\0') { /* 附件 or 附件： alone: the title follows */
                size_t k = i + 1;
                while (k < im->n_lines && im->lines[k].len == 0)
                    k++;
                if (k < im->n_lines && !im->lines[k].tab && caption(im->lines[k].s)) {
                    snprintf(pending, sizeof pending, "%s", im->lines[k].s);
                    im->lines[k].used = true;
                }
                continue;
            }
        }
        if (strstr(ln->s, "序号")) {
            wp_node *att;
            size_t used;
            if ((att = new_node(im, WP_NODE_ATTACHMENT, NULL)) == NULL)
                return;
            if (pending[0] != '\0')
                imp_set_title(im, att, pending);
            set_span(im, att, ln, NULL);
            used = wp__imp_table(im, i, att);
            if (used > 0) {
                attachment = att;
                i += used - 1;
                memset(stack, 0, sizeof stack);
                pending[0] = '\0';
                continue;
            }
            wp_node_remove(att);
        }
        h = parse_heading(ln->s);
        if (h.rank >= 0) {
            wp_node *node;
            for (int r = h.rank - 1; r >= 0 && parent == NULL; r--)
                parent = stack[r];
            if (parent == NULL && attachment != NULL)
                parent = attachment;
            if ((node = new_node(im, h.kind, parent)) == NULL)
                return;
            clean_label(h.label);
            wp__imp_fail(im, wp_node_set_label(node, h.label));
            wp__imp_fail(im, wp_node_set_number(node, h.number));
            set_span(im, node, ln, NULL);
            stack[h.rank] = node;
            for (int r = h.rank + 1; r < RANKS; r++)
                stack[r] = NULL;
            count_kind(im, h.kind);
            heading_text(im, node, &h, ln);
            continue;
        }
        /* A plain line: under a point or item, more tasks; under a section
         * or subsection (or at the top), a paragraph. */
        for (int r = RANKS - 1; r >= 0 && parent == NULL; r--)
            parent = stack[r];
        if (parent != NULL && wp_node_kind_of(parent) == WP_NODE_TASK)
            parent = wp_node_parent(parent); /* after ①: the item's, not the task's */
        if (im->summary && caption(ln->s) && !photo_caption(ln->s)) {
            /* 十件大事 / 工作亮点 over a numbered list: a group (a section
             * without a label) that holds the list. */
            size_t k = i + 1;
            while (k < im->n_lines && im->lines[k].len == 0)
                k++;
            if (k < im->n_lines && !im->lines[k].used) {
                heading next = parse_heading(im->lines[k].s);
                if (next.rank >= 1 && next.rank <= 3 && next.number == 1) {
                    wp_node *g = new_node(im, WP_NODE_SECTION, attachment);
                    if (g == NULL)
                        return;
                    imp_set_title(im, g, ln->s);
                    set_span(im, g, ln, NULL);
                    stack[0] = g;
                    for (int r = 1; r < RANKS; r++)
                        stack[r] = NULL;
                    count_kind(im, WP_NODE_SECTION);
                    continue;
                }
            }
        }
        if (photo_caption(ln->s) || (im->summary && caption(ln->s))) {
            wp__imp_warn(im, ln->no, "short line without punctuation skipped (a caption?)");
            im->rep->counts[WP_IMPORT_LINES_SKIPPED]++;
            continue;
        }
        if (parent != NULL && !im->summary &&
            (wp_node_kind_of(parent) == WP_NODE_POINT || wp_node_kind_of(parent) == WP_NODE_ITEM ||
             (wp_node_kind_of(parent) == WP_NODE_SUBSECTION && wp_node_title(parent) != NULL &&
              wp_node_first_child(parent) != NULL &&
              wp_node_kind_of(wp_node_first_child(parent)) == WP_NODE_TASK))) {
            tasks(im, parent, ln->s, ln);
            continue;
        }
        if (parent != NULL && im->summary && wp_node_text(parent) == NULL &&
            wp_node_first_child(parent) == NULL) {
            /* A summary item: its title line, then this body paragraph. */
            imp_set_text(im, parent, ln->s);
            wp__imp_facts(im, parent, ln->s, ln->no);
            continue;
        }
        {
            wp_node *p = new_node(im, WP_NODE_PARAGRAPH, parent);
            if (p == NULL)
                return;
            imp_set_text(im, p, ln->s);
            set_span(im, p, ln, NULL);
            /* A paragraph under a section states its targets (二、主要目标
             * 到2025年底，…达到98%). */
            if (im->summary || parent != NULL)
                wp__imp_facts(im, p, ln->s, ln->no);
            count_kind(im, WP_NODE_PARAGRAPH);
        }
    }
}
