/*
 * Import: decoding (UTF-8 or GB18030 via iconv), cleaning into lines, the
 * passes, and the report.
 */
#include "importx.h"
#include "readers.h" /* wp_import_file detects .docx and HTML */
#include "textnorm.h"

#include <errno.h>
#include <limits.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- report -------------------------------------------------------------- */

void wp__imp_warn(wp__imp *im, int line, const char *fmt, ...)
{
    wp_import_report *r = im->rep;
    char buf[256];
    va_list ap;
    size_t n;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (r->n_warnings == r->cap_warnings) {
        size_t cap = r->cap_warnings ? r->cap_warnings * 2 : 16;
        struct wp__warning *w = wp__realloc(r->warnings, cap * sizeof *w);
        if (w == NULL) {
            wp__imp_fail(im, WP_ENOMEM);
            return;
        }
        r->warnings = w;
        r->cap_warnings = cap;
    }
    /* Cut at a character boundary if vsnprintf truncated. */
    n = strlen(buf);
    while (n > 0 && wp__check_utf8(buf, n, "warning") < 0)
        buf[--n] = '\0';
    wp_error_clear();
    if ((r->warnings[r->n_warnings].message = wp__malloc(n + 1)) == NULL) {
        wp__imp_fail(im, WP_ENOMEM);
        return;
    }
    memcpy(r->warnings[r->n_warnings].message, buf, n + 1);
    r->warnings[r->n_warnings++].line = line;
}

int wp__imp_fail(wp__imp *im, int rc)
{
    if (rc < 0 && im->rc == 0) {
        const wp_error *e = wp_error_last();
        im->rc = rc;
        im->err = *e;
        snprintf(im->errmsg, sizeof im->errmsg, "%s", e->code == rc ? e->message : "");
        /* A limit crossed while building (WP_LIMIT_NODES): name the line. */
        if (rc == WP_ELIMIT && im->err.offset == WP_NO_OFFSET && im->cur_line < im->n_lines) {
            const wp__line *ln = &im->lines[im->cur_line];
            im->err.offset = ln->off;
            im->err.line = ln->no;
            im->err.column = 1;
        }
        im->err.message = im->errmsg;
    }
    return rc;
}

/* ---- folding Traditional script --------------------------------------- */

static int cmp_pair(const void *a, const void *b)
{
    const struct wp__fold_pair *x = a, *y = b;
    if (x->fold != y->fold)
        return x->fold < y->fold ? -1 : 1;
    return x->print < y->print ? -1 : x->print > y->print;
}

/* Sort the folded → printed pairs and drop repeats. */
static void dedupe_pairs(wp__imp *im)
{
    size_t o = 0;
    if (im->n_cmap == 0)
        return; /* cmap may be NULL: qsort must not see it (UBSan, fuzz_import) */
    qsort(im->cmap, im->n_cmap, sizeof *im->cmap, cmp_pair);
    for (size_t k = 0; k < im->n_cmap; k++)
        if (o == 0 || im->cmap[o - 1].fold != im->cmap[k].fold ||
            im->cmap[o - 1].print != im->cmap[k].print)
            im->cmap[o++] = im->cmap[k];
    im->n_cmap = o;
}

/* Is the text Traditional? More than 1 % of the characters of its first
 * 8 KB change when folded to Simplified. */
static int detect_traditional(wp__imp *im, bool *trad)
{
    char sample[8192];
    size_t n = 0, changed = 0, total = 0;
    char *conv = NULL;
    bool same;
    int rc;
    *trad = false;
    for (size_t i = 0; i < im->n_lines && n + im->lines[i].len + 2 < sizeof sample; i++) {
        memcpy(sample + n, im->lines[i].s, im->lines[i].len);
        n += im->lines[i].len;
        sample[n++] = '\n';
    }
    if (n == 0 && im->n_lines > 0 && im->lines[0].len > 0) { /* one long first line */
        n = im->lines[0].len < sizeof sample - 8 ? im->lines[0].len : sizeof sample - 8;
        while (n > 0 && ((unsigned char)im->lines[0].s[n] & 0xC0) == 0x80)
            n--;
        memcpy(sample, im->lines[0].s, n);
    }
    sample[n] = '\0';
    if ((rc = wp__textnorm(&conv, sample, WP_TEXT_SCRIPT, im->t2s)) < 0)
        return rc;
    /* Unchanged (a Simplified text mostly): no character changed. */
    same = strcmp(sample, conv) == 0;
    for (size_t a = 0, b = 0; !same && a < n && conv[b];) {
        size_t la, lb;
        uint32_t ca = wp__cp(sample + a, &la), cb = wp__cp(conv + b, &lb);
        if (la == 0 || lb == 0)
            break;
        total++;
        changed += ca != cb;
        a += la, b += lb;
    }
    wp__free(conv);
    *trad = total > 0 && changed * 100 > total;
    return 0;
}

