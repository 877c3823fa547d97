/*
 * Word .docx reader: the package (a zip, read with libzip) and its main
 * part word/document.xml (libxml2), with the numbering definitions
 * (word/numbering.xml) and paragraph styles (word/styles.xml) that give
 * Word's automatic numbers.
 *
 * Paragraphs become lines; an automatic number is rendered from its level's
 * lvlText and numFmt (一、 （一） 1. （1） ①), with one counter per numId and
 * level, deeper levels restarting when a shallower one counts; tables become
 * one line per row with the cells separated by tabs (a merged cell repeats
 * its text); headers, footers, comments, footnotes, field codes and tracked
 * deletions (w:del, w:moveFrom) are not read; insertions are.
 *
 * Limits: the uncompressed parts may total 64 times the package (at least
 * 16 MiB, at most 512 MiB; WP_ELIMIT beyond, a zip bomb); XML is parsed
 * without network access, without entity substitution or DTD loading, and
 * with libxml2's default depth limit; the walk stops at 256 levels.
 */
#include "readers.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define MAX_LEVELS 9

typedef struct level {
    int start;
    char fmt[40];   /* numFmt w:val */
    char text[64];  /* lvlText w:val */
    bool legal;     /* isLgl: cited levels in Arabic numerals */
    bool set;
} level;

typedef struct abstract_num {
    int id;
    level lvl[MAX_LEVELS];
} abstract_num;

typedef struct num {
    int id;
    int abstract; /* index into abstracts, -1 if none */
    int start_override[MAX_LEVELS]; /* -1: none */
    level over[MAX_LEVELS];         /* levels redefined by lvlOverride */
    int count[MAX_LEVELS];
    bool started[MAX_LEVELS];
} num;

typedef struct style {
    char id[64];
    char based_on[64];
    int num_id, ilvl; /* -1: none */
} style;

typedef struct docx {
    zip_t *zip;
    size_t budget;      /* uncompressed bytes left to read */
    abstract_num *abstracts;
    size_t n_abstracts;
    num *nums;
    size_t n_nums;
    style *styles;
    size_t n_styles;
    wp__sb out;
    int rc;
} docx;

/* ---- XML helpers ------------------------------------------------------------ */

static bool is(const xmlNode *n, const char *name)
{
    return n != NULL && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* An attribute by local name, whatever its namespace prefix (w: in
 * transitional, the strict namespace otherwise). Borrowed text or NULL. */
static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0 && a->children &&
            a->children->type == XML_TEXT_NODE)
            return (const char *)a->children->content;
    return NULL;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is(c, name))
            return c;
    return NULL;
}

static int int_attr(const xmlNode *n, const char *name, int dflt)
{
    const char *v = attr(n, name);
    long x;
    char *end;
    if (v == NULL)
        return dflt;
    x = strtol(v, &end, 10);
    return end != v && x >= -1000000 && x <= 1000000 ? (int)x : dflt;
}

/* ---- zip parts ---------------------------------------------------------------- */

static const char *zip_problem(int code)
{
    switch (code) {
    case ZIP_ER_NOZIP: return "not a zip archive";
    case ZIP_ER_INCONS: return "the zip archive is inconsistent (truncated or damaged)";
    case ZIP_ER_CRC: return "a CRC error (the archive is damaged)";
    case ZIP_ER_COMPNOTSUPP: return "a compression method libzip does not support";
    case ZIP_ER_ENCRNOTSUPP: return "an encryption method libzip does not support";
    case ZIP_ER_NOPASSWD: return "the part is encrypted (password-protected)";
    case ZIP_ER_WRONGPASSWD: return "the part is encrypted (password-protected)";
    case ZIP_ER_ZLIB: return "a damaged compressed stream";
    case ZIP_ER_MEMORY: return "out of memory";
    case ZIP_ER_EOF: return "a premature end of the archive (truncated)";
    case ZIP_ER_READ: return "a read error (the archive is damaged)";
    default: return "a damaged zip archive";
    }
}

