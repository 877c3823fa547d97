/*
 * HTML reader: a saved web page (libxml2's HTML parser) into the text of its
 * article.
 *
 * Dropped: the head, scripts, styles, navigation, headers, footers, forms,
 * frames, and elements whose class or id names furniture (nav, menu,
 * breadcrumb, share, footer, sidebar, copyright, …) or whose text opens with
 * 温馨提示; the text importer then skips furniture lines (发布时间, 分享到, …).
 * Block elements (p, div, li, h1–h6, br, …) end lines; whitespace collapses
 * as in a browser (not in pre); entities are decoded by the parser. A data
 * table becomes one line per row with the cells separated by tabs (colspan
 * leaves empty cells, rowspan repeats the text below); a layout table (one
 * with a nested table or a long cell) is read as blocks.
 *
 * Encoding: a BOM, else the meta charset (GB2312 and GBK read as their
 * superset GB18030), else UTF-8 when the bytes are valid UTF-8, else
 * GB18030.
 */
#include "readers.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct html {
    wp__sb out;   /* finished lines */
    wp__sb line;  /* the line being built */
    bool cell;    /* inside a table cell: block ends are spaces */
    int rc;
} html;

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static bool name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static bool in_list(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i]) == 0)
            return true;
    return false;
}

/* Case-insensitive substring. */
static bool contains_ci(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && lower((unsigned char)s[i]) == w[i])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

static bool furniture_name(const char *v)
{
    static const char *const words[] = {
        "nav",     "menu",    "breadcrumb", "crumb",  "share",    "footer",   "sidebar",
        "copyright", "toolbar", "qrcode",   "bdshare", "jiathis", "wxts",     "pagination",
        "pager",   "related", "comment",    "login",  "search",   "banner",   "advert",
        "social",  "print",   "wenxintishi", "tips",  "position", "location", "guide"};
    /* whole tokens only: "header" but not "article-header" */
    static const char *const tokens[] = {"header", "head", "top", "topbar", "logo", "foot",
                                         "side", "tool", "tools", "bottom", "ad", "ads"};
    if (v == NULL)
        return false;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (contains_ci(v, words[i]))
            return true;
    for (const char *p = v; *p;) {
        size_t n = strcspn(p, " \t\n");
        for (size_t i = 0; i < sizeof tokens / sizeof *tokens; i++) {
            size_t k = strlen(tokens[i]), j = 0;
            while (j < k && j < n && lower((unsigned char)p[j]) == tokens[i][j])
                j++;
            if (j == k && k == n)
                return true;
        }
        p += n;
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
    }
    return false;
}

/* The first text under n (trimmed), to recognise a 温馨提示 box. */
static const char *first_text(const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c && depth < 16; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            const char *s = (const char *)c->content;
            while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
                s++;
            if (strncmp(s, "\xC2\xA0", 2) == 0)
                continue;
            if (*s)
                return s;
        } else if (c->type == XML_ELEMENT_NODE) {
            const char *s = first_text(c, depth + 1);
            if (s)
                return s;
        }
    }
    return NULL;
}

static bool dropped(const xmlNode *n)
{
    static const char *const elements[] = {
        "head",   "script", "style",  "noscript", "nav",    "header", "footer", "aside",
        "form",   "iframe", "frame",  "button",   "select", "input",  "textarea", "svg",
        "canvas", "object", "embed",  "template", "map",    "audio",  "video",  "title"};
    const char *t;
    if (in_list((const char *)n->name, elements, sizeof elements / sizeof *elements))
        return true;
    for (int k = 0; k < 2; k++) {
        xmlChar *v = xmlGetProp((xmlNode *)n, (const xmlChar *)(k ? "id" : "class"));
        bool furn = furniture_name((const char *)v);
        xmlFree(v);
        if (furn)
            return true;
    }
    t = first_text(n, 0);
    return t != NULL && (strncmp(t, "温馨提示", strlen("温馨提示")) == 0 ||
                         strncmp(t, "【温馨提示】", strlen("【温馨提示】")) == 0);
}

