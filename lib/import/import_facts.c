/*
 * Import: the indicators and the deadline in the text of one task (the
 * numbers and dates they are made of are read by import_numbers.c).
 */
#include "importx.h"
#include "lexicon.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- classes of characters ---------------------------------------------- */

/* What the scans below look for, per BMP code point: most characters start
 * nothing, and one table lookup says so (instead of a chain of
 * comparisons at every character). Built once per process. */
enum {
    C_NUMBER = 1,   /* wp__number_start() */
    C_DEADLINE = 2, /* can start a deadline form: a number, 年 上 下 第 ○ */
    C_CLAUSE = 4,   /* scan_to(): quotes, clause and item punctuation, 0-9 */
    C_HEDGE = 8     /* 争 (of 力争, 争取): listed with the candidates */
};
static unsigned char char_class[0x10000];
static pthread_once_t class_once = PTHREAD_ONCE_INIT;
/* strlen of wp__lex_before[i].word (before_word reads them at every
 * figure); 0 past the first 64 (then strlen). */
static unsigned char before_len[64];

static void set_class(uint32_t cp, unsigned what)
{
    char_class[cp] |= (unsigned char)what;
}

static void build_classes(void)
{
    static const uint32_t deadline[] = {0x5E74, 0x4E0A, 0x4E0B, 0x7B2C, 0x25CB};
    static const uint32_t clause[] = {0x201C, 0x300C, 0x300E, 0x201D, 0x300D, 0x300F, '"',
                                      0xFF0C, 0xFF1B, 0x3002, 0xFF1A, ',',    ';',    0xFF01,
                                      0xFF1F, 0x3001};
    /* wp__number_start() holds for ASCII digits, U+3007 and CJK ideographs
     * (U+3000..U+9FFF) and full-width digits only: those ranges are read. */
    for (uint32_t cp = 0; cp < 0x10000; cp = cp == 0x7F ? 0x3000 : cp == 0x9FFF ? 0xFF00 : cp + 1)
        if (wp__number_start(cp))
            set_class(cp, C_NUMBER | C_DEADLINE);
    for (size_t i = 0; i < sizeof deadline / sizeof deadline[0]; i++)
        set_class(deadline[i], C_DEADLINE);
    for (size_t i = 0; i < sizeof clause / sizeof clause[0]; i++)
        set_class(clause[i], C_CLAUSE);
    set_class(0x4E89, C_HEDGE);
    for (size_t i = 0; i < wp__lex_n_before && i < sizeof before_len; i++)
        before_len[i] = (unsigned char)strlen(wp__lex_before[i].word);
    for (uint32_t d = '0'; d <= '9'; d++)
        set_class(d, C_CLAUSE);
}

static inline unsigned char_is(uint32_t cp, unsigned what)
{
    return cp < 0x10000 ? char_class[cp] & what : 0;
}

/* The first character at or after s (a character boundary) of class
 * `what`, or the terminating NUL: the scans' tight loop over the
 * characters that start nothing. */
static inline const char *next_of(const char *s, unsigned what)
{
    for (;;) {
        unsigned char c = (unsigned char)*s;
        size_t n;
        if (c - 0xE4u <= 0x5u) {
            /* U+4000..U+9FFF, most characters (the text is UTF-8: two
             * continuation bytes follow) */
            if (char_class[(c & 0x0Fu) << 12 | ((unsigned char)s[1] & 0x3Fu) << 6 |
                           ((unsigned char)s[2] & 0x3Fu)] &
                what)
                return s;
            s += 3;
        } else if (c < 0x80) {
            if (c == 0 || (char_class[c] & what))
                return s;
            s++;
        } else if (c - 0xE1u <= 0xEu && c != 0xED && ((unsigned char)s[1] ^ 0x80u) < 0x40u &&
                   ((unsigned char)s[2] ^ 0x80u) < 0x40u) {
            /* well-formed (E0 and ED lead the forms that may not be):
             * its class read at once */
            if (char_class[(c & 0x0Fu) << 12 | ((unsigned char)s[1] & 0x3Fu) << 6 |
                           ((unsigned char)s[2] & 0x3Fu)] &
                what)
                return s;
            s += 3;
        } else if (char_is(wp__cp(s, &n), what)) {
            return s;
        } else {
            s += n;
        }
    }
}

/* The characters of a text that may start a number or a deadline, or are
 * 争 (first_hedge), found in one pass for the scans (find_indicators,
 * find_deadline). */