/* Read part `name` into a new buffer; *found false when absent (rc 0). */
static int read_part(docx *d, const char *name, char **out, size_t *out_len, bool *found)
{
    zip_int64_t idx = zip_name_locate(d->zip, name, 0);
    zip_file_t *f;
    wp__sb sb = {0};
    char buf[16384];
    *out = NULL;
    *out_len = 0;
    *found = idx >= 0;
    if (idx < 0)
        return 0;
    if ((f = zip_fopen_index(d->zip, (zip_uint64_t)idx, 0)) == NULL) {
        int code = zip_error_code_zip(zip_get_error(d->zip));
        return wp__err(code == ZIP_ER_MEMORY ? WP_ENOMEM : WP_EFORMAT, "docx: %s: %s", name,
                       zip_problem(code));
    }
    for (;;) {
        zip_int64_t got = zip_fread(f, buf, sizeof buf);
        if (got < 0) {
            int code = zip_error_code_zip(zip_file_get_error(f));
            zip_fclose(f);
            wp__sb_free(&sb);
            return wp__err(WP_EFORMAT, "docx: %s: %s", name, zip_problem(code));
        }
        if (got == 0)
            break;
        if ((size_t)got > d->budget) {
            zip_fclose(f);
            wp__sb_free(&sb);
            return wp__err(WP_ELIMIT,
                           "docx: %s: the uncompressed parts exceed the limit (%d times the "
                           "package, at most %zu MiB): a zip bomb?",
                           name, WP__DOCX_RATIO, WP__DOCX_MAX_LIMIT >> 20);
        }
        d->budget -= (size_t)got;
        wp__sb_put(&sb, buf, (size_t)got);
        if (sb.rc < 0) {
            int rc = sb.rc;
            zip_fclose(f);
            wp__sb_free(&sb);
            return rc;
        }
    }
    zip_fclose(f);
    if (sb.s == NULL)
        wp__sb_put(&sb, " ", 0);
    *out = sb.s;
    *out_len = sb.len;
    return 0;
}

static int parse_part(docx *d, const char *name, xmlDoc **doc, bool required)
{
    char *xml;
    size_t len;
    bool found;
    int rc = read_part(d, name, &xml, &len, &found);
    *doc = NULL;
    if (rc < 0)
        return rc;
    if (!found)
        return required ? wp__err(WP_EFORMAT,
                                  "docx: not a Word document: the package has no %s", name)
                        : 0;
    if (len > (size_t)0x7fffffff) {
        wp__free(xml);
        return wp__err(WP_ELIMIT, "docx: %s is too large", name);
    }
    xmlResetLastError(); /* the message below must be this parse's */
    *doc = xmlReadMemory(xml ? xml : "", (int)len, name, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                             XML_PARSE_NOCDATA);
    if (*doc == NULL) {
        const xmlError *e = xmlGetLastError();
        char msg[160] = "";
        size_t n;
        if (e != NULL && e->message != NULL)
            snprintf(msg, sizeof msg, ": %s", e->message);
        n = strlen(msg); /* libxml2's messages end with a newline */
        while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
            msg[--n] = '\0';
        rc = wp__err(WP_EFORMAT, "docx: %s: not well-formed XML%s (line %d)", name, msg,
                     e ? e->line : 0);
    }
    wp__free(xml);
    return rc;
}

/* ---- numbering --------------------------------------------------------------- */

static void read_level(level *l, const xmlNode *lvl)
{
    const char *fmt = attr(child(lvl, "numFmt"), "val");
    const char *text = attr(child(lvl, "lvlText"), "val");
    l->start = int_attr(child(lvl, "start"), "val", 1);
    l->legal = child(lvl, "isLgl") != NULL;
    snprintf(l->fmt, sizeof l->fmt, "%s", fmt ? fmt : "decimal");
    snprintf(l->text, sizeof l->text, "%s", text ? text : "");
    l->set = true;
}