static bool block_element(const char *name)
{
    static const char *const blocks[] = {
        "p",       "div",  "li",      "ul",  "ol",     "h1", "h2",         "h3",
        "h4",      "h5",   "h6",      "br",  "tr",     "dd", "dt",         "dl",
        "section", "article", "blockquote", "pre", "center", "hr", "main", "address",
        "figure",  "figcaption", "caption", "body", "html"};
    return in_list(name, blocks, sizeof blocks / sizeof *blocks);
}

/* End the line: append it to the output unless it is blank. */
static void flush(html *h)
{
    size_t len = h->line.len;
    const char *s = h->line.s;
    if (h->line.rc < 0 && h->rc == 0)
        h->rc = h->line.rc;
    while (len > 0 && s[len - 1] == ' ')
        len--;
    while (len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0) /* U+3000 */
        len -= 3;
    while (len >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
        s += 3, len -= 3;
    while (len > 0 && s[0] == ' ')
        s++, len--;
    if (len > 0) {
        wp__sb_put(&h->out, s, len);
        wp__sb_putc(&h->out, '\n');
    }
    h->line.len = 0;
    if (h->out.rc < 0 && h->rc == 0)
        h->rc = h->out.rc;
}

static void block_end(html *h)
{
    if (h->cell) {
        if (h->line.len > 0 && h->line.s[h->line.len - 1] != ' ')
            wp__sb_putc(&h->line, ' ');
    } else {
        flush(h);
    }
}

/* Append text, collapsing ASCII whitespace (not in pre). */
static void text(html *h, const char *s, bool pre)
{
    for (const char *p = s; *p; p++) {
        char c = *p;
        if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
            p++; /* &nbsp;: a space */
            c = ' ';
        }
        if (pre && (c == '\n' || c == '\r')) {
            block_end(h);
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            if (h->line.len > 0 && h->line.s[h->line.len - 1] != ' ')
                wp__sb_putc(&h->line, ' ');
            continue;
        }
        wp__sb_putc(&h->line, c);
    }
}

static void walk(html *h, const xmlNode *n, int depth, bool pre);

static int span_attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp((xmlNode *)n, (const xmlChar *)name);
    long x = v ? strtol((const char *)v, NULL, 10) : 1;
    xmlFree(v);
    return x >= 1 && x <= 64 ? (int)x : 1;
}

/* Layout tables hold nested tables or long cells. */
static bool layout_table(const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c && depth < 64; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(c, "table"))
            return true;
        if (name_is(c, "td") || name_is(c, "th")) {
            xmlChar *content = xmlNodeGetContent(c);
            size_t len = content ? strlen((const char *)content) : 0;
            xmlFree(content);
            if (len > 1500)
                return true;
        }
        if (layout_table(c, depth + 1))
            return true;
    }
    return false;
}

#define MAX_COLS 64

typedef struct rowspan {
    char *text;
    int left; /* rows still covered */
} rowspan;

static void rows(html *h, const xmlNode *n, rowspan *rs, int depth);

