/*
 * Import: document metadata per GB/T 9704 — 发文字号, 发文机关, 标题,
 * 主送机关, 成文日期, 印发 — web-page furniture, the title block and the
 * preamble; kind, year and script.
 */
#include "importx.h"
#include "lexicon.h"
#include "textnorm.h"
#include "cborio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- furniture ----------------------------------------------------------- */

static bool has_suffix(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* chars(s) < max, for s of len bytes: eight bytes at a time (called for
 * every line). */
static bool chars_below(const char *s, size_t len, size_t max)
{
    size_t n = 0, i = 0;
    if (len < max)
        return true; /* a character is at least a byte */
    if (len / 4 >= max)
        return false; /* … and at most four */
    for (; i + 8 <= len && n < max; i += 8) {
        uint64_t w, cont;
        memcpy(&w, s + i, 8);
        /* Continuation bytes (10xxxxxx): bit 7 set, bit 6 clear. */
        cont = w & ~(w << 1) & 0x8080808080808080ull;
        n += 8 - (size_t)(((cont >> 7) * 0x0101010101010101ull) >> 56);
    }
    for (; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n < max;
}

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* s (of len bytes) ends with a file name's extension. */
static bool file_name(const char *s, size_t len)
{
    static const char *const exts[] = {".doc", ".docx", ".pdf", ".xls", ".xlsx", ".wps",
                                       ".zip", ".rar", ".ofd", ".et", ".txt", ".jpg"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t el = strlen(exts[i]);
        if (len >= el && s[len - el] == '.' && memcmp(s + len - el, exts[i], el) == 0)
            return true;
    }
    return false;
}

/* A date after a metadata label: 2024-03-08, 2022- 01- 14, 2024年3月8日. */
static bool label_date(const char *p, wp_date *d)
{
    char buf[64];
    size_t o = 0, n;
    if (wp__imp_date(p, &n, d))
        return true; /* 2025-01-10 16:02 */
    /* Spaces inside a printed date are dropped (2022- 01- 14). */
    for (; *p && o < sizeof buf - 1 && o < 40; p++)
        if (*p != ' ')
            buf[o++] = *p;
    buf[o] = '\0';
    return wp__imp_date(buf, &n, d);
}

/* Web-page furniture, metadata rows and empty-page marks: not content.
 * Metadata rows give the web publication date, and the issuer or title
 * they name (used when the document gives none). */
static bool furniture(wp__imp *im, const char *s, size_t s_len)
{
    size_t len;
    wp__lex_meta kind;
    wp_date d;
    if (strcmp(s, "（此页无正文）") == 0 || strcmp(s, "(此页无正文)") == 0)
        return true;
    /* 版记: （此件主动公开）, 抄送：… */
    if (((wp__starts(s, "（此件") || wp__starts(s, "(此件")) && chars(s) <= 16) ||
        wp__starts(s, "抄送：") || wp__starts(s, "抄送:"))
        return true;
    if ((kind = wp__lex_meta_label(s, &len)) != WP__META_NONE) {
        const char *v = s + len;
        switch (kind) {
        case WP__META_PUBLISHED:
            if (label_date(v, &d) && wp_plan_published(im->plan) == WP_DATE_NONE)
                wp__imp_fail(im, wp_plan_set_published(im->plan, d));
            break;
        case WP__META_ISSUER:
        case WP__META_TITLE: {
            /* The value up to the next run of spaces (another label). */
            char *dst = kind == WP__META_ISSUER ? im->meta_issuer : im->meta_title;
            size_t cap = kind == WP__META_ISSUER ? sizeof im->meta_issuer : sizeof im->meta_title;
            size_t vl = 0;
            while (v[vl] && !(v[vl] == ' ' && v[vl + 1] == ' '))
                vl++;
            while (vl > 0 && v[vl - 1] == ' ')
                vl--;
            if (dst[0] == '\0' && vl > 0 && vl < cap) {
                memcpy(dst, wp__imp_printed(im, v), vl);
                dst[vl] = '\0';
            }
            break;
        }
        default:
            break;
        }
        /* 发布时间：… 来源：… on one line: look for a date anywhere. */
        if (wp_plan_published(im->plan) == WP_DATE_NONE && kind != WP__META_TITLE) {
            const char *p = strstr(s, "时间");
            if (p == NULL)
                p = strstr(s, "日期");
            if (p != NULL) {
                size_t l2;
                if (wp__lex_meta_label(p, &l2) == WP__META_PUBLISHED && label_date(p + l2, &d))
                    wp__imp_fail(im, wp_plan_set_published(im->plan, d));
            }
        }
        return true;
    }
    if (wp__lex_furniture_start(s))
        return true;
    if (chars_below(s, s_len, 120) && wp__lex_furniture_inside(s))
        return true; /* the site's registration footer, 字号 大 中 小 */
    if (s_len < 300 && file_name(s, s_len))
        return true; /* an attachment's file name, as a download link */
    return false;
}

/* ---- pieces -------------------------------------------------------------- */

/* 渝科协发〔2024〕17号 and its bracket variants, anywhere in s. */
static bool doc_number(const char *s, wp_doc_number *dn, char *buf, size_t cap)
{
    static const char *const open[] = {"〔", "［", "[", "【", "（", "("};
    static const char *const close[] = {"〕", "］", "]", "】", "）", ")"};
    for (size_t k = 0; k < sizeof open / sizeof open[0]; k++) {
        const char *o = strstr(s, open[k]), *p, *c, *q;
        char *end;
        long year, serial;
        size_t plen;
        if (o == NULL)
            continue;
        p = o + strlen(open[k]);
        year = strtol(p, &end, 10);
        if (end - p != 4 || year < 1949 || year > 2200 || !wp__starts(end, close[k]))
            continue;
        c = end + strlen(close[k]);
        serial = strtol(c, &end, 10);
        if (end == c || !wp__starts(end, "号") || serial < 0)
            continue;
        /* The prefix: the CJK run before the bracket. */
        q = o;
        while (q > s) {
            const char *r = q - 1;
            size_t n;
            while (r > s && ((unsigned char)*r & 0xC0) == 0x80)
                r--;
            if (!wp__is_cjk(wp__cp(r, &n)))
                break;
            q = r;
        }
        plen = (size_t)(o - q);
        if (plen == 0 || plen + 1 > cap)
            continue;
        memcpy(buf, q, plen);
        buf[plen] = '\0';
        dn->text = NULL;
        dn->prefix = buf;
        dn->year = (int)year;
        dn->serial = serial;
        {
            static char text[256];
            size_t tl = (size_t)(end + 3 - q);
            (void)text;
            if (tl < cap - plen - 1) {
                memcpy(buf + plen + 1, q, tl);
                buf[plen + 1 + tl] = '\0';
                dn->text = buf + plen + 1;
            }
        }
        return true;
    }
    return false;
}

/* Set the plan's document number with its text and prefix as printed (the
 * number is parsed on the folded working copy of a Traditional document). */
static void set_doc_number(wp__imp *im, wp_doc_number *dn)
{
    char text[512], prefix[256];
    if (dn->text != NULL) {
        snprintf(text, sizeof text, "%s", wp__imp_printed(im, dn->text));
        dn->text = text;
    }
    if (dn->prefix != NULL) {
        snprintf(prefix, sizeof prefix, "%s", wp__imp_printed(im, dn->prefix));
        dn->prefix = prefix;
    }
    wp__imp_fail(im, wp_plan_set_doc_number(im->plan, dn));
}


static bool has_sentence_punct(const char *s)
{
    return strstr(s, "。") || strstr(s, "，") || strstr(s, "；") || strstr(s, ",") ||
           strstr(s, "！") || strstr(s, "？");
}

/* A short unpunctuated line naming an organisation (a signature). */
static bool org_name(const char *s)
{
    if (has_sentence_punct(s) || chars(s) > 30 || wp__imp_is_heading(s))
        return false;
    for (size_t i = 0; wp__lex_org_tails[i] != NULL; i++)
        if (has_suffix(s, wp__lex_org_tails[i]))
            return true;
    return false;
}

/* The first of several names printed side by side (A    B). */
static const char *first_name(const char *s)
{
    static _Thread_local char buf[256];
    size_t l = 0;
    while (s[l] && !(s[l] == ' ' && s[l + 1] == ' ') && l < sizeof buf - 1)
        l++;
    memcpy(buf, s, l);
    buf[l] = '\0';
    return buf;
}

/* A line that is only a date (成文日期), spaces inside allowed (2023年3月 20
 * 日). A year misprinted with the month glued on (20173月23日) is read as
 * what is certain — 2017年3月23日 — and the report says so. */
static bool date_line_at(wp__imp *im, const char *s, wp_date *d, int line)
{
    char buf[96];
    size_t o = 0, n;
    {
        /* Both readings below need two digits of a year first, spaces
         * aside (most lines have none: no copy of them). */
        const char *p = s;
        for (int k = 0; k < 2; k++) {
            while (*p == ' ')
                p++;
            if (!wp__imp_date_may_start(p))
                return false;
            wp__cp(p, &n);
            p += n;
        }
    }
    for (const char *p = s; *p; p++) {
        if (*p == ' ')
            continue;
        if (o >= sizeof buf - 1)
            return false;
        buf[o++] = *p;
    }
    buf[o] = '\0';
    if (wp__imp_date(buf, &n, d) && buf[n] == '\0')
        return true;
    if (o > 6 && buf[0] >= '1' && buf[0] <= '2' && strspn(buf, "0123456789") >= 5) {
        char fixed[100];
        size_t digits = strspn(buf, "0123456789");
        if (digits > 6)
            return false;
        snprintf(fixed, sizeof fixed, "%.4s年%s", buf, buf + 4);
        if (wp__imp_date(fixed, &n, d) && fixed[n] == '\0') {
            if (im != NULL)
                wp__imp_warn(im, line, "misprinted date '%s' read as %s", s, fixed);
            return true;
        }
    }
    return false;
}


/* A seal line under a signature: （某某办公室代章）. */
static bool seal_line(const char *s)
{
    return (wp__starts(s, "（") || wp__starts(s, "(")) && strstr(s, "代章") != NULL &&
           chars(s) <= 40;
}

/* The issuer from a signature line: the first body when several are
 * printed side by side (A    B: a joint document). */
static void set_issuer_line(wp__imp *im, const char *s)
{
    char name[256];
    size_t l = 0;
    while (s[l] && !(s[l] == ' ' && s[l + 1] == ' ') && l < sizeof name - 1)
        l++;
    memcpy(name, wp__imp_printed(im, s), l);
    name[l] = '\0';
    while (l > 0 && name[l - 1] == ' ')
        name[--l] = '\0';
    if (l > 0)
        wp__imp_fail(im, wp_plan_set_issuer(im->plan, name));
}

/* "…办公室 2024年3月1日印发" */
static bool printed_line(wp__imp *im, const char *s, size_t s_len)
{
    const char *p;
    size_t n;
    wp_date d;
    if (s_len < 6 || memcmp(s + s_len - 6, "印发", 6) != 0) /* has_suffix(s, "印发") */
        return false;
    for (p = s; *p; p++)
        if (wp__imp_date(p, &n, &d) && strlen(p + n) == strlen("印发")) {
            char pub[256];
            size_t pl = (size_t)(p - s);
            while (pl > 0 && s[pl - 1] == ' ')
                pl--;
            if (pl > 0 && pl < sizeof pub) {
                memcpy(pub, s, pl);
                pub[pl] = '\0';
                wp__imp_fail(im, wp_plan_set_publisher(im->plan, wp__imp_printed(im, pub)));
            }
            wp__imp_fail(im, wp_plan_set_published(im->plan, d));
            return true;
        }
    return false;
}

static void set_recipients(wp__imp *im, const char *s)
{
    size_t len = strlen(s), i = 0, n;
    int depth = 0;
    if (has_suffix(s, "："))
        len -= 3;
    else if (has_suffix(s, ":"))
        len -= 1;
    while (i < len && im->rc == 0) {
        size_t start = i;
        char buf[512];
        while (i < len) {
            uint32_t cp = wp__cp(s + i, &n);
            if (cp == 0xFF08 || cp == '(')
                depth++;
            else if ((cp == 0xFF09 || cp == ')') && depth > 0)
                depth--;
            else if (depth == 0 && (cp == 0x3001 || cp == 0xFF0C || cp == ',' || cp == 0xFF1B))
                break;
            i += n;
        }
        if (i > start && i - start < sizeof buf) {
            memcpy(buf, s + start, i - start);
            buf[i - start] = '\0';
            wp__imp_fail(im, wp_plan_add_recipient(im->plan, wp__imp_printed(im, buf)));
        }
        if (i < len)
            i += n;
    }
}

static void add_references(wp__imp *im, const char *s)
{
    for (const char *o = strstr(s, "《"); o != NULL; o = strstr(o + 3, "《")) {
        const char *c = strstr(o, "》");
        char title[512];
        wp_doc_number dn;
        char buf[512];
        const char *after;
        size_t tl;
        int depth = 0;
        if (c == NULL)
            return;
        /* Nested 〈〉 inside 《》 are part of the title. */
        tl = (size_t)(c - o - 3);
        if (tl == 0 || tl >= sizeof title)
            continue;
        memcpy(title, o + 3, tl);
        title[tl] = '\0';
        (void)depth;
        after = c + 3;
        if ((wp__starts(after, "（") || wp__starts(after, "(")) &&
            doc_number(after, &dn, buf, sizeof buf) && strstr(after, "号") != NULL &&
            strstr(after, "号") - after < 80)
            wp__imp_fail(im, wp_plan_add_reference(im->plan, wp__imp_printed(im, title), &dn));
        else
            wp__imp_fail(im, wp_plan_add_reference(im->plan, wp__imp_printed(im, title), NULL));
        o = c;
    }
}

static wp_plan_kind kind_of(const char *title, bool *summary)
{
    return (wp_plan_kind)wp__lex_kind(title, summary);
}

static int year_in(const char *s)
{
    for (const char *p = s; *p; p++) {
        char *end;
        long y;
        if (*p < '1' || *p > '2')
            continue;
        y = strtol(p, &end, 10);
        if (end - p == 4 && y >= 1949 && y <= 2200 && wp__starts(end, "年"))
            return (int)y;
    }
    return 0;
}

/* Kind from the body when the title gives none: achievements (…了, 已,
 * 累计, 圆满) against targets (力争, 确保, 将, 到…年, …前完成). */
static wp_plan_kind body_kind(wp__imp *im, bool *summary)
{
    static const char *const past[] = {"了", "已", "累计", "圆满", "共计", "取得", NULL};
    static const char *const future[] = {"力争", "确保", "将", "到20", "前完成", "年内", "年底前",
                                         "加快", "推进", "目标", "要", NULL};
    size_t np = 0, nf = 0, seen = 0;
    *summary = false;
    for (size_t i = 0; i < im->n_lines && seen < 400000; i++) {
        const char *l = im->lines[i].s;
        if (im->lines[i].len == 0)
            continue;
        seen += im->lines[i].len;
        for (size_t k = 0; past[k]; k++)
            for (const char *p = strstr(l, past[k]); p; p = strstr(p + 1, past[k]))
                np++;
        for (size_t k = 0; future[k]; k++)
            for (const char *p = strstr(l, future[k]); p; p = strstr(p + 1, future[k]))
                nf++;
    }
    if (np + nf == 0)
        return WP_PLAN_OTHER;
    if (np > nf) {
        *summary = true;
        return WP_PLAN_SUMMARY;
    }
    return WP_PLAN_WORK_PLAN;
}

/* The year of the body's dates when the title, number and date give none:
 * the first 19xx/20xx年 in its first lines. */
static int body_year(wp__imp *im)
{
    size_t seen = 0;
    for (size_t i = 0; i < im->n_lines && seen < 200000; i++) {
        int y;
        if (im->lines[i].len == 0)
            continue;
        seen += im->lines[i].len;
        if ((y = year_in(im->lines[i].s)) >= 1990 && y <= 2100)
            return y;
    }
    return 0;
}

/* The notice wrapper: 关于印发《X》的通知 → X (may span lines). A 〉 (or
 * >) misprinted for the closing 》 is accepted when 的通知 follows it on the
 * same line. On failure title is left empty: a half-copied title must not
 * stand in for the real one (issue 10 defect 4). */
static bool notice_title(wp__imp *im, size_t i, size_t limit, char *title, size_t cap,
                         size_t *used_to)
{
    const char *s = im->lines[i].s, *o;
    size_t tl = 0;
    title[0] = '\0';
    if (!wp__starts(s, "关于") || (o = strstr(s, "《")) == NULL)
        return false;
    o += 3;
    for (size_t j = i; j < limit && j < i + 6; j++) {
        const char *part = j == i ? o : im->lines[j].s;
        const char *c = strstr(part, "》");
        size_t pl;
        if (c == NULL) {
            /* 《X〉的通知: a misprinted closing bracket before 的通知. */
            const char *bad = strstr(part, "〉");
            if (bad != NULL && wp__starts(bad + 3, "的通知"))
                c = bad;
        }
        pl = c ? (size_t)(c - part) : strlen(part);
        if (im->lines[j].len == 0 && j != i)
            continue;
        if (j > i && wp__starts(part, "关于"))
            break; /* another headline: this one was never closed */
        if (tl > 0 && pl > 0 && tl + 1 < cap)
            title[tl++] = ' ';
        if (tl + pl >= cap)
            break;
        memcpy(title + tl, part, pl);
        tl += pl;
        title[tl] = '\0';
        if (c != NULL) {
            *used_to = j;
            if (tl > 0)
                return true;
            break;
        }
    }
    title[0] = '\0';
    return false;
}

/* ---- the pass ------------------------------------------------------------ */

bool wp__imp_is_traditional(wp__imp *im)
{
    /* Characters that exist only in Traditional script and are frequent in
     * this genre: the script detector of a build without OpenCC (with it,
     * import.c folds a sample instead). Not a lexicon. */
    static const char *const trad[] = {"與", "會", "發", "國", "學", "們", "這", "個", "為",
                                       "來", "對", "進", "協", "區", "務", "織", "體", "實",
                                       "點", "關", "現", "項", "級", "產", "業", "經", "開",
                                       "動", "導", "機", "單", "員", "計", "劃", "推進", "建設"};
    size_t hits = 0, total = 0;
    for (size_t i = 0; i < im->n_lines && total < 4000; i++) {
        const char *s = im->lines[i].s;
        total += chars(s);
        for (size_t k = 0; k < sizeof trad / sizeof trad[0]; k++)
            for (const char *p = strstr(s, trad[k]); p; p = strstr(p + 3, trad[k]))
                hits++;
    }
    return total > 0 && hits * 100 > total; /* over 1 % of characters */
}

void wp__imp_meta(wp__imp *im)
{
    size_t first_heading = im->n_lines, header_end = 0, i;
    bool have_header = false;
    char title[1024] = "", buf[512];
    wp_date d;

    /* Furniture anywhere; the first heading bounds the front matter. */
    for (i = 0; i < im->n_lines; i++) {
        wp__line *ln = &im->lines[i];
        if (ln->len == 0)
            continue;
        im->cur_line = i;
        if (!ln->tab && (furniture(im, ln->s, ln->len) || printed_line(im, ln->s, ln->len))) {
            ln->used = true;
            im->rep->counts[WP_IMPORT_LINES_SKIPPED]++;
            /* 温馨提示： 1.… 2.…: the site's own numbered notes. */
            if (wp__starts(ln->s, "温馨提示") || wp__starts(ln->s, "免责声明") ||
                wp__starts(ln->s, "友情提示")) {
                for (size_t k = i + 1; k < im->n_lines; k++) {
                    if (im->lines[k].len == 0)
                        continue;
                    if (!wp__imp_is_heading(im->lines[k].s) || chars(im->lines[k].s) > 80)
                        break;
                    im->lines[k].used = true;
                    im->rep->counts[WP_IMPORT_LINES_SKIPPED]++;
                    i = k;
                }
            }
            continue;
        }
        if (first_heading == im->n_lines &&
            ((!ln->tab && wp__imp_is_heading(ln->s)) ||
             (strstr(ln->s, "序号") &&
              (strstr(ln->s, "任务") || strstr(ln->s, "责任") || ln->tab ||
               memchr(ln->raw, '\t', ln->raw_len) != NULL))))
            first_heading = i;
    }

    /* Header elements in the front matter. */
    for (i = 0; i < first_heading && im->rc == 0; i++) {
        wp__line *ln = &im->lines[i];
        wp_doc_number dn;
        size_t to;
        if (ln->used || ln->len == 0)
            continue;
        if (wp_plan_doc_number(im->plan) == NULL && chars(ln->s) < 40 &&
            doc_number(ln->s, &dn, buf, sizeof buf) && !strstr(ln->s, "《")) {
            set_doc_number(im, &dn);
            ln->used = true;
            header_end = i + 1;
            have_header = true;
        } else if (notice_title(im, i, first_heading, buf, sizeof buf, &to)) {
            snprintf(title, sizeof title, "%s", buf);
            for (size_t j = i; j <= to; j++)
                im->lines[j].used = true;
            header_end = to + 1;
            have_header = true;
            i = to;
        } else if ((has_suffix(ln->s, "：") || has_suffix(ln->s, ":")) && have_header &&
                   wp_plan_recipient_count(im->plan) == 0 && chars(ln->s) > 3) {
            im->cur_line = i;
            set_recipients(im, ln->s);
            ln->used = true;
            header_end = i + 1;
        } else if (have_header && (strstr(ln->s, "印发给你们") || wp__starts(ln->s, "现将") ||
                                   wp__starts(ln->s, "现印发"))) {
            ln->used = true; /* the forwarding paragraph: it names the plan itself */
            header_end = i + 1;
        } else if (date_line_at(im, ln->s, &d, ln->no)) {
            /* 成文日期, with the signature (发文机关署名) above it. */
            wp__imp_fail(im, wp_plan_set_issued(im->plan, d));
            ln->used = true;
            for (size_t j = i; j-- > 0;) {
                if (im->lines[j].len == 0)
                    continue;
                if (seal_line(im->lines[j].s)) {
                    im->lines[j].used = true; /* the issuer signed above it */
                    continue;
                }
                if (!has_sentence_punct(im->lines[j].s) && chars(im->lines[j].s) <= 60 &&
                    !im->lines[j].used) {
                    set_issuer_line(im, im->lines[j].s);
                    im->lines[j].used = true;
                } else if (im->lines[j].used && wp_plan_issuer(im->plan) == NULL &&
                           !has_sentence_punct(im->lines[j].s) && chars(im->lines[j].s) <= 30 &&
                           !strstr(im->lines[j].s, "号")) {
                    set_issuer_line(im, im->lines[j].s);
                }
                break;
            }
            header_end = i + 1;
        } else if (!have_header && wp_plan_issuer(im->plan) == NULL && chars(ln->s) <= 25 &&
                   !has_sentence_punct(ln->s) &&
                   (has_suffix(ln->s, "协会") || has_suffix(ln->s, "委员会") ||
                    has_suffix(ln->s, "人民政府") || has_suffix(ln->s, "办公厅") ||
                    has_suffix(ln->s, "办公室") || has_suffix(ln->s, "局"))) {
            /* 发文机关标志 above the doc number: an issuer before any header. */
            size_t k = i + 1;
            while (k < first_heading && im->lines[k].len == 0)
                k++;
            if (k < first_heading && doc_number(im->lines[k].s, &dn, buf, sizeof buf)) {
                wp__imp_fail(im, wp_plan_set_issuer(im->plan, wp__imp_printed(im, ln->s)));
                ln->used = true;
            }
        } else if (have_header && wp_plan_issuer(im->plan) == NULL && chars(ln->s) <= 25 &&
                   !has_sentence_punct(ln->s) && i < header_end + 2 && title[0] == '\0') {
            wp__imp_fail(im, wp_plan_set_issuer(im->plan, wp__imp_printed(im, ln->s)));
            ln->used = true;
            header_end = i + 1;
        }
    }

    /* The signature at the end (发文机关署名 over 成文日期), when the plan is
     * not wrapped in a notice: an organisation's name, then a date alone. */
    for (i = first_heading + 1; i < im->n_lines && im->rc == 0; i++) {
        wp__line *ln = &im->lines[i];
        size_t j = i;
        if (ln->used || ln->tab || !date_line_at(im, ln->s, &d, ln->no))
            continue;
        while (j-- > first_heading && (im->lines[j].len == 0 || seal_line(im->lines[j].s)))
            if (im->lines[j].len > 0)
                im->lines[j].used = true; /* （…代章）: the body above signed */
        if (j <= first_heading || im->lines[j].used || !org_name(first_name(im->lines[j].s)))
            continue;
        if (wp_plan_issued(im->plan) == WP_DATE_NONE)
            wp__imp_fail(im, wp_plan_set_issued(im->plan, d));
        if (wp_plan_issuer(im->plan) == NULL)
            set_issuer_line(im, im->lines[j].s);
        ln->used = im->lines[j].used = true;
    }

    /* The title block: short unpunctuated lines after the header, joined
     * (a title broken over two to four lines); then the preamble up to the
     * first heading. Once the title names its kind (…工作要点), a further
     * short line is a summary's first group heading (十件大事: the body
     * starts there) or a line of the preamble (前言, 〔…会议通过〕). */
    {
        char body_title[1024] = "", body_title_p[1024] = "";
        size_t bt = 0;
        bool from_body = false, dummy;
        wp__wbuf pre = {0};
        for (i = header_end; i < first_heading; i++) {
            wp__line *ln = &im->lines[i];
            if (ln->used || ln->len == 0)
                continue;
            if (pre.len == 0 && !has_sentence_punct(ln->s) && chars(ln->s) <= 40 &&
                !wp__starts(ln->s, "附件")) {
                size_t l = ln->len;
                bool sum = false;
                if (bt > 0 && wp__lex_kind(body_title, &sum) != WP_PLAN_OTHER &&
                    !wp__starts(ln->s, "（") && !wp__starts(ln->s, "(")) {
                    if (sum)
                        break; /* 十件大事 under a summary's title */
                } else {
                    bool space = bt > 0 && ((unsigned char)body_title[bt - 1] < 0x80 &&
                                            (unsigned char)ln->s[0] < 0x80);
                    if (space && bt + 1 < sizeof body_title)
                        body_title[bt] = body_title_p[bt] = ' ', bt++;
                    if (bt + l < sizeof body_title) {
                        memcpy(body_title + bt, ln->s, l);
                        memcpy(body_title_p + bt, wp__imp_printed(im, ln->s), l);
                        bt += l;
                        body_title[bt] = body_title_p[bt] = '\0';
                    }
                    ln->used = true;
                    continue;
                }
            }
            if (wp__starts(ln->s, "附件"))
                break;
            if (pre.len > 0)
                wp__w_raw(&pre, "\n", 1);
            wp__w_raw(&pre, wp__imp_printed(im, ln->s), ln->len);
            im->cur_line = i;
            add_references(im, ln->s);
            ln->used = true;
        }
        if (pre.failed) {
            wp__imp_fail(im, wp__err_nomem()); /* not a silently dropped preamble */
        } else if (pre.len > 0) {
            wp__w_raw(&pre, "", 1);
            if (pre.failed)
                wp__imp_fail(im, WP_ENOMEM);
            else
                wp__imp_fail(im, wp_plan_set_preamble(im->plan, (const char *)pre.data));
        }
        wp__free(pre.data);
        /* An information box's 名称： when the page gives no better title. */
        if (title[0] == '\0' && im->meta_title[0] != '\0' &&
            (body_title[0] == '\0' || wp__lex_kind(body_title, &dummy) == WP_PLAN_OTHER))
            snprintf(title, sizeof title, "%s", im->meta_title);
        if (title[0] == '\0') {
            strcpy(title, body_title);
            from_body = true;
        }
        if (from_body && title[0] != '\0')
            wp__imp_fail(im, wp_plan_set_title(im->plan, body_title_p));
        else if (title[0] != '\0')
            wp__imp_fail(im, wp_plan_set_title(im->plan, wp__imp_printed(im, title)));
        im->body = i;
    }
    if (wp_plan_issuer(im->plan) == NULL && im->meta_issuer[0] != '\0')
        wp__imp_fail(im, wp_plan_set_issuer(im->plan, im->meta_issuer)); /* 发布机构： */
    /* The plan id: the document number, else the title (MODEL.md). */
    if (wp_plan_doc_number(im->plan) != NULL && wp_plan_doc_number(im->plan)->text != NULL)
        wp__imp_fail(im, wp_plan_set_id(im->plan, wp_plan_doc_number(im->plan)->text));
    else if (title[0] != '\0')
        wp__imp_fail(im, wp_plan_set_id(im->plan, wp_plan_title(im->plan)));

    /* Kind, year, script. */
    {
        const char *t = title[0] != '\0' ? title : NULL; /* folded: the lexicon's script */
        const wp_doc_number *dn = wp_plan_doc_number(im->plan);
        int year = t != NULL ? year_in(t) : 0;
        bool summary = false;
        if (t != NULL)
            wp__imp_fail(im, wp_plan_set_kind(im->plan, kind_of(t, &summary)));
        if (t == NULL || wp_plan_kind_of(im->plan) == WP_PLAN_OTHER) {
            /* No title (or no kind word in it): the body decides — a record
             * of what was done (…了, 已, 累计) is a summary, targets (力争,
             * 确保, 到…年) a work plan. */
            wp_plan_kind k = body_kind(im, &summary);
            wp__imp_fail(im, wp_plan_set_kind(im->plan, k));
            if (k != WP_PLAN_OTHER)
                wp__imp_warn(im, 0, "no kind in the title: %s judged from the body",
                             wp_plan_kind_name(k));
        }
        im->summary = summary;
        if (year == 0 && dn != NULL)
            year = dn->year;
        if (year == 0 && wp_plan_issued(im->plan) != WP_DATE_NONE)
            year = wp_date_year(wp_plan_issued(im->plan));
        if (year == 0)
            year = im->opt.year_hint;
        if (year == 0 && (year = body_year(im)) > 0)
            wp__imp_warn(im, 0, "no year in the title or document number: %d taken from the body",
                         year);
        if (year > 0) {
            im->year = year;
            wp__imp_fail(im, wp_plan_set_year(im->plan, year));
        }
        if (im->traditional || (im->t2s == NULL && wp__imp_is_traditional(im)))
            wp__imp_fail(im, wp_plan_set_script(im->plan, "zh-Hant"));
        else
            wp__imp_fail(im, wp_plan_set_script(im->plan, "zh-Hans"));
    }
    if (im->year == 0)
        wp__imp_warn(im, 0, "no year found in the title, document number or date; "
                            "deadlines like 年底 are left unresolved (use the year hint)");
}