static int read_numbering(docx *d)
{
    xmlDoc *doc;
    const xmlNode *root;
    size_t na = 0, nn = 0;
    int rc = parse_part(d, "word/numbering.xml", &doc, false);
    if (rc < 0 || doc == NULL)
        return rc;
    root = xmlDocGetRootElement(doc);
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next)
        na += is(c, "abstractNum"), nn += is(c, "num");
    d->abstracts = wp__malloc((na ? na : 1) * sizeof *d->abstracts);
    d->nums = wp__malloc((nn ? nn : 1) * sizeof *d->nums);
    if (d->abstracts == NULL || d->nums == NULL) {
        xmlFreeDoc(doc);
        return wp__err_nomem();
    }
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (is(c, "abstractNum")) {
            abstract_num *a = &d->abstracts[d->n_abstracts++];
            memset(a, 0, sizeof *a);
            a->id = int_attr(c, "abstractNumId", -1);
            for (const xmlNode *l = c->children; l; l = l->next) {
                int i = int_attr(l, "ilvl", -1);
                if (is(l, "lvl") && i >= 0 && i < MAX_LEVELS)
                    read_level(&a->lvl[i], l);
            }
        }
    }
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (is(c, "num")) {
            num *n = &d->nums[d->n_nums++];
            int abs_id = int_attr(child(c, "abstractNumId"), "val", -1);
            memset(n, 0, sizeof *n);
            n->id = int_attr(c, "numId", -1);
            n->abstract = -1;
            for (size_t k = 0; k < d->n_abstracts; k++)
                if (d->abstracts[k].id == abs_id)
                    n->abstract = (int)k;
            for (int i = 0; i < MAX_LEVELS; i++)
                n->start_override[i] = -1;
            for (const xmlNode *o = c->children; o; o = o->next) {
                int i = int_attr(o, "ilvl", -1);
                if (!is(o, "lvlOverride") || i < 0 || i >= MAX_LEVELS)
                    continue;
                if (child(o, "startOverride"))
                    n->start_override[i] = int_attr(child(o, "startOverride"), "val", 1);
                if (child(o, "lvl"))
                    read_level(&n->over[i], child(o, "lvl"));
            }
        }
    }
    xmlFreeDoc(doc);
    return 0;
}

static void numpr(const xmlNode *pr, int *num_id, int *ilvl)
{
    const xmlNode *np = child(pr, "numPr");
    if (np == NULL)
        return;
    if (child(np, "numId"))
        *num_id = int_attr(child(np, "numId"), "val", -1);
    if (child(np, "ilvl"))
        *ilvl = int_attr(child(np, "ilvl"), "val", 0);
}

static int read_styles(docx *d)
{
    xmlDoc *doc;
    const xmlNode *root;
    size_t n = 0;
    int rc = parse_part(d, "word/styles.xml", &doc, false);
    if (rc < 0 || doc == NULL)
        return rc;
    root = xmlDocGetRootElement(doc);
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next)
        n += is(c, "style");
    if ((d->styles = wp__malloc((n ? n : 1) * sizeof *d->styles)) == NULL) {
        xmlFreeDoc(doc);
        return wp__err_nomem();
    }
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        const char *id = attr(c, "styleId"), *based;
        style *s;
        if (!is(c, "style") || id == NULL)
            continue;
        s = &d->styles[d->n_styles++];
        memset(s, 0, sizeof *s);
        snprintf(s->id, sizeof s->id, "%s", id);
        based = attr(child(c, "basedOn"), "val");
        snprintf(s->based_on, sizeof s->based_on, "%s", based ? based : "");
        s->num_id = -1;
        s->ilvl = -1;
        numpr(child(c, "pPr"), &s->num_id, &s->ilvl);
    }
    xmlFreeDoc(doc);
    return 0;
}

/* The numbering a paragraph style gives (following basedOn, 10 steps). */
static void style_numbering(const docx *d, const char *id, int *num_id, int *ilvl)
{
    for (int hops = 0; id != NULL && id[0] && hops < 10; hops++) {
        const style *s = NULL;
        for (size_t k = 0; k < d->n_styles && s == NULL; k++)
            if (strcmp(d->styles[k].id, id) == 0)
                s = &d->styles[k];
        if (s == NULL)
            return;
        if (*ilvl < 0 && s->ilvl >= 0)
            *ilvl = s->ilvl;
        if (s->num_id >= 0) {
            *num_id = s->num_id;
            return;
        }
        id = s->based_on;
    }
}