/* Fold every line to Simplified in place (when the conversion keeps each
 * character's byte length: offsets then map back one to one); the printed
 * lines stay in im->printed. Lines whose conversion changes lengths are
 * left as printed. */
static int fold_lines(wp__imp *im)
{
    size_t cap_pairs = 0;
    /* Lines used in place in the text go to their places in fold_base
     * (folding writes them; the text stays as read). */
    for (size_t i = 0; i < im->n_lines; i++) {
        wp__line *ln = &im->lines[i];
        if (im->mut != NULL && ln->s >= im->mut && ln->s <= im->mut + im->text_len) {
            char *dst = im->fold_base + (ln->s - im->mut);
            memcpy(dst, ln->s, ln->len + 1);
            ln->s = dst;
        }
    }
    if ((im->printed = wp__malloc(im->fold_cap)) == NULL)
        return wp__err_nomem();
    memcpy(im->printed, im->fold_base, im->fold_cap);
    for (size_t i = 0; i < im->n_lines; i++) {
        wp__line *ln = &im->lines[i];
        char *conv = NULL;
        size_t a = 0;
        int rc;
        if (ln->len == 0)
            continue;
        if ((rc = wp__textnorm(&conv, ln->s, WP_TEXT_SCRIPT, im->t2s)) < 0) {
            if (rc == WP_ENOMEM)
                return rc;
            wp_error_clear();
            continue;
        }
        if (strlen(conv) == ln->len) {
            for (; a < ln->len;) {
                size_t la, lb;
                uint32_t ca = wp__cp(ln->s + a, &la), cb = wp__cp(conv + a, &lb);
                if (la != lb || la == 0)
                    break;
                if (ca != cb) {
                    if (im->n_cmap == cap_pairs) {
                        size_t nc = cap_pairs ? cap_pairs * 2 : 256;
                        struct wp__fold_pair *np = wp__realloc(im->cmap, nc * sizeof *np);
                        if (np == NULL) {
                            wp__free(conv);
                            return wp__err_nomem();
                        }
                        im->cmap = np, cap_pairs = nc;
                    }
                    im->cmap[im->n_cmap].fold = cb;
                    im->cmap[im->n_cmap++].print = ca;
                }
                a += la;
            }
            if (a == ln->len)
                memcpy(ln->s, conv, ln->len);
        }
        wp__free(conv);
        if (im->n_cmap > 4096)
            dedupe_pairs(im); /* keep the pair list short */
    }
    dedupe_pairs(im);
    return 0;
}

static bool grow_pbuf(wp__imp *im, size_t need)
{
    if (need > im->pcap) {
        size_t cap = need * 2;
        char *b = wp__realloc(im->pbuf, cap);
        if (b == NULL) {
            wp__imp_fail(im, wp__err_nomem());
            return false;
        }
        im->pbuf = b, im->pcap = cap;
    }
    return true;
}

const char *wp__imp_printed(wp__imp *im, const char *s)
{
    size_t len;
    if (im->printed == NULL || s == NULL)
        return s;
    /* A pointer into the folded lines: the printed text at its offset. */
    if (s >= im->fold_base && s < im->fold_base + im->fold_cap)
        return im->printed + (s - im->fold_base);
    len = strlen(s);
    if (!grow_pbuf(im, len + 1))
        return s;
    /* A copy of part of the current line: find it there, near where the
     * last copy was found (pieces come in order), in a bounded window so
     * that a long line of many pieces stays linear. */
    if (im->cur_line < im->n_lines && len > 0) {
        const wp__line *ln = &im->lines[im->cur_line];
        const char *hit = NULL;
        size_t lo, hi;
        if (im->hint_line != im->cur_line)
            im->hint_line = im->cur_line, im->hint = 0;
        lo = im->hint;
        hi = lo + 8192 + len < ln->len ? lo + 8192 + len : ln->len;
        for (size_t k = lo; k + len <= hi && hit == NULL; k++)
            if (ln->s[k] == s[0] && memcmp(ln->s + k, s, len) == 0)
                hit = ln->s + k;
        lo = im->hint > 8192 ? im->hint - 8192 : 0;
        for (size_t k = lo; k < im->hint && k + len <= ln->len && hit == NULL; k++)
            if (ln->s[k] == s[0] && memcmp(ln->s + k, s, len) == 0)
                hit = ln->s + k;
        if (hit != NULL) {
            im->hint = (size_t)(hit - ln->s);
            memcpy(im->pbuf, im->printed + (hit - im->fold_base), len);
            im->pbuf[len] = '\0';
            return im->pbuf;
        }
    }
    /* A string put together from several lines: character by character,
     * where the folded character came from one printed character only. */
    {
        size_t o = 0;
        for (size_t i = 0; i < len;) {
            size_t n, lo = 0, hi = im->n_cmap;
            uint32_t cp = wp__cp(s + i, &n);
            if (n == 0)
                break;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (im->cmap[mid].fold < cp)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < im->n_cmap && im->cmap[lo].fold == cp &&
                (lo + 1 == im->n_cmap || im->cmap[lo + 1].fold != cp)) {
                o += (size_t)utf8proc_encode_char((utf8proc_int32_t)im->cmap[lo].print,
                                                  (utf8proc_uint8_t *)im->pbuf + o);
            } else {
                memcpy(im->pbuf + o, s + i, n);
                o += n;
            }
            i += n;
        }
        im->pbuf[o] = '\0';
    }
    return im->pbuf;
}