typedef struct cands {
    const char *at[128];
    unsigned char cls[128]; /* their classes */
    size_t n;
    const char *rest; /* the text's NUL, or the first candidate not listed
                       * (a text with more than 128) */
} cands;

static void find_cands(cands *c, const char *text)
{
    const char *p = next_of(text, C_DEADLINE | C_HEDGE);
    c->n = 0;
    while (*p != '\0' && c->n < sizeof c->at / sizeof c->at[0]) {
        size_t n;
        uint32_t cp = wp__cp(p, &n);
        c->at[c->n] = p;
        c->cls[c->n++] = cp < 0x10000 ? char_class[cp] : 0;
        p = next_of(p + n, C_DEADLINE | C_HEDGE);
    }
    c->rest = p;
}

/* next_of(s, what) from the list: *i is the scan's place in it. */
static const char *next_cand(const cands *c, size_t *i, const char *s, unsigned what)
{
    while (*i < c->n && (c->at[*i] < s || !(c->cls[*i] & what)))
        (*i)++;
    if (*i < c->n)
        return c->at[*i];
    return next_of(s > c->rest ? s : c->rest, what);
}

void wp__imp_facts_init(void)
{
    pthread_once(&class_once, build_classes);
    wp__lex_init();
}

/* ---- deadlines ----------------------------------------------------------- */