/* Chinese numeral for 1..99999 (二十一, 一百零五, 一千). */
static void chinese(char *out, size_t size, int v, bool formal)
{
    static const char *const digit[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    static const char *const unit[] = {"", "十", "百", "千", "万"};
    int d[5], top = 0;
    size_t o = 0;
    bool zero = false;
    (void)formal;
    out[0] = '\0';
    if (v <= 0 || v > 99999) {
        snprintf(out, size, "%d", v);
        return;
    }
    for (int i = 0; i < 5; i++) {
        d[i] = v % 10;
        v /= 10;
        if (d[i])
            top = i;
    }
    for (int i = top; i >= 0; i--) {
        if (d[i] == 0) {
            zero = true;
            continue;
        }
        if (zero && o > 0)
            o += (size_t)snprintf(out + o, size - o, "%s", digit[0]);
        zero = false;
        /* 十一, not 一十一, at the head of a number below 20 */
        if (!(i == 1 && d[i] == 1 && i == top))
            o += (size_t)snprintf(out + o, size - o, "%s", digit[d[i]]);
        o += (size_t)snprintf(out + o, size - o, "%s", unit[i]);
        if (o >= size)
            return;
    }
}

static void format_number(char *out, size_t size, int v, const char *fmt)
{
    static const char *const tiangan[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
    if (strcmp(fmt, "chineseCounting") == 0 || strcmp(fmt, "chineseCountingThousand") == 0 ||
        strcmp(fmt, "chineseLegalSimplified") == 0 || strcmp(fmt, "ideographDigital") == 0 ||
        strcmp(fmt, "taiwaneseCounting") == 0 || strcmp(fmt, "taiwaneseCountingThousand") == 0 ||
        strcmp(fmt, "japaneseCounting") == 0) {
        chinese(out, size, v, false);
    } else if (strcmp(fmt, "ideographTraditional") == 0 && v >= 1 && v <= 10) {
        snprintf(out, size, "%s", tiangan[v - 1]);
    } else if ((strcmp(fmt, "decimalEnclosedCircle") == 0 ||
                strcmp(fmt, "decimalEnclosedCircleChinese") == 0) && v >= 1 && v <= 20) {
        /* ① U+2460 … ⑳ U+2473 */
        unsigned cp = 0x2460u + (unsigned)v - 1;
        snprintf(out, size, "%c%c%c", (char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)),
                 (char)(0x80 | (cp & 0x3F)));
    } else if (strcmp(fmt, "decimalFullWidth") == 0 || strcmp(fmt, "decimalFullWidth2") == 0) {
        char ascii[16];
        size_t o = 0;
        snprintf(ascii, sizeof ascii, "%d", v);
        for (const char *p = ascii; *p && o + 4 < size; p++)
            o += (size_t)snprintf(out + o, size - o, "\xEF\xBC%c", (char)(0x90 + (*p - '0')));
    } else if ((strcmp(fmt, "lowerLetter") == 0 || strcmp(fmt, "upperLetter") == 0) && v >= 1) {
        char c = (char)((fmt[0] == 'l' ? 'a' : 'A') + (v - 1) % 26);
        int times = (v - 1) / 26 + 1;
        size_t o = 0;
        for (int i = 0; i < times && o + 1 < size; i++)
            out[o++] = c;
        out[o] = '\0';
    } else if ((strcmp(fmt, "lowerRoman") == 0 || strcmp(fmt, "upperRoman") == 0) && v >= 1 &&
               v < 4000) {
        static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
        static const char *const up[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX",
                                         "V", "IV", "I"};
        static const char *const lo[] = {"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix",
                                         "v", "iv", "i"};
        size_t o = 0;
        out[0] = '\0';
        for (int i = 0; i < 13; i++)
            while (v >= val[i] && o + 3 < size) {
                o += (size_t)snprintf(out + o, size - o, "%s", fmt[0] == 'l' ? lo[i] : up[i]);
                v -= val[i];
            }
    } else if (strcmp(fmt, "none") == 0 || strcmp(fmt, "bullet") == 0) {
        out[0] = '\0';
    } else {
        snprintf(out, size, "%d", v);
    }
}

/* The label of a numbered paragraph, counting it; "" for bullets. */
static void number_label(docx *d, int num_id, int ilvl, char *out, size_t size)
{
    num *n = NULL;
    const abstract_num *a;
    const level *l;
    size_t o = 0;
    out[0] = '\0';
    if (ilvl < 0)
        ilvl = 0;
    if (num_id <= 0 || ilvl >= MAX_LEVELS)
        return; /* numId 0 removes the numbering */
    for (size_t k = 0; k < d->n_nums && n == NULL; k++)
        if (d->nums[k].id == num_id)
            n = &d->nums[k];
    if (n == NULL || n->abstract < 0)
        return;
    a = &d->abstracts[n->abstract];
    l = n->over[ilvl].set ? &n->over[ilvl] : &a->lvl[ilvl];
    if (!l->set || strcmp(l->fmt, "bullet") == 0)
        return;
    if (!n->started[ilvl]) {
        n->count[ilvl] = n->start_override[ilvl] >= 0 ? n->start_override[ilvl] : l->start;
        n->started[ilvl] = true;
    } else {
        n->count[ilvl]++;
    }
    for (int i = ilvl + 1; i < MAX_LEVELS; i++)
        n->started[i] = false;
    for (const char *p = l->text; *p && o + 1 < size;) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
            int k = p[1] - '1';
            char num_text[48];
            const level *lk = n->over[k].set ? &n->over[k] : &a->lvl[k];
            int v = n->started[k] ? n->count[k] : (lk->set ? lk->start : 1);
            format_number(num_text, sizeof num_text, v,
                          lk->set && !(l->legal && k != ilvl) ? lk->fmt : "decimal");
            o += (size_t)snprintf(out + o, size - o, "%s", num_text);
            p += 2;
        } else {
            out[o++] = *p++;
            out[o] = '\0';
        }
    }
    if (o >= size)
        out[size - 1] = '\0';
}