static void row(html *h, const xmlNode *tr, rowspan *rs, int depth)
{
    wp__sb line = {0};
    int col = 0;
    bool any = false;
    for (const xmlNode *c = tr->children; c; c = c->next) {
        html cell;
        int colspan, rspan;
        if (!name_is(c, "td") && !name_is(c, "th"))
            continue;
        while (col < MAX_COLS && rs[col].left > 0) { /* covered by a rowspan above */
            if (col > 0)
                wp__sb_putc(&line, '\t');
            wp__sb_put_cell(&line, rs[col].text, strlen(rs[col].text));
            rs[col].left--;
            col++;
        }
        memset(&cell, 0, sizeof cell);
        cell.cell = true;
        walk(&cell, c, depth + 1, false);
        flush(&cell);
        if (cell.rc < 0 && h->rc == 0)
            h->rc = cell.rc;
        /* lines of the cell joined by spaces */
        for (size_t k = 0; k < cell.out.len; k++)
            if (cell.out.s[k] == '\n')
                cell.out.s[k] = k + 1 == cell.out.len ? '\0' : ' ';
        if (cell.out.len > 0 && cell.out.s[cell.out.len - 1] == '\0')
            cell.out.len--;
        if (col > 0)
            wp__sb_putc(&line, '\t');
        if (cell.out.len > 0) {
            wp__sb_put_cell(&line, cell.out.s, cell.out.len);
            any = true;
        }
        colspan = span_attr(c, "colspan");
        rspan = span_attr(c, "rowspan");
        if (rspan > 1 && col < MAX_COLS) {
            wp__free(rs[col].text);
            rs[col].text = cell.out.s ? cell.out.s : NULL;
            if (rs[col].text == NULL && (rs[col].text = wp__malloc(1)) != NULL)
                rs[col].text[0] = '\0';
            rs[col].left = rs[col].text ? rspan - 1 : 0;
            cell.out.s = NULL;
        }
        wp__sb_free(&cell.out);
        wp__sb_free(&cell.line);
        for (int k = 1; k < colspan; k++)
            wp__sb_putc(&line, '\t');
        col += colspan;
    }
    while (col < MAX_COLS && rs[col].left > 0) {
        if (col > 0)
            wp__sb_putc(&line, '\t');
        wp__sb_put_cell(&line, rs[col].text, strlen(rs[col].text));
        rs[col].left--;
        col++;
    }
    if (line.rc < 0 && h->rc == 0)
        h->rc = line.rc;
    if (any) {
        flush(h);
        wp__sb_put(&h->out, line.s, line.len);
        wp__sb_putc(&h->out, '\n');
    }
    wp__sb_free(&line);
}

static void rows(html *h, const xmlNode *n, rowspan *rs, int depth)
{
    for (const xmlNode *c = n->children; c && h->rc == 0; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || depth > WP__READER_MAX_DEPTH)
            continue;
        if (name_is(c, "tr"))
            row(h, c, rs, depth + 1);
        else if (name_is(c, "thead") || name_is(c, "tbody") || name_is(c, "tfoot"))
            rows(h, c, rs, depth + 1);
        else if (name_is(c, "caption")) {
            walk(h, c, depth + 1, false);
            flush(h);
        }
    }
}

static void walk(html *h, const xmlNode *n, int depth, bool pre)
{
    if (depth > WP__READER_MAX_DEPTH) {
        if (h->rc == 0)
            h->rc = wp__err(WP_ELIMIT, "html: elements nested deeper than %d",
                            WP__READER_MAX_DEPTH);
        return;
    }
    for (const xmlNode *c = n->children; c && h->rc == 0; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                text(h, (const char *)c->content, pre);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || dropped(c))
            continue;
        if (name_is(c, "table") && !h->cell && !layout_table(c, 0)) {
            rowspan rs[MAX_COLS];
            memset(rs, 0, sizeof rs);
            flush(h);
            rows(h, c, rs, depth + 1);
            for (int k = 0; k < MAX_COLS; k++)
                wp__free(rs[k].text);
            continue;
        }
        if (name_is(c, "br")) {
            block_end(h);
            continue;
        }
        if (block_element((const char *)c->name) || name_is(c, "table") || name_is(c, "td") ||
            name_is(c, "th"))
            block_end(h);
        walk(h, c, depth + 1, pre || name_is(c, "pre"));
        if (block_element((const char *)c->name) || name_is(c, "table") || name_is(c, "td") ||
            name_is(c, "th"))
            block_end(h);
    }
}

/* ---- encoding ------------------------------------------------------------- */

static bool valid_utf8(const unsigned char *s, size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n;
        if (s[pos] < 0x80) {
            pos++;
            continue;
        }
        n = utf8proc_iterate(s + pos, (utf8proc_ssize_t)(len - pos), &cp);
        if (n < 0)
            return false;
        pos += (size_t)n;
    }
    return true;
}