size_t wp_import_report_count(const wp_import_report *r, wp_import_count what)
{
    return r && (unsigned)what <= WP_IMPORT_LINES_SKIPPED ? r->counts[what] : 0;
}

size_t wp_import_report_warning_count(const wp_import_report *r)
{
    return r ? r->n_warnings : 0;
}

int wp_import_report_warning_line(const wp_import_report *r, size_t i)
{
    return r && i < r->n_warnings ? r->warnings[i].line : 0;
}

const char *wp_import_report_warning(const wp_import_report *r, size_t i)
{
    return r && i < r->n_warnings ? r->warnings[i].message : NULL;
}

void wp_import_report_free(wp_import_report *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n_warnings; i++)
        wp__free(r->warnings[i].message);
    wp__free(r->warnings);
    wp__free(r);
}

/* ---- decoding ------------------------------------------------------------ */

/* Are the 12 bytes at u four well-formed three-byte characters whose lead
 * bytes' low nibbles are none of those set in `bad` (bit k: lead 0xE0 + k)?
 * Two loads and two masks instead of four decodings: most of a Chinese
 * text is runs of such characters. (Little-endian only; elsewhere false,
 * and the callers decode one character at a time.) */
static inline bool four_3byte(const unsigned char *u, unsigned bad)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t a;
    uint32_t b;
    unsigned leads;
    memcpy(&a, u, 8);
    memcpy(&b, u + 8, 4);
    /* bytes 0 3 6 9 lead (1110xxxx), the others continue (10xxxxxx) */
    if ((a & 0xC0F0C0C0F0C0C0F0ull) != 0x80E08080E08080E0ull ||
        (b & 0xC0C0F0C0u) != 0x8080E080u)
        return false;
    leads = 1u << (a & 0xF) | 1u << (a >> 24 & 0xF) | 1u << (a >> 48 & 0xF) | 1u << (b >> 8 & 0xF);
    return (leads & bad) == 0;
#else
    (void)u, (void)bad;
    return false;
#endif
}

/* Offset of the first invalid UTF-8 byte, or len. */
static size_t first_invalid(const char *s, size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n;
        const unsigned char *u = (const unsigned char *)s + pos;
        if (u[0] < 0x80) {
            pos++;
            continue;
        }
        /* Four characters led by E1-EC or EE-EF at once (E0 and ED lead
         * the forms that may be overlong or surrogates). */
        if (len - pos >= 12 && four_3byte(u, 1u << 0x0 | 1u << 0xD)) {
            const unsigned char *t = (const unsigned char *)s;
            do
                pos += 12;
            while (len - pos >= 12 && four_3byte(t + pos, 1u << 0x0 | 1u << 0xD));
            continue;
        }
        /* A well-formed 3-byte character (all of CJK) inline: E1-EC and
         * EE-EF lead bytes take any continuation bytes (no overlong form,
         * no surrogate), E0 and ED the others via utf8proc. */
        if (len - pos >= 3 && u[0] >= 0xE1 && u[0] <= 0xEF && u[0] != 0xED &&
            (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
            pos += 3;
            continue;
        }
        n = utf8proc_iterate((const utf8proc_uint8_t *)s + pos, (utf8proc_ssize_t)(len - pos), &cp);
        if (n < 0)
            return pos;
        pos += (size_t)n;
    }
    return len;
}