/* ---- the body ---------------------------------------------------------------- */

/* The text of runs under n, in order (tracked deletions left out). */
static void runs(docx *d, wp__sb *sb, const xmlNode *n, int depth)
{
    if (depth > WP__READER_MAX_DEPTH) {
        if (d->rc == 0)
            d->rc = wp__err(WP_ELIMIT, "docx: word/document.xml: nested deeper than %d",
                            WP__READER_MAX_DEPTH);
        return;
    }
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is(c, "t")) {
            for (const xmlNode *t = c->children; t; t = t->next)
                if (t->type == XML_TEXT_NODE && t->content)
                    wp__sb_puts(sb, (const char *)t->content);
        } else if (is(c, "tab") || is(c, "ptab")) {
            wp__sb_putc(sb, ' ');
        } else if (is(c, "br") || is(c, "cr")) {
            const char *type = attr(c, "type");
            if (type == NULL || strcmp(type, "textWrapping") == 0)
                wp__sb_putc(sb, '\n');
        } else if (is(c, "noBreakHyphen")) {
            wp__sb_putc(sb, '-');
        } else if (is(c, "del") || is(c, "moveFrom") || is(c, "delText") ||
                   is(c, "instrText") || is(c, "Fallback") || is(c, "pPr") || is(c, "rPr") ||
                   is(c, "commentReference") || is(c, "footnoteReference") ||
                   is(c, "endnoteReference") || is(c, "delInstrText")) {
            /* left out */
        } else if (is(c, "p")) {
            /* a paragraph in a text box */
            wp__sb_putc(sb, '\n');
            runs(d, sb, c, depth + 1);
            wp__sb_putc(sb, '\n');
        } else {
            runs(d, sb, c, depth + 1); /* r, ins, moveTo, hyperlink, smartTag, sdt, … */
        }
    }
}

/* A paragraph's text with its automatic number in front. */
static void paragraph(docx *d, wp__sb *sb, const xmlNode *p)
{
    const xmlNode *ppr = child(p, "pPr");
    int num_id = -1, ilvl = -1;
    char label[128];
    numpr(ppr, &num_id, &ilvl);
    if (num_id < 0) {
        const char *st = attr(child(ppr, "pStyle"), "val");
        if (st)
            style_numbering(d, st, &num_id, &ilvl);
    }
    /* A paragraph whose mark was deleted and that has no text left: skip. */
    number_label(d, num_id, ilvl, label, sizeof label);
    wp__sb_puts(sb, label);
    if (label[0]) {
        size_t n = strlen(label);
        unsigned char last = (unsigned char)label[n - 1];
        if ((last >= '0' && last <= '9') || (last >= 'A' && last <= 'Z') ||
            (last >= 'a' && last <= 'z'))
            wp__sb_putc(sb, ' ');
    }
    runs(d, sb, p, 0);
}