static bool set_deadline(wp__imp *im, wp_node *node, const char *from, size_t len,
                         wp_date start, wp_date end, wp_precision prec, bool asp)
{
    wp_deadline d;
    char text[96];
    if (end == WP_DATE_NONE)
        return false;
    if (len >= sizeof text) { /* cut at a character's first byte, never inside one */
        len = sizeof text - 1;
        while (len > 0 && ((unsigned char)from[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(text, from, len);
    text[len] = '\0';
    d.text = wp__imp_printed(im, text);
    d.start = start;
    d.end = end;
    d.precision = prec;
    d.aspirational = asp;
    if (wp__imp_fail(im, wp_node_set_deadline(node, &d)) < 0)
        return false;
    im->rep->counts[WP_IMPORT_DEADLINES]++;
    return true;
}

/* Suffixes that make a period a deadline: 前 / 之前 / 以前 / 底 / 末 / 内. */
static size_t deadline_tail(const char *s)
{
    static const char *const tails[] = {"底前", "底之前", "末前", "之前", "以前", "前", "底", "末", "内"};
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++)
        if (wp__starts(s, tails[i]))
            return strlen(tails[i]);
    return 0;
}

/* Find the first deadline in text: 2024年6月30日前, 2024年6月底, 2024年底,
 * 年底前, 年内, 上半年, 三季度, 6月底前. */
/* 年中 as a time (力争年中完成, 2025年中), not inside a word (青少年中, 今年中). */
static bool mid_year_at(const char *text, const char *s)
{
    const char *pp;
    size_t n;
    uint32_t prev;
    if (s == text)
        return true;
    pp = s - 1;
    while (pp > text && ((unsigned char)*pp & 0xC0) == 0x80)
        pp--;
    prev = wp__cp(pp, &n);
    if (!wp__is_cjk(prev))
        return true;
    return prev == 0x4E8E /* 于 */ || prev == 0x5728 /* 在 */ || prev == 0x4E89 /* 争 */ ||
           prev == 0x81F3 /* 至 */ || prev == 0x5230 /* 到 */;
}

/* Is the 争 at p that of 力争 / 争取? *out is where the hedge starts. */
static bool hedge_at(const char *text, const char *p, const char **out)
{
    if (p - text >= 3 && wp__lex_hedge_at(p - 3)) {
        *out = p - 3; /* 力争 */
        return true;
    }
    if (wp__lex_hedge_at(p)) {
        *out = p; /* 争取 */
        return true;
    }
    return false;
}

/* The first 力争 / 争取 (or Traditional 力爭 / 爭取: folded) in text, or
 * NULL: a target or deadline after it is hedged (aspirational). Its 争 are
 * among the candidates c, then after them. */
static const char *first_hedge_cands(const char *text, const cands *c)
{
    const char *h;
    for (size_t i = 0; i < c->n; i++)
        if ((c->cls[i] & C_HEDGE) && hedge_at(text, c->at[i], &h))
            return h;
    for (const char *p = *c->rest ? strstr(c->rest, "争") : NULL; p != NULL;
         p = strstr(p + 3, "争"))
        if (hedge_at(text, p, &h))
            return h;
    return NULL;
}

static void find_deadline(wp__imp *im, wp_node *node, const char *text, const char *hedge,
                          const cands *cand)
{
    int year = im->year;
    size_t ci = 0;
    for (const char *s = text; *s;) {
        size_t n, len;
        uint32_t cp;
        const char *start;
        bool s_num;
        int y = year, m = 0, d = 0;
        double v;
        bool cn;
        bool asp;
        /* Every form below starts with a digit, 年, 上, 下, 第 or ○: skip
         * the other characters at once. */
        if (*(s = next_cand(cand, &ci, s, C_DEADLINE)) == '\0')
            break;
        cp = wp__cp(s, &n);
        start = s;
        asp = hedge != NULL && hedge < s;
        if (wp__imp_year_at(s, &len, &y) && wp__starts(s + len, "年")) {
            const char *p = s + len + 3;
            size_t t = deadline_tail(p);
            if (t > 0 && (wp__starts(p, "底") || wp__starts(p, "末") || wp__starts(p, "内"))) {
                set_deadline(im, node, start, (size_t)(p + t - start), 0,
                             wp_date_make(y, 12, 31), WP_PRECISION_YEAR, asp);
                return;
            }
            if (wp__number_at(p, &len, &v, &cn) && wp__starts(p + len, "月")) {
                s = p;
                goto month; /* 2024年6月… */
            }
            s = p;
            continue;
        }
        if (wp__starts(s, "年底") || wp__starts(s, "年内") || wp__starts(s, "年末")) {
            if (s > text) {
                const char *pp = s - 1;
                uint32_t prev;
                while (pp > text && ((unsigned char)*pp & 0xC0) == 0x80)
                    pp--;
                prev = wp__cp(pp, &len);
                if (wp__imp_cn_digit(prev) >= 0 || wp__imp_cn_scale(prev) > 0 || (prev >= '0' && prev <= '9')) {
                    s += 3; /* 五年内, 3年内: a duration, not a deadline */
                    continue;
                }
            }
            if (year > 0)
                set_deadline(im, node, s, 6 + deadline_tail(s + 6) * (wp__starts(s + 6, "前")),
                             0, wp_date_make(year, 12, 31), WP_PRECISION_YEAR, asp);
            return;
        }
        if (wp__starts(s, "年中") && year > 0 && mid_year_at(text, s)) {
            /* 年中: by mid-year */
            set_deadline(im, node, s, 6 + deadline_tail(s + 6), 0, wp_date_make(year, 6, 30),
                         WP_PRECISION_HALF, asp);
            return;
        }
        if ((wp__starts(s, "上半年") || wp__starts(s, "下半年")) && year > 0) {
            bool first = wp__starts(s, "上");
            set_deadline(im, node, s, 9, wp_date_make(year, first ? 1 : 7, 1),
                         wp_date_make(year, first ? 6 : 12, first ? 30 : 31), WP_PRECISION_HALF,
                         asp);
            return;
        }
        {
            const char *q = wp__starts(s, "第") ? s + 3 : s;
            bool q_num = wp__number_at(q, &len, &v, &cn);
            /* the number at s, for the month form below: read here (第
             * starts no number) */
            s_num = q == s && q_num;
            if (q_num && v >= 1 && v <= 4 && v == floor(v) &&
                wp__starts(q + len, "季度") && year > 0) {
                int qn = (int)v;
                size_t t = deadline_tail(q + len + 6);
                set_deadline(im, node, s, (size_t)(q + len + 6 - s) + t,
                             wp_date_make(year, qn * 3 - 2, 1),
                             wp_date_make(year, qn * 3, wp_date_days_in_month(year, qn * 3)),
                             WP_PRECISION_QUARTER, asp);
                return;
            }
        }
        if (s_num && wp__starts(s + len, "月") && year > 0 &&
            !((size_t)(s - text) >= 3 && (wp__starts(s - 3, "个") || wp__starts(s - 3, "第")))) {
            const char *p;
        month:
            if (!wp__number_at(s, &len, &v, &cn))
                break;
            m = wp__imp_small_int(v);
            p = s + len + 3;
            if (m < 1 || m > 12 || v != floor(v)) {
                s = p;
                continue;
            }
            if (wp__number_at(p, &len, &v, &cn) && wp__starts(p + len, "日")) {
                size_t t;
                d = wp__imp_small_int(v);
                p += len + 3;
                t = deadline_tail(p);
                if (t > 0 && !wp__starts(p, "底") && !wp__starts(p, "内")) {
                    set_deadline(im, node, start, (size_t)(p + t - start), 0,
                                 wp_date_make(y, m, d), WP_PRECISION_DAY, asp);
                    return;
                }
            } else if (wp__starts(p, "上旬") || wp__starts(p, "中旬") || wp__starts(p, "下旬")) {
                /* 10月中旬: a ten-day window */
                int first = wp__starts(p, "上") ? 1 : wp__starts(p, "中") ? 11 : 21;
                int last = first == 1 ? 10 : first == 11 ? 20 : wp_date_days_in_month(y, m);
                p += 6;
                set_deadline(im, node, start, (size_t)(p + deadline_tail(p) - start),
                             wp_date_make(y, m, first), wp_date_make(y, m, last), WP_PRECISION_DAY,
                             asp);
                return;
            } else {
                size_t t = deadline_tail(p);
                if (t > 0 && (wp__starts(p, "底") || wp__starts(p, "末") || wp__starts(p, "前"))) {
                    set_deadline(im, node, start, (size_t)(p + t - start), 0,
                                 wp_date_make(y, m, wp_date_days_in_month(y, m)),
                                 WP_PRECISION_MONTH, asp);
                    return;
                }
            }
            s = p;
            continue;
        }
        s += n ? n : 1;
        (void)cp;
    }
}

/* ---- indicators ---------------------------------------------------------- */

/* The clause state of one forward scan over a text: every byte is looked
 * at once, whatever the number of figures (a 1 MB line of figures is
 * linear, issue 10 defect 2). */
typedef struct scan {
    const char *text, *cur;
    const char *clause;  /* start of the clause: after ，；。：！？ */
    const char *item;    /* start of the list item: after those or 、 */
    const char *digit;   /* first ASCII digit of the clause, or NULL */
    const char *verb[8]; /* the first target verbs of the clause */
    size_t verb_len[8];
    int n_verb;
    int qdepth;          /* inside “…” 「…」 『…』 */
    bool qverb;          /* a verb since the opening quote */
    bool clause_target;  /* this clause gave a target with a verb */
    bool prev_target;    /* … and so did the previous clause of the sentence */
} scan;

/* A verb starting at p (character cp), if any: noted (the first 8), and
 * inside quotes it marks the quote (the table wp__lex_verb_at() reads,
 * without its checks). */
static inline void note_verb(scan *sc, const char *p, uint32_t cp)
{
    unsigned first = cp - 0x4E00 < 0x5200 ? wp__lex_verb_first[cp - 0x4E00] : 0;
    size_t vl;
    if (first != 0 && (vl = wp__lex_verb_from(p, first)) > 0) {
        if (sc->n_verb < 8) {
            sc->verb[sc->n_verb] = p;
            sc->verb_len[sc->n_verb++] = vl;
        }
        if (sc->qdepth > 0)
            sc->qverb = true;
    }
}

static void scan_to(scan *sc, const char *to)
{
    while (sc->cur < to && *sc->cur) {
        size_t n, vl;
        uint32_t cp;
        const char *p = sc->cur;
        const unsigned char *u = (const unsigned char *)p;
        if (u[0] - 0xE4u <= 0x5u) {
            /* U+4000..U+9FFF (most characters; the text is UTF-8): no
             * clause character, maybe a verb. */
            cp = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
            note_verb(sc, p, cp);
            sc->cur = p + 3;
            continue;
        }
        cp = wp__cp(sc->cur, &n);
        if (n == 0)
            break;
        if (!char_is(cp, C_CLAUSE)) {
            /* Most characters: only a verb may start here (the table
             * wp__lex_verb_at() reads, without its checks). */
            note_verb(sc, p, cp);
        } else if (cp == 0x201C || cp == 0x300C || cp == 0x300E) { /* “ 「 『 */
            if (sc->qdepth++ == 0)
                sc->qverb = false;
        } else if ((cp == 0x201D || cp == 0x300D || cp == 0x300F) && sc->qdepth > 0) {
            sc->qdepth--;
        } else if (cp == '"') {
            sc->qdepth = !sc->qdepth;
            sc->qverb = false;
        } else if (cp == 0xFF0C || cp == 0xFF1B || cp == 0x3002 || cp == 0xFF1A || cp == ',' ||
                   cp == ';' || cp == 0xFF01 || cp == 0xFF1F) {
            bool comma = cp == 0xFF0C || cp == ',';
            sc->clause = sc->item = p + n;
            sc->digit = NULL;
            sc->n_verb = 0;
            sc->prev_target = comma && sc->clause_target;
            sc->clause_target = false;
        } else if (cp == 0x3001) { /* 、 */
            sc->item = p + n;
        } else if (cp >= '0' && cp <= '9' && sc->digit == NULL) {
            sc->digit = p;
        } else if ((vl = wp__lex_verb_at(p)) > 0) {
            if (sc->n_verb < 8) {
                sc->verb[sc->n_verb] = p;
                sc->verb_len[sc->n_verb++] = vl;
            }
            if (sc->qdepth > 0)
                sc->qverb = true;
        }
        sc->cur = p + n;
    }
}

/* The previous character's start (text <= p). */
static const char *prev_char(const char *text, const char *p)
{
    const char *q = p - 1;
    while (q > text && ((unsigned char)*q & 0xC0) == 0x80)
        q--;
    return q;
}

static void add_indicator(wp__imp *im, wp_node *node, const char *from, const char *to,
                          const char *subject, size_t subject_len, wp_op op, double value,
                          double max, const char *unit, bool asp)
{
    wp_indicator *ind;
    char *text, *subj = NULL;
    int rc;
    size_t len = (size_t)(to - from);
    text = wp__malloc(len + 1);
    if (text == NULL) {
        wp__imp_fail(im, WP_ENOMEM);
        return;
    }
    memcpy(text, from, len);
    text[len] = '\0';
    rc = wp_node_add_indicator(&ind, node, wp__imp_printed(im, text));
    wp__free(text);
    if (wp__imp_fail(im, rc) < 0)
        return;
    if (subject_len > 0) {
        if ((subj = wp__malloc(subject_len + 1)) == NULL) {
            wp__imp_fail(im, WP_ENOMEM);
            return;
        }
        memcpy(subj, subject, subject_len);
        subj[subject_len] = '\0';
        wp__imp_fail(im, wp_indicator_set_subject(ind, wp__imp_printed(im, subj)));
        wp__free(subj);
    }
    wp__imp_fail(im, wp_indicator_set_op(ind, op));
    wp__imp_fail(im, wp_indicator_set_value(ind, value));
    if (op == WP_OP_RANGE)
        wp__imp_fail(im, wp_indicator_set_max(ind, max));
    if (unit != NULL) {
        /* The unit as printed (場 in a Traditional text): its span in the
         * figure's text, when it is there as the lexicon writes it. */
        char u[16];
        size_t ul = strlen(unit);
        const char *hit = NULL;
        for (const char *q = from; q + ul <= to && hit == NULL; q++)
            if (memcmp(q, unit, ul) == 0)
                hit = q;
        if (hit != NULL && ul < sizeof u) {
            memcpy(u, hit, ul);
            u[ul] = '\0';
            wp__imp_fail(im, wp_indicator_set_unit(ind, wp__imp_printed(im, u)));
        } else {
            wp__imp_fail(im, wp_indicator_set_unit(ind, unit));
        }
    }
    wp__imp_fail(im, wp_indicator_set_aspirational(ind, asp));
    /* Rates and totals replace each other; counts of events add up. */
    wp__imp_fail(im, wp_indicator_set_cumulative(
                         ind, unit != NULL && strcmp(unit, "%") != 0 &&
                                  strcmp(unit, "个百分点") != 0 && strcmp(unit, "‰") != 0));
    im->rep->counts[WP_IMPORT_INDICATORS]++;
    if (im->summary && im->rc == 0) { /* a summary reports achievements */
        wp_report *r;
        wp_date when = wp_plan_issued(im->plan);
        if (when == WP_DATE_NONE)
            when = wp_date_make(im->year > 0 ? im->year : 2000, 12, 31);
        if (wp__imp_fail(im, wp_node_add_report(&r, node, when)) == 0) {
            wp__imp_fail(im, wp_report_set_state(r, WP_REPORT_APPROVED));
            wp__imp_fail(im, wp_report_set_actual(r, ind, value));
        }
    }
}

/* A comparator word after the figure or its unit (以上, 左右 …). */
static bool after_word(const char **after, wp_op *op)
{
    for (size_t i = 0; i < wp__lex_n_after; i++)
        if (wp__starts(*after, wp__lex_after[i].word)) {
            *op = wp__lex_after[i].op;
            *after += strlen(wp__lex_after[i].word);
            return true;
        }
    return false;
}

/* A comparator word ending at num (the longest), or NULL. */
static const char *before_word(const char *text, const char *num, wp_op *op)
{
    const char *from = NULL;
    for (size_t i = 0; i < wp__lex_n_before; i++) {
        size_t wl = i < sizeof before_len ? before_len[i] : strlen(wp__lex_before[i].word);
        if ((size_t)(num - text) >= wl && num[-(ptrdiff_t)wl] == wp__lex_before[i].word[0] &&
            strncmp(num - wl, wp__lex_before[i].word, wl) == 0 &&
            (from == NULL || num - wl < from)) {
            *op = wp__lex_before[i].op;
            from = num - wl;
        }
    }
    return from;
}

/* Does a programme word (专项, 行动 …) follow within this clause (at most
 * 40 characters)? 百名…专项 names a programme, not a target. */
static bool programme_follows(const char *s)
{
    for (int k = 0; k < 40 && *s; k++) {
        size_t n;
        uint32_t cp = wp__cp(s, &n);
        if (cp == 0xFF0C || cp == 0xFF1B || cp == 0x3002 || cp == ',' || cp == ';')
            return false;
        for (size_t i = 0; wp__lex_programme[i]; i++)
            if (wp__starts(s, wp__lex_programme[i]))
                return true;
        s += n ? n : 1;
    }
    return false;
}

/* A range's dash or word at s (10-15, 1到2, 10至15): its length, or 0. */
static size_t range_sep(const char *s)
{
    static const char *const seps[] = {"-", "－", "—", "–", "~", "～", "到", "至"};
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
        if (wp__starts(s, seps[i]))
            return strlen(seps[i]);
    return 0;
}

static void find_indicators(wp__imp *im, wp_node *node, const char *text, const char *hedge,
                            const cands *cand)
{
    size_t ci = 0;
    scan sc;
    memset(&sc, 0, sizeof sc);
    sc.text = sc.cur = sc.clause = sc.item = text;
    for (const char *s = text; *s;) {
        size_t n, len, sl, ulen;
        double v, max = NAN;
        bool cn, has_cmp = false, has_verb = false, asp, scaled = false;
        const char *num = s, *after, *unit, *from, *cl;
        wp_op op = WP_OP_EQ;
        /* wp__number_at(), with one decoding of the characters that
         * start no number (most). */
        if (*(s = next_cand(cand, &ci, s, C_NUMBER)) == '\0')
            break;
        num = s;
        if (!wp__number_at_slow(s, &len, &v, &cn)) {
            wp__cp(s, &n);
            s += n ? n : 1;
            continue;
        }
        /* 百分之八十: a percentage, read by the loop below (the 百 is not 100). */
        if (wp__starts(s, "百分之")) {
            s += 9;
            continue;
        }
        after = s + len;
        s = after;
        /* Not targets: ordinals, years, dates, document numbers, quoted code
         * names, parts of a larger word (一批, 统一), decimals like 2.0. */
        if (num > text) {
            size_t pn;
            uint32_t prev = wp__cp(prev_char(text, num), &pn);
            if (prev == 0x7B2C /* 第 */ || prev == 0x3014 /* 〔 */ || prev == '[' ||
                prev == 0x3010 || prev == '.' || prev == 0x6216 /* 或 */ ||
                (prev >= 'A' && prev <= 'Z') || (prev >= 'a' && prev <= 'z'))
                continue;
        }
        if (cn && v < 2)
            continue; /* 一: almost always 一批, 一体化, 一流 */
        /* A range: 10-15名, 1到2个, 10至15家 (the high bound is greater). */
        if (!cn && (sl = range_sep(after)) > 0) {
            size_t l2;
            double v2;
            bool cn2;
            if (wp__number_at(after + sl, &l2, &v2, &cn2) && !cn2 && v2 > v) {
                max = v2;
                op = WP_OP_RANGE;
                has_cmp = true;
                after += sl + l2;
                s = after;
            }
        }
        if (wp__starts(after, "年") || wp__starts(after, "月") || wp__starts(after, "日") ||
            wp__starts(after, "号") || wp__starts(after, "周年") || wp__starts(after, "届") ||
            wp__starts(after, "季度") || wp__starts(after, "大") || wp__starts(after, "五") ||
            wp__starts(after, "后") || wp__starts(after, "级") || wp__starts(after, "星"))
            continue;
        /* The clause scan up to the figure: only for a figure the tests
         * above kept (they do not read it; a scan is the same whether it
         * stopped at the figures between or not). */
        scan_to(&sc, num);
        /* “1531”, “千名院士·千场科普”: a code name, unless the quotation
         * states a target with its verb (实现“…达到2000名…”). */
        if (sc.qdepth > 0 && !sc.qverb)
            continue;
        /* 六届二次全委会: the ordinal of a meeting. */
        if (wp__starts(after, "次")) {
            bool meeting = false;
            for (size_t i = 0; wp__lex_meeting[i] && !meeting; i++)
                meeting = wp__starts(after + 3, wp__lex_meeting[i]);
            if (meeting)
                continue;
        }
        /* 百名…专项, 百馆千场万人…联盟: a round number naming a programme. */
        if (cn && (v == 100 || v == 1000 || v == 10000) && len == 3 && programme_follows(after))
            continue;
        /* Scale: 1万, 1000万 (but 万元 is a unit). */
        if ((wp__starts(after, "万") && !wp__starts(after, "万元")) ||
            (wp__starts(after, "亿") && !wp__starts(after, "亿元"))) {
            const char *p = after + 3;
            wp_op dummy;
            if (wp__starts(p, "余") || wp__starts(p, "多"))
                p += 3;
            if (wp__lex_measure_at(p) != NULL || after_word(&(const char *){p}, &dummy)) {
                v *= wp__starts(after, "万") ? 1e4 : 1e8;
                if (op == WP_OP_RANGE)
                    max *= wp__starts(after, "万") ? 1e4 : 1e8;
                after += 3;
                scaled = true;
            }
        }
        /* After the number: 以上 / 左右 / 余 …, before or after the unit. */
        if (op != WP_OP_RANGE && after_word(&after, &op))
            has_cmp = true;
        unit = wp__lex_measure_at(after);
        if (unit != NULL && wp__starts(unit, "余")) {
            unit = "场", op = WP_OP_GT, has_cmp = true;
            after += 3;
        }
        /* The unit as printed is skipped, whatever its normal form: ％ is
         * three bytes, % one (skipping one cut the span inside ％, and the
         * import failed with invalid UTF-8; found by fuzz_import). */
        ulen = unit != NULL ? strlen(unit) : 0;
        if (unit != NULL && strcmp(unit, "％") == 0)
            unit = "%";
        if (unit != NULL && (strcmp(unit, "届") == 0 || strcmp(unit, "万") == 0 ||
                             strcmp(unit, "亿") == 0))
            continue;
        if (unit != NULL) {
            after += ulen;
            /* 人(次), 场（次）: the 次 belongs to the unit. */
            if ((wp__starts(after, "(次)") || wp__starts(after, "（次）")) && strlen(unit) == 3) {
                static char units[8][8];
                static const char *const bases[] = {"人", "场", "户", "家", "台", "架", "批", "车"};
                for (size_t i = 0; i < 8; i++)
                    if (strcmp(unit, bases[i]) == 0) {
                        (void)units;
                        unit = i == 0 ? "人次" : i == 1 ? "场次" : i == 2 ? "户次" : i == 3 ? "家次"
                             : i == 4 ? "台次" : i == 5 ? "架次" : i == 6 ? "批次" : "车次";
                        after += wp__starts(after, "(") ? 4 : 9;
                        break;
                    }
            }
        }
        {
            wp_op op2 = op;
            if (op != WP_OP_RANGE && after_word(&after, &op2)) {
                /* 左右 wins over a verb of reaching: 达到2000名左右 is approx. */
                op = op2;
                has_cmp = true;
            }
        }
        /* Before the number: 不少于 / 超过 / 约 / 降至 …. */
        {
            wp_op bop = op;
            from = before_word(text, num, &bop);
            if (from == NULL) {
                from = num;
            } else if (op != WP_OP_RANGE && op != WP_OP_APPROX) {
                if (!has_cmp || bop == WP_OP_LE || bop == WP_OP_LT || bop == WP_OP_GT)
                    op = has_cmp && (op == WP_OP_LE) ? op : bop;
                has_cmp = true;
            } else {
                has_cmp = true;
            }
        }
        /* 至少开展1次 / 不少于举办10场: the comparator, a verb, the number. */
        if (!has_cmp) {
            size_t vl = 0;
            for (const char *q = num; q > text && num - q <= 12 && vl == 0;) {
                q = prev_char(text, q);
                if (wp__lex_verb_at(q) == (size_t)(num - q))
                    vl = (size_t)(num - q);
            }
            if (vl > 0) {
                wp_op bop = WP_OP_EQ;
                if (before_word(text, num - vl, &bop) != NULL && bop != WP_OP_APPROX) {
                    op = bop;
                    has_cmp = true;
                }
            }
        }
        if (unit == NULL && !has_cmp)
            continue; /* a bare number: only with a comparator (指数达85) */
        /* 65岁以上老年人, 3岁以下婴幼儿: an age that qualifies who is meant;
         * a target reaches an age (人均预期寿命达到79.5岁). */
        if (unit != NULL && strcmp(unit, "岁") == 0 && from == num)
            continue;
        if (unit == NULL && !scaled && op == WP_OP_EQ)
            continue;
        cl = sc.clause;
        for (int i = 0; i < sc.n_verb && !has_verb; i++)
            has_verb = sc.verb[i] < num;
        /* 培养300名…，1000名…: the clause's verb is the previous clause's. */
        if (!has_verb && sc.prev_target && num == cl)
            has_verb = true;
        if (!has_cmp && !has_verb && !im->summary)
            continue; /* a descriptive count: 4个模块, 14个产业集群 (a summary's
                       * figures are all achievements) */
        if ((size_t)(num - text) >= 3 && wp__starts(num - 3, "等"))
            continue; /* …等4个模块: an enumeration */
        if (has_verb || has_cmp)
            sc.clause_target = true;
        asp = hedge != NULL && hedge < num;
        {
            /* The subject: between the verb and the number, or the words
             * after the unit up to the clause's end. */
            const char *sub = cl, *se = from, *best = NULL;
            for (int i = 0; i < sc.n_verb; i++) {
                const char *hit = sc.verb[i];
                if (wp__starts(hit + sc.verb_len[i], "率"))
                    continue; /* 覆盖率 is a noun */
                if (hit + sc.verb_len[i] <= from) {
                    best = hit;
                    sub = hit + sc.verb_len[i];
                    break;
                }
            }
            for (size_t vl; sub < from && (vl = wp__lex_verb_at(sub)) > 0 &&
                            !wp__starts(sub + vl, "率");)
                sub += vl; /* 组织开展: skip the run of verbs */
            /* In a list of counted things (2家以上、海智工作站10家), the
             * subject starts after the 、. */
            if (sc.digit != NULL && sc.digit < sc.item && sc.item > sub && sc.item <= from)
                sub = sc.item;
            if ((size_t)(se - sub) >= 6 && wp__starts(sub, "全年"))
                sub += 6;
            if (se <= sub || (size_t)(se - sub) > 90) {
                /* 支持10家单位: the counted thing follows the measure word. */
                sub = se = after;
                for (int k = 0; k < 12 && *se; k++) {
                    size_t cn2;
                    uint32_t c2 = wp__cp(se, &cn2);
                    if (!wp__is_cjk(c2) || (se > sub + 9 && wp__lex_verb_at(se) > 0))
                        break;
                    se += cn2;
                }
            }
            if (se <= sub && best != NULL) {
                /* 比例提高到15%: the subject is before a verb of reaching;
                 * 培训2000人次: otherwise the verb says what is counted. */
                if (wp__lex_reach_at(best) && best > cl) {
                    sub = cl;
                    se = best;
                } else {
                    sub = best;
                    se = from;
                }
                while (sub < se && *sub == ' ')
                    sub++;
            }
            add_indicator(im, node, from, after, sub, se > sub ? (size_t)(se - sub) : 0, op, v,
                          max, unit, asp);
        }
        s = after;
    }
    /* 百分之八十 / 百分之80 */
    /* (百 is a candidate: those listed, then strstr after them) */
    const char *prev_pct = NULL;
    for (size_t k = 0;; k++) {
        const char *p;
        size_t len;
        double v;
        bool cn;
        wp_op op = WP_OP_EQ;
        const char *from, *after;
        if (k < cand->n) {
            if (!wp__starts(cand->at[k], "百分之"))
                continue;
            p = cand->at[k];
        } else {
            const char *from_p = k == cand->n ? cand->rest : prev_pct + 9;
            if (*from_p == '\0' || (p = strstr(from_p, "百分之")) == NULL)
                break;
        }
        prev_pct = p;
        if (!wp__number_at(p + 9, &len, &v, &cn))
            continue;
        after = p + 9 + len;
        if ((from = before_word(text, p, &op)) == NULL)
            from = p;
        after_word(&after, &op);
        add_indicator(im, node, from, after, NULL, 0, op, v, NAN, "%",
                      hedge != NULL && hedge < p);
    }
}

void wp__imp_facts(wp__imp *im, wp_node *node, const char *text, int line)
{
    const char *hedge;
    cands cand;
    (void)line;
    if (text == NULL || *text == '\0')
        return;
    find_cands(&cand, text);
    hedge = first_hedge_cands(text, &cand);
    find_indicators(im, node, text, hedge, &cand);
    if (!im->summary)
        find_deadline(im, node, text, hedge, &cand);
}