/* GB18030 → UTF-8 with iconv. */
static int from_gb18030(char **out, size_t *out_len, const char *in, size_t len)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    size_t cap = len * 2 + 16, left_in = len, left_out = cap;
    char *buf, *src = (char *)in, *dst;
    if (cd == (iconv_t)-1)
        return wp__err(WP_ERROR, "import: iconv cannot convert from GB18030");
    if ((buf = wp__malloc(cap + 1)) == NULL) {
        iconv_close(cd);
        return wp__err_nomem();
    }
    dst = buf;
    if (iconv(cd, &src, &left_in, &dst, &left_out) == (size_t)-1) {
        /* Name the byte of the encoding that read further: a UTF-8 text
         * with one bad byte fails GB18030 early, on a valid character
         * (issue 10 defect 9), and a GB18030 text fails UTF-8 at once. */
        size_t gb = (size_t)(src - in), u8 = first_invalid(in, len);
        size_t at = gb > u8 ? gb : u8;
        int line = 1, col = 1;
        iconv_close(cd);
        wp__free(buf);
        for (size_t k = 0; k < at; k++) {
            if (in[k] == '\n')
                line++, col = 1;
            else if (((unsigned char)in[k] & 0xC0) != 0x80)
                col++;
        }
        return wp__err_at(WP_EFORMAT, at, line, col,
                          "import: invalid byte 0x%02X at %zu (line %d): the text is neither "
                          "UTF-8 nor GB18030", (unsigned)(unsigned char)in[at], at, line);
    }
    iconv_close(cd);
    *dst = '\0';
    *out = buf;
    *out_len = (size_t)(dst - buf);
    return 0;
}

/* ---- cleaning ------------------------------------------------------------ */

static bool pinyin_letter(uint32_t cp)
{
    static const char *const marked = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ";
    if ((cp >= 'a' && cp <= 'z'))
        return true;
    for (const char *m = marked; *m;) {
        size_t n;
        if (wp__cp(m, &n) == cp)
            return true;
        m += n;
    }
    return false;
}

/* A pinyin gloss at s: "(qū)" or "（xié）" of 1–7 letters with at least one
 * tone mark or only letters after a CJK character. Returns its length. The
 * line is not NUL-terminated: nothing at or after s + max is read (a text
 * ending in 办( must not read the byte after the buffer). */
static size_t pinyin_gloss(const char *s, size_t max)
{
    size_t n, pos, letters = 0;
    uint32_t open = wp__cp(s, &n);
    bool marked = false;
    if (open != '(' && open != 0xFF08)
        return 0;
    pos = n;
    for (;;) {
        uint32_t cp;
        if (pos >= max)
            return 0; /* the line ends inside the brackets */
        cp = wp__cp(s + pos, &n);
        if (pos + n > max)
            return 0;
        if (cp == ')' || cp == 0xFF09)
            break;
        if (!pinyin_letter(cp) || ++letters > 7)
            return 0;
        marked |= cp > 0x7F;
        pos += n;
    }
    if (letters == 0 || !marked)
        return 0; /* "(a)" or "(ab)" is not evidence of a gloss */
    return pos + n;
}

/* An HTML tag at s (<p>, </div>, <br/>, <span class="x">): its length,
 * or 0. A '<' before a digit or a CJK character is text (PM2.5<35). */
static size_t html_tag(const char *s, size_t max)
{
    size_t i = 1;
    if (max < 3 || s[0] != '<')
        return 0;
    if (s[i] == '/')
        i++;
    if (i >= max || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
        return 0;
    while (i < max && i < 400 && s[i] != '>' && s[i] != '<' && s[i] != '\n')
        i++;
    return i < max && s[i] == '>' ? i + 1 : 0;
}

/* An HTML entity at s (&nbsp; &amp; &ldquo; &#12345;): its code point
 * and length, or 0. */
static size_t html_entity(const char *s, size_t max, uint32_t *cp)
{
    static const struct { const char *name; uint32_t cp; } names[] = {
        {"&nbsp;", ' '},     {"&amp;", '&'},       {"&lt;", '<'},        {"&gt;", '>'},
        {"&quot;", '"'},     {"&ldquo;", 0x201C},  {"&rdquo;", 0x201D},  {"&lsquo;", 0x2018},
        {"&rsquo;", 0x2019}, {"&mdash;", 0x2014},  {"&hellip;", 0x2026}, {"&middot;", 0xB7},
        {"&emsp;", ' '},     {"&ensp;", ' '},      {"&#160;", ' '},
    };
    if (s[0] != '&')
        return 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t l = strlen(names[i].name);
        if (l <= max && strncmp(s, names[i].name, l) == 0) {
            *cp = names[i].cp;
            return l;
        }
    }
    if (max > 3 && s[1] == '#') {
        uint32_t v = 0;
        size_t i = 2;
        while (i < max && i < 10 && s[i] >= '0' && s[i] <= '9')
            v = v * 10 + (uint32_t)(s[i++] - '0');
        if (i > 2 && i < max && s[i] == ';' && v >= 0x20 && v < 0x110000 &&
            !(v >= 0xD800 && v < 0xE000)) {
            *cp = v;
            return i + 1;
        }
    }
    return 0;
}