/* The text of a table cell: its paragraphs joined by spaces, and the cells
 * of a nested table. */
static void cell_text(docx *d, wp__sb *sb, const xmlNode *tc, int depth)
{
    if (depth > WP__READER_MAX_DEPTH)
        return;
    for (const xmlNode *c = tc->children; c; c = c->next) {
        size_t before = sb->len;
        if (before > 0)
            wp__sb_putc(sb, ' ');
        if (is(c, "p")) {
            paragraph(d, sb, c);
        } else if (is(c, "tbl")) {
            for (const xmlNode *r = c->children; r; r = r->next)
                if (is(r, "tr"))
                    cell_text(d, sb, r, depth + 1);
        } else if (is(c, "tc") || is(c, "sdt") || is(c, "sdtContent") || is(c, "customXml")) {
            cell_text(d, sb, c, depth + 1);
        }
        if (sb->len == before + (before > 0 ? 1 : 0))
            sb->len = before; /* nothing added: no separator */
        if (sb->s)
            sb->s[sb->len] = '\0';
    }
}

#define MAX_COLS 64

static void table(docx *d, const xmlNode *tbl, int depth)
{
    /* The text above, per grid column, for vertically merged cells. */
    char *above[MAX_COLS] = {NULL};
    for (const xmlNode *tr = tbl->children; tr && d->out.rc == 0; tr = tr->next) {
        wp__sb row = {0};
        int col = 0;
        bool any = false;
        if (is(tr, "sdt") || is(tr, "customXml")) {
            /* rows inside a content control: read them as a table */
            const xmlNode *inner = child(tr, "sdtContent");
            if (inner)
                table(d, inner, depth + 1);
            continue;
        }
        if (!is(tr, "tr"))
            continue;
        for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
            const xmlNode *tcpr;
            wp__sb cell = {0};
            const char *merge;
            int span;
            if (!is(tc, "tc"))
                continue;
            tcpr = child(tc, "tcPr");
            span = int_attr(child(tcpr, "gridSpan"), "val", 1);
            merge = child(tcpr, "vMerge") ? attr(child(tcpr, "vMerge"), "val") : NULL;
            if (child(tcpr, "vMerge") && (merge == NULL || strcmp(merge, "continue") == 0) &&
                col < MAX_COLS && above[col]) {
                wp__sb_puts(&cell, above[col]); /* a merged cell: the text above */
            } else {
                cell_text(d, &cell, tc, depth + 1);
            }
            if (cell.rc < 0) {
                d->out.rc = cell.rc;
                wp__sb_free(&cell);
                break;
            }
            if (col > 0)
                wp__sb_putc(&row, '\t');
            if (cell.len) {
                wp__sb_put_cell(&row, cell.s, cell.len);
                any = true;
            }
            if (col < MAX_COLS) {
                wp__free(above[col]);
                above[col] = cell.s; /* kept for the row below */
                cell.s = NULL;
            }
            wp__sb_free(&cell);
            for (int k = 1; k < span && k < MAX_COLS; k++) {
                wp__sb_putc(&row, '\t');
                if (col + k < MAX_COLS) {
                    wp__free(above[col + k]);
                    above[col + k] = NULL;
                }
            }
            col += span > 0 ? span : 1;
        }
        if (row.rc < 0 && d->out.rc == 0)
            d->out.rc = row.rc;
        if (any) {
            wp__sb_eol(&d->out);
            wp__sb_put(&d->out, row.s, row.len);
            wp__sb_putc(&d->out, '\n');
        }
        wp__sb_free(&row);
    }
    for (int k = 0; k < MAX_COLS; k++)
        wp__free(above[k]);
}