/* The charset a meta tag names in the first 4 KiB, lower-cased, or "". */
static void meta_charset(const char *s, size_t len, char *out, size_t size)
{
    size_t scan = len < 4096 ? len : 4096;
    out[0] = '\0';
    for (size_t i = 0; i + 8 < scan; i++) {
        size_t k = 0, o = 0;
        while (k < 7 && lower((unsigned char)s[i + k]) == "charset"[k])
            k++;
        if (k < 7)
            continue;
        i += 7;
        while (i < scan && (s[i] == ' ' || s[i] == '=' || s[i] == '"' || s[i] == '\''))
            i++;
        while (i < scan && o + 1 < size &&
               ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
            out[o++] = (char)lower((unsigned char)s[i++]);
        out[o] = '\0';
        return;
    }
}

static const char *choose_encoding(const void *data, size_t len)
{
    char cs[32];
    const unsigned char *d = data;
    bool ascii = true;
    if (len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
        return "UTF-8";
    for (size_t i = 0; i < len && ascii; i++)
        ascii = d[i] < 0x80;
    /* Non-ASCII bytes that are valid UTF-8 are UTF-8, whatever the meta
     * says (pages re-saved as UTF-8 keep their old charset line). */
    if (!ascii && valid_utf8(d, len))
        return "UTF-8";
    meta_charset(data, len, cs, sizeof cs);
    if (strcmp(cs, "gb2312") == 0 || strcmp(cs, "gbk") == 0 || strcmp(cs, "gb18030") == 0 ||
        strcmp(cs, "x-gbk") == 0 || strcmp(cs, "cp936") == 0)
        return "GB18030";
    if (strcmp(cs, "big5") == 0)
        return "BIG5";
    return ascii ? "UTF-8" : "GB18030"; /* not UTF-8: the usual legacy encoding */
}

int wp__html_text(char **out, size_t *out_len, const void *data, size_t len)
{
    htmlDocPtr doc;
    html h;
    const xmlNode *root;
    const char *enc = choose_encoding(data, len);
    *out = NULL;
    *out_len = 0;
    if (len > (size_t)0x7fffffff)
        return wp__err(WP_ELIMIT, "html: the page is larger than 2 GiB");
    wp__xml_init();
    doc = htmlReadMemory(data, (int)len, "page.html", enc,
                         HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                             HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC);
    if (doc == NULL)
        return wp__err(WP_EFORMAT, "html: the page cannot be parsed");
    memset(&h, 0, sizeof h);
    root = xmlDocGetRootElement(doc);
    if (root != NULL) {
        for (const xmlNode *c = root; c; c = c->next) {
            if (c->type == XML_ELEMENT_NODE && !dropped(c))
                walk(&h, c, 0, false);
        }
    }
    flush(&h);
    xmlFreeDoc(doc);
    wp__sb_free(&h.line);
    if (h.rc == 0 && h.out.rc < 0)
        h.rc = h.out.rc;
    if (h.rc < 0) {
        wp__sb_free(&h.out);
        return h.rc;
    }
    if (h.out.s == NULL && (h.out.s = wp__malloc(1)) != NULL)
        h.out.s[0] = '\0';
    if (h.out.s == NULL)
        return wp__err_nomem();
    *out = h.out.s;
    *out_len = h.out.len;
    return 0;
}

int wp_import_html(wp_plan **out, wp_import_report **report, const void *data, size_t len,
                   const wp_import_options *options)
{
    char *t;
    size_t tlen;
    int rc;
    if (report != NULL)
        *report = NULL;
    if (out == NULL || data == NULL)
        return wp__err(WP_EINVAL, "wp_import_html: NULL argument");
    *out = NULL;
    if ((rc = wp__html_text(&t, &tlen, data, len)) < 0)
        return rc;
    rc = wp__import_plain(out, report, t, tlen, options);
    wp__free(t);
    return rc;
}