/* ASCII bytes clean_line() must look at: the NUL (it stops), ( (a pinyin
 * gloss), < and & (HTML), the tab (a space). */
static const unsigned char CLEAN_ASCII[128] = {
    [0] = 1, ['('] = 1, ['<'] = 1, ['&'] = 1, ['\t'] = 1,
};

/* Clean raw[0..len) into dst; returns the cleaned length. With `kept`
 * not NULL, a line that cleaning leaves as it is but for leading spaces is
 * not copied: *kept is then where it starts in raw (it ends at raw + len),
 * and dst is not written; else *kept is SIZE_MAX and the line is in dst.
 * dst must hold len + 1 bytes (a cleaned line is never longer). */
static size_t clean_line(wp__imp *im, char *dst, const char *raw, size_t len, int no,
                         size_t *kept)
{
    size_t i = 0, o = 0, fffd = 0;
    uint32_t prev = 0;
    /* Nothing changed yet (o == i): dst not written until something does. */
    bool same = kept != NULL;
#define UNSAME()                                                               \
    do {                                                                       \
        if (same) {                                                            \
            memcpy(dst, raw, o);                                               \
            same = false;                                                      \
        }                                                                      \
    } while (0)
    if (kept != NULL)
        *kept = SIZE_MAX;
    while (i < len) {
        size_t n;
        uint32_t cp;
        {
            /* A run of characters kept as they are — ASCII but the bytes
             * above, and well-formed three-byte characters (led by E1-EF
             * but ED: no overlong or surrogate form) but the special ones
             * below (U+3000, U+FF08, U+FEFF, U+FFFD, U+200B) — copied at
             * once; prev is its last character. */
            const unsigned char *u = (const unsigned char *)raw;
            size_t run = i;
            for (;;) {
                if (i >= len) {
                    break;
                } else if (u[i] - 0xE4u <= 0x5u) {
                    /* U+4000..U+9FFF: most characters, none special (the
                     * text is UTF-8, checked or converted: two continuation
                     * bytes follow, before the line's end) */
                    i += 3;
                } else if (u[i] < 0x80 && !CLEAN_ASCII[u[i]]) {
                    i++;
                } else if (len - i >= 3 && u[i] >= 0xE1 && u[i] <= 0xEF && u[i] != 0xED &&
                           (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
                    uint32_t w = (uint32_t)u[i] << 16 | (uint32_t)u[i + 1] << 8 | u[i + 2];
                    if (w == 0xE38080 || w == 0xEFBC88 || w == 0xEFBBBF || w == 0xEFBFBD ||
                        w == 0xE2808B)
                        break;
                    i += 3;
                } else {
                    break;
                }
            }
            if (i > run) {
                if (!same)
                    memcpy(dst + o, raw + run, i - run);
                o += i - run;
                prev = u[i - 1] < 0x80 ? u[i - 1] : wp__cp(raw + i - 3, &n);
                if (i >= len)
                    break;
            }
        }
        cp = wp__cp(raw + i, &n);
        if (n == 0 || i + n > len) {
            UNSAME(); /* the rest of the line is dropped */
            break;
        }
        if ((cp == '(' || cp == 0xFF08) && wp__is_cjk(prev)) {
            size_t g = pinyin_gloss(raw + i, len - i);
            if (g > 0 && i + g <= len) {
                UNSAME();
                i += g;
                continue; /* 區(qū) → 區 */
            }
        }
        if (cp == 0xFFFD) {
            UNSAME();
            fffd++;
            i += n;
            continue;
        }
        if (cp == '<' || cp == '&') {
            /* HTML left in text copied from a page source: tags dropped,
             * entities decoded (never longer than the entity). */
            uint32_t ent;
            size_t t = cp == '<' ? html_tag(raw + i, len - i) : html_entity(raw + i, len - i, &ent);
            if (t > 0) {
                UNSAME();
                if (cp == '&') {
                    o += (size_t)utf8proc_encode_char((utf8proc_int32_t)ent,
                                                      (utf8proc_uint8_t *)dst + o);
                    prev = ent;
                }
                i += t;
                continue;
            }
        }
        if (cp == 0xA0 || cp == '\t' || cp == 0x3000) {
            UNSAME();
            dst[o++] = ' ';
        } else if (cp == 0xFEFF || cp == 0x200B) {
            UNSAME(); /* zero-width: drop */
        } else if (same) {
            o += n; /* as it is */
        } else if (n == 3) { /* most characters: no call to memcpy */
            dst[o] = raw[i], dst[o + 1] = raw[i + 1], dst[o + 2] = raw[i + 2];
            o += 3;
        } else {
            memcpy(dst + o, raw + i, n);
            o += n;
        }
        prev = cp;
        i += n;
    }
    if (fffd > 0)
        wp__imp_warn(im, no, "dropped %zu replacement character(s) (U+FFFD)", fffd);
    /* Trim spaces (all spaces are ASCII by now). */
    {
        size_t start = 0;
        if (same) {
            /* raw[0..o) is the line: in place unless it ends in a space (raw
             * stays as it is: the NUL goes after it). */
            while (start < o && raw[start] == ' ')
                start++;
            if (start == o || raw[o - 1] != ' ') {
                *kept = start;
                return o - start;
            }
            UNSAME();
        }
        while (start < o && dst[start] == ' ')
            start++;
        while (o > start && dst[o - 1] == ' ')
            o--;
        memmove(dst, dst + start, o - start);
        o -= start;
    }
#undef UNSAME
    dst[o] = '\0';
    return o;
}

/* Which tab-led lines are table cells (a Word table saved as text: one
 * cell per line, each after a tab) and which are only indented (text
 * copied from a web page, every line after a tab): cells follow a tab-led
 * 序号 header until the next heading without a tab; a line with a tab inside
 * its text is a row of cells wherever it is. */
static void table_cells(wp__imp *im)
{
    bool in_table = false, any = false;
    /* Without a tab-led line there is nothing to decide (in_table only
     * matters for them). */
    for (size_t i = 0; i < im->n_lines && !any; i++)
        any = im->lines[i].tab;
    for (size_t i = 0; any && i < im->n_lines; i++) {
        wp__line *ln = &im->lines[i];
        bool led = ln->tab, inner = false;
        if (!led && ln->len > 0 && wp__imp_is_heading(ln->s))
            in_table = false; /* a cell may go on over untabbed lines */
        if (led && wp__starts(ln->s, "序号"))
            in_table = true;
        if (led) {
            size_t k = 0;
            while (k < ln->raw_len && (ln->raw[k] == '\t' || ln->raw[k] == ' '))
                k++;
            inner = k < ln->raw_len && memchr(ln->raw + k, '\t', ln->raw_len - k) != NULL;
        }
        ln->tab = led && (in_table || inner || ln->len == 0);
    }
}

/* WP_ELIMIT for line `no` (1-based) starting at byte `start` of the text:
 * the offset is where the limit is crossed. For .docx and HTML the text is
 * the one read from the document, a line per paragraph. */
static int line_too_long(size_t no, size_t start, size_t len)
{
    return wp__err_at(WP_ELIMIT, start + WP_LIMIT_LINE_BYTES, no > INT_MAX ? 0 : (int)no, 0,
                      "import: line %zu (from byte %zu of the text; a paragraph of a .docx or "
                      "HTML document) is longer than %zu bytes (WP_LIMIT_LINE_BYTES): %zu bytes",
                      no, start, WP_LIMIT_LINE_BYTES, len);
}

/* The first \n or \r of t[from..len), or len (memchr: \r is rare); cr
 * false when the text holds no \r at all (not looked for then). */
static size_t next_break(const char *t, size_t from, size_t len, bool cr_in_text)
{
    const char *nl = from < len ? memchr(t + from, '\n', len - from) : NULL;
    size_t end = nl != NULL ? (size_t)(nl - t) : len;
    const char *cr = cr_in_text && end > from ? memchr(t + from, '\r', end - from) : NULL;
    return cr != NULL ? (size_t)(cr - t) : end;
}

static int split_lines(wp__imp *im)
{
    const char *t = im->text;
    size_t n = 1, cap_clean = im->text_len + 1;
    char *clean;
    size_t from = 0; /* the line being counted */
    bool cr = im->text_len > 0 && memchr(t, '\r', im->text_len) != NULL;
    for (size_t i = next_break(t, 0, im->text_len, cr); i < im->text_len;
         i = next_break(t, i + 1, im->text_len, cr)) {
        if (i - from > WP_LIMIT_LINE_BYTES)
            return line_too_long(n, from, i - from);
        from = i + 1;
        if (t[i] == '\n' || i + 1 >= im->text_len || t[i + 1] != '\n')
            n++;
    }
    if (im->text_len - from > WP_LIMIT_LINE_BYTES)
        return line_too_long(n, from, im->text_len - from);
    im->lines = wp__malloc(n * sizeof *im->lines);
    /* A line's cleaned copy goes at its offset in the text: only the
     * pages of lines that cleaning changes are touched (the others are
     * used in place when the text may be written). */
    clean = wp__malloc(cap_clean + n);
    if (im->lines == NULL || clean == NULL) {
        wp__free(clean);
        wp__free(im->lines);
        im->lines = NULL;
        return wp__err_nomem();
    }
    im->fold_base = clean;
    im->fold_cap = cap_clean + n;
    im->n_lines = 0;
    for (size_t start = 0, no = 1; start <= im->text_len; no++) {
        size_t end = start, next;
        wp__line *ln = &im->lines[im->n_lines++];
        end = next_break(t, start, im->text_len, cr);
        next = end + (end < im->text_len && t[end] == '\r' && end + 1 < im->text_len &&
                              t[end + 1] == '\n'
                          ? 2
                          : 1);
        memset(ln, 0, sizeof *ln);
        ln->raw = t + start;
        ln->raw_len = end - start;
        ln->off = start;
        ln->no = (int)no;
        ln->tab = end > start && t[start] == '\t'; /* decided below */
        {
            size_t kept;
            ln->len = clean_line(im, clean + start, ln->raw, ln->raw_len, (int)no,
                                 im->mut != NULL ? &kept : NULL);
            if (im->mut != NULL && kept != SIZE_MAX) {
                im->mut[end] = '\0'; /* the line break, or the byte after the text */
                ln->s = im->mut + start + kept;
            } else {
                ln->s = clean + start;
            }
        }
        if (end >= im->text_len)
            break;
        start = next;
    }
    return 0;
}

/* ---- API ----------------------------------------------------------------- */

static void free_imp(wp__imp *im)
{
    wp__free(im->printed);
    wp__free(im->cmap);
    wp__free(im->pbuf);
    wp__free(im->tbuf);
    wp__free(im->fold_base);
    wp__free(im->lines);
    wp__t2s_close(im->t2s);
}

int wp_import_text(wp_plan **out, wp_import_report **report, const char *data, size_t len,
                   const wp_import_options *options)
{
    /* Text that is HTML (a page pasted or read as a string) is read as a
     * page, never as prose with tags in it. */
    if (data != NULL && wp__sniff(data, len) == WP__FMT_HTML)
        return wp_import_html(out, report, data, len, options);
    return wp__import_plain(out, report, data, len, options);
}

static int import_plain(wp_plan **out, wp_import_report **report, const char *data, char *mut,
                        size_t len, const wp_import_options *options);

int wp__import_plain(wp_plan **out, wp_import_report **report, const char *data, size_t len,
                     const wp_import_options *options)
{
    return import_plain(out, report, data, NULL, len, options);
}

int wp__import_plain_mut(wp_plan **out, wp_import_report **report, char *data, size_t len,
                         const wp_import_options *options)
{
    return import_plain(out, report, data, data, len, options);
}

/* mut: data itself when it may be written (data[0..len]), else NULL. */
static int import_plain(wp_plan **out, wp_import_report **report, const char *data, char *mut,
                        size_t len, const wp_import_options *options)
{
    wp_import_options defaults = WP_IMPORT_OPTIONS_INIT;
    wp__imp im;
    char *converted = NULL;
    int rc;
    if (report != NULL)
        *report = NULL;
    if (out == NULL || (data == NULL && len > 0))
        return wp__err(WP_EINVAL, "wp_import_text: NULL argument");
    *out = NULL;
    if (options != NULL && options->version != WP_IMPORT_OPTIONS_VERSION)
        return wp__err(WP_EINVAL, "wp_import_text: options version %u, expected %d",
                       options->version, WP_IMPORT_OPTIONS_VERSION);
    wp__imp_facts_init();
    memset(&im, 0, sizeof im);
    im.opt = options != NULL ? *options : defaults;
    if (im.opt.year_hint < 0 || im.opt.year_hint > 9999)
        return wp__err(WP_EINVAL, "wp_import_text: year hint %d out of range", im.opt.year_hint);
    if ((im.rep = wp__malloc(sizeof *im.rep)) == NULL)
        return wp__err_nomem();
    memset(im.rep, 0, sizeof *im.rep);

    /* Bytes → UTF-8 text. */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3, len -= 3;
        if (mut != NULL)
            mut += 3;
    }
    if (first_invalid(data, len) < len) {
        size_t clen = 0;
        if ((rc = from_gb18030(&converted, &clen, data, len)) < 0)
            goto fail;
        mut = converted; /* ours, with its NUL after the text */
        wp__imp_warn(&im, 0, "the text is not UTF-8; read as GB18030");
        data = converted, len = clen;
    }
    if (memchr(data, '\0', len) != NULL) {
        size_t at = (size_t)((const char *)memchr(data, '\0', len) - data);
        rc = wp__err_at(WP_EFORMAT, at, 0, 0, "import: NUL byte at %zu: not a text file", at);
        goto fail;
    }
    im.text = data;
    im.text_len = len;
    im.mut = mut;
    if (wp__have_opencc() && wp__t2s_open(&im.t2s) < 0)
        im.t2s = NULL; /* without its data: fall back to the built-in list */
    wp_error_clear();
    if ((rc = split_lines(&im)) < 0 || (rc = wp_plan_new(&im.plan)) < 0)
        goto fail;
    if (im.t2s != NULL) {
        if ((rc = detect_traditional(&im, &im.traditional)) == WP_ENOMEM ||
            (im.traditional && (rc = fold_lines(&im)) < 0))
            goto fail;
        wp_error_clear();
    }
    table_cells(&im); /* on the folded lines */
    im.year = im.opt.year_hint;
    wp__imp_meta(&im);
    if (im.rc == 0)
        wp__imp_body(&im);
    if (im.rc == 0 && (wp_plan_top_count(im.plan) > 0 || wp_plan_title(im.plan) != NULL) &&
        im.rep->counts[WP_IMPORT_SECTIONS] + im.rep->counts[WP_IMPORT_SUBSECTIONS] +
                im.rep->counts[WP_IMPORT_POINTS] + im.rep->counts[WP_IMPORT_ITEMS] +
                im.rep->counts[WP_IMPORT_TASKS] + im.rep->counts[WP_IMPORT_TABLE_ROWS] ==
            0) {
        /* Never a silent empty plan: say what was found and why. */
        size_t nonempty = 0;
        for (size_t i = 0; i < im.n_lines; i++)
            nonempty += im.lines[i].len > 0;
        wp__imp_warn(&im, 0,
                     "no heading and no task found in %zu non-empty lines: the plan has only "
                     "its title and %zu paragraph(s) (no numbering 一、 （一） 1. was recognised)",
                     nonempty, im.rep->counts[WP_IMPORT_PARAGRAPHS]);
    }
    if (im.rc == 0 && wp_plan_top_count(im.plan) == 0 && wp_plan_title(im.plan) == NULL) {
        rc = wp__err(WP_EFORMAT, "import: no content found (%zu lines)", im.n_lines);
        goto fail;
    }
    if ((rc = im.rc) < 0 || (rc = wp_plan_assign_ids(im.plan)) < 0)
        goto fail;
    wp__imp_link_rows(&im);
    if ((rc = im.rc) < 0)
        goto fail;
    im.rep->counts[WP_IMPORT_UNITS] = wp_plan_unit_count(im.plan);
    *out = im.plan;
    free_imp(&im);
    wp__free(converted);
    if (report != NULL)
        *report = im.rep;
    else
        wp_import_report_free(im.rep);
    return 0;
fail:
    if (rc == WP_ENOMEM)
        rc = wp__err_nomem();
    else if (rc == im.rc && im.err.code == rc && im.errmsg[0] != '\0')
        rc = wp__err_at(rc, im.err.offset, im.err.line, im.err.column, "%s", im.errmsg);
    else if (rc == im.rc && wp_error_last()->code != rc)
        rc = wp__err(rc, "import: failed (%s)", wp_error_code_name(rc));
    wp_plan_free(im.plan);
    free_imp(&im);
    wp__free(converted);
    if (report != NULL && rc != WP_ENOMEM)
        *report = im.rep;
    else
        wp_import_report_free(im.rep);
    return rc;
}

int wp_import_file(wp_plan **out, wp_import_report **report, const char *path,
                   const wp_import_options *options)
{
    FILE *f;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc;
    if (report != NULL)
        *report = NULL;
    if (out == NULL || path == NULL)
        return wp__err(WP_EINVAL, "wp_import_file: NULL argument");
    *out = NULL;
    if ((f = fopen(path, "rb")) == NULL)
        return wp__err(WP_EIO, "import: cannot open %s: %s", path, strerror(errno));
    for (;;) {
        size_t got;
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *nbuf = wp__realloc(buf, ncap);
            if (nbuf == NULL) {
                fclose(f);
                wp__free(buf);
                return wp__err_nomem();
            }
            buf = nbuf, cap = ncap;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        fclose(f);
        wp__free(buf);
        return wp__err(WP_EIO, "import: cannot read %s", path);
    }
    fclose(f);
    /* len < cap (the last fread read less than it could): buf[len] may be
     * written, and the importer may use the text's lines in place. */
    rc = wp__import_any_mut(out, report, buf, len, options, path); /* by content */
    wp__free(buf);
    return rc;
}