static void block(docx *d, const xmlNode *n, int depth)
{
    if (depth > WP__READER_MAX_DEPTH) {
        if (d->rc == 0)
            d->rc = wp__err(WP_ELIMIT, "docx: word/document.xml: nested deeper than %d",
                            WP__READER_MAX_DEPTH);
        return;
    }
    for (const xmlNode *c = n->children; c && d->rc == 0 && d->out.rc == 0; c = c->next) {
        if (is(c, "p")) {
            size_t before = d->out.len;
            paragraph(d, &d->out, c);
            if (d->out.len > before)
                wp__sb_putc(&d->out, '\n');
        } else if (is(c, "tbl")) {
            table(d, c, depth + 1);
        } else if (is(c, "sdt")) {
            const xmlNode *inner = child(c, "sdtContent");
            if (inner)
                block(d, inner, depth + 1);
        } else if (is(c, "customXml") || is(c, "ins") || is(c, "moveTo") ||
                   is(c, "AlternateContent") || is(c, "Choice")) {
            block(d, c, depth + 1);
        }
        /* sectPr, del, moveFrom, bookmarks: nothing */
    }
}

int wp__docx_text(char **out, size_t *out_len, const void *data, size_t len)
{
    docx d;
    zip_source_t *src;
    zip_error_t zerr;
    xmlDoc *doc = NULL;
    const xmlNode *root, *body;
    int rc;
    *out = NULL;
    *out_len = 0;
    memset(&d, 0, sizeof d);
    wp__xml_init();
    zip_error_init(&zerr);
    if ((src = zip_source_buffer_create(data, len, 0, &zerr)) == NULL) {
        zip_error_fini(&zerr);
        return wp__err_nomem();
    }
    if ((d.zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr)) == NULL) {
        int code = zip_error_code_zip(&zerr);
        zip_source_free(src);
        zip_error_fini(&zerr);
        return wp__err(code == ZIP_ER_MEMORY ? WP_ENOMEM : WP_EFORMAT,
                       "docx: the package cannot be opened: %s", zip_problem(code));
    }
    zip_error_fini(&zerr);
    d.budget = len > WP__DOCX_MAX_LIMIT / WP__DOCX_RATIO ? WP__DOCX_MAX_LIMIT
                                                         : len * WP__DOCX_RATIO;
    if (d.budget < WP__DOCX_MIN_LIMIT)
        d.budget = WP__DOCX_MIN_LIMIT;
    if ((rc = parse_part(&d, "word/document.xml", &doc, true)) < 0)
        goto done;
    if ((rc = read_numbering(&d)) < 0 || (rc = read_styles(&d)) < 0)
        goto done;
    root = xmlDocGetRootElement(doc);
    body = is(root, "document") ? child(root, "body") : NULL;
    if (body == NULL) {
        rc = wp__err(WP_EFORMAT, "docx: word/document.xml has no w:document/w:body: not a Word "
                                 "document");
        goto done;
    }
    block(&d, body, 0);
    if ((rc = d.rc) < 0 || (rc = d.out.rc) < 0)
        goto done;
    if (d.out.s == NULL) {
        /* an empty document: an empty text, which the importer reports */
        if ((d.out.s = wp__malloc(1)) == NULL) {
            rc = wp__err_nomem();
            goto done;
        }
        d.out.s[0] = '\0';
    }
    *out = d.out.s;
    *out_len = d.out.len;
    d.out.s = NULL;
done:
    xmlFreeDoc(doc);
    zip_discard(d.zip); /* frees the source too */
    wp__free(d.abstracts);
    wp__free(d.nums);
    wp__free(d.styles);
    wp__sb_free(&d.out);
    return rc;
}

int wp_import_docx(wp_plan **out, wp_import_report **report, const void *data, size_t len,
                   const wp_import_options *options)
{
    char *text;
    size_t text_len;
    int rc;
    if (report != NULL)
        *report = NULL;
    if (out == NULL || data == NULL)
        return wp__err(WP_EINVAL, "wp_import_docx: NULL argument");
    *out = NULL;
    if ((rc = wp__docx_text(&text, &text_len, data, len)) < 0)
        return rc;
    rc = wp__import_plain(out, report, text, text_len, options);
    wp__free(text);
    return rc;
}
