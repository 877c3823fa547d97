/*
 * Import: numbers (Arabic and Chinese), dates, indicators and deadlines in
 * the text of one task.
 */
#include "importx.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- UTF-8 --------------------------------------------------------------- */

uint32_t wp__cp(const char *s, size_t *len)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n;
    if (*s == '\0') {
        *len = 0;
        return 0;
    }
    if ((unsigned char)*s < 0x80) {
        *len = 1;
        return (unsigned char)*s;
    }
    n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
    if (n <= 0) {
        *len = 1;
        return 0xFFFD;
    }
    *len = (size_t)n;
    return (uint32_t)cp;
}

bool wp__starts(const char *s, const char *lit) { return strncmp(s, lit, strlen(lit)) == 0; }

bool wp__is_cjk(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

/* ---- numbers ------------------------------------------------------------- */

static int cn_digit(uint32_t cp)
{
    static const uint32_t d[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
                                 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D}; /* 〇一二…九 */
    for (int i = 0; i < 10; i++)
        if (cp == d[i])
            return i;
    if (cp == 0x96F6) /* 零 */
        return 0;
    if (cp == 0x4E24) /* 两 */
        return 2;
    if (cp == 0x5169) /* 兩 */
        return 2;
    return -1;
}

static int cn_scale(uint32_t cp)
{
    switch (cp) {
    case 0x5341: return 10;    /* 十 */
    case 0x767E: return 100;   /* 百 */
    case 0x5343: return 1000;  /* 千 */
    default: return 0;
    }
}

/* Chinese numeral: 十, 二十, 一百二十, 三千, 两, 百. Stops before 万/亿
 * (scaling is the caller's). */
static bool chinese_number(const char *s, size_t *len, double *value)
{
    double total = 0, digit = -1;
    size_t pos = 0, n;
    bool any = false;
    for (;;) {
        uint32_t cp = wp__cp(s + pos, &n);
        int d = cn_digit(cp), sc = cn_scale(cp);
        if (d >= 0) {
            if (digit >= 0 && digit != 0)
                break; /* 二三: a list, not a number */
            digit = d;
        } else if (sc > 0) {
            total += (digit < 0 ? 1 : digit) * sc;
            digit = -1;
        } else {
            break;
        }
        any = true;
        pos += n;
    }
    if (!any)
        return false;
    if (digit > 0)
        total += digit;
    *len = pos;
    *value = total;
    return true;
}

static bool arabic_number(const char *s, size_t *len, double *value)
{
    char buf[64];
    size_t pos = 0, o = 0, n;
    bool dot = false;
    for (;;) {
        uint32_t cp = wp__cp(s + pos, &n);
        if (cp >= 0xFF10 && cp <= 0xFF19)
            cp -= 0xFF10 - '0';
        if (cp >= '0' && cp <= '9') {
            buf[o++] = (char)cp;
        } else if ((cp == '.' || cp == 0xFF0E) && !dot && o > 0) {
            size_t n2;
            uint32_t next = wp__cp(s + pos + n, &n2);
            if (!((next >= '0' && next <= '9') || (next >= 0xFF10 && next <= 0xFF19)))
                break;
            buf[o++] = '.';
            dot = true;
        } else if ((cp == ',') && o > 0) {
            size_t n2;
            uint32_t next = wp__cp(s + pos + n, &n2);
            if (!(next >= '0' && next <= '9'))
                break; /* 1,000 */
        } else {
            break;
        }
        pos += n;
        if (o >= sizeof buf - 1)
            return false;
    }
    if (o == 0)
        return false;
    buf[o] = '\0';
    *value = strtod(buf, NULL);
    *len = pos;
    return true;
}

bool wp__number_at(const char *s, size_t *len, double *value, bool *chinese)
{
    if (arabic_number(s, len, value)) {
        *chinese = false;
        return true;
    }
    if (chinese_number(s, len, value)) {
        *chinese = true;
        return true;
    }
    return false;
}

/* ---- dates --------------------------------------------------------------- */

/* A month or day number as an int; -1 when it is not a small whole number
 * (a huge figure would not fit an int: converting it is undefined). */
static int small_int(double v)
{
    return v >= 0 && v <= 1000 && v == floor(v) ? (int)v : -1;
}

/* A year: 2024 or 二〇二四 (four digit characters). */
static bool year_at(const char *s, size_t *len, int *year)
{
    size_t pos = 0, n;
    int y = 0, digits = 0;
    for (;;) {
        uint32_t cp = wp__cp(s + pos, &n);
        int d = cp >= '0' && cp <= '9' ? (int)(cp - '0')
                : cp >= 0xFF10 && cp <= 0xFF19 ? (int)(cp - 0xFF10)
                : cp == 0x25CB || cp == 0x3007 || cp == 0x96F6 ? 0 /* ○〇零 */
                : cn_digit(cp) >= 0 && cp != 0x4E24 ? cn_digit(cp) : -1;
        if (d < 0 || digits == 5)
            break; /* five digits are not a year; stop before y overflows */
        y = y * 10 + d;
        digits++;
        pos += n;
    }
    if (digits != 4 || y < 1900 || y > 2200)
        return false;
    *len = pos;
    *year = y;
    return true;
}

bool wp__imp_date(const char *s, size_t *len, wp_date *out)
{
    size_t pos, n;
    int y, m, d;
    double v;
    bool cn;
    if (!year_at(s, &pos, &y))
        return false;
    if (s[pos] == '-' || s[pos] == '.' || s[pos] == '/') { /* 2024-03-27 */
        char sep = s[pos];
        char *end;
        long mm = strtol(s + pos + 1, &end, 10), dd;
        if (end == s + pos + 1 || *end != sep)
            return false;
        dd = strtol(end + 1, &end, 10);
        if ((*out = wp_date_make(y, (int)mm, (int)dd)) == WP_DATE_NONE)
            return false;
        *len = (size_t)(end - s);
        return true;
    }
    if (!wp__starts(s + pos, "年"))
        return false;
    pos += 3;
    if (!wp__number_at(s + pos, &n, &v, &cn) || !wp__starts(s + pos + n, "月"))
        return false;
    m = small_int(v);
    pos += n + 3;
    if (!wp__number_at(s + pos, &n, &v, &cn) || !wp__starts(s + pos + n, "日"))
        return false;
    d = small_int(v);
    pos += n + 3;
    if ((*out = wp_date_make(y, m, d)) == WP_DATE_NONE)
        return false;
    *len = pos;
    return true;
}

/* ---- deadlines ----------------------------------------------------------- */

static bool set_deadline(wp__imp *im, wp_node *node, const char *from, size_t len,
                         wp_date start, wp_date end, wp_precision prec, bool asp)
{
    wp_deadline d;
    char text[96];
    if (end == WP_DATE_NONE)
        return false;
    if (len >= sizeof text)
        len = sizeof text - 1;
    memcpy(text, from, len);
    text[len] = '\0';
    d.text = text;
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

/* The first 力争 / 争取 (or Traditional 力爭 / 爭取) in text, or NULL: a
 * target or deadline after it is hedged (aspirational). */
static const char *first_hedge(const char *text)
{
    static const char *const words[] = {"力争", "争取", "力爭", "爭取"};
    const char *first = NULL;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        const char *hit = strstr(text, words[i]);
        if (hit != NULL && (first == NULL || hit < first))
            first = hit;
    }
    return first;
}

static void find_deadline(wp__imp *im, wp_node *node, const char *text)
{
    int year = im->year;
    const char *hedge = first_hedge(text);
    for (const char *s = text; *s;) {
        size_t n, len;
        uint32_t cp = wp__cp(s, &n);
        const char *start = s;
        int y = year, m = 0, d = 0;
        double v;
        bool cn;
        bool asp = hedge != NULL && hedge < s;
        if (year_at(s, &len, &y) && wp__starts(s + len, "年")) {
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
                if (cn_digit(prev) >= 0 || cn_scale(prev) > 0 || (prev >= '0' && prev <= '9')) {
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
            if (wp__number_at(q, &len, &v, &cn) && v >= 1 && v <= 4 && v == floor(v) &&
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
        if (wp__number_at(s, &len, &v, &cn) && wp__starts(s + len, "月") && year > 0 &&
            !((size_t)(s - text) >= 3 && (wp__starts(s - 3, "个") || wp__starts(s - 3, "第")))) {
            const char *p;
        month:
            if (!wp__number_at(s, &len, &v, &cn))
                break;
            m = small_int(v);
            p = s + len + 3;
            if (m < 1 || m > 12 || v != floor(v)) {
                s = p;
                continue;
            }
            if (wp__number_at(p, &len, &v, &cn) && wp__starts(p + len, "日")) {
                size_t t;
                d = small_int(v);
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

/* Measure words and symbols, longest first. */
static const char *const MEASURES[] = {
    "个百分点", "万人次", "亿元", "万元", "人次", "场次", "家次", "平方米", "公里", "课时",
    "萬人次", "億元", "萬元", "場次", "個百分點", "餘場",
    "余场", "%", "％", "家", "个", "项", "名", "人", "篇", "部", "所", "期", "次", "批", "支",
    "場", "個", "項", "屆", "臺", "處", "條", "門", "種", "戶", "萬", "億",
    "件", "台", "套", "本", "场", "处", "座", "条", "门", "种", "户", "村", "校", "支队",
    "元", "册", "份", "集", "幅", "届", "站", "轮", "块", "万", "亿",
};

static const char *measure_at(const char *s)
{
    for (size_t i = 0; i < sizeof MEASURES / sizeof MEASURES[0]; i++)
        if (wp__starts(s, MEASURES[i]))
            return MEASURES[i];
    return NULL;
}

/* After 万 / 亿: a measure word, possibly after 余 / 多 (2万余人次). */
static bool measure_after_scale(const char *p)
{
    if (wp__starts(p, "余") || wp__starts(p, "多") || wp__starts(p, "餘"))
        p += 3;
    return measure_at(p) != NULL;
}

typedef struct cmp_word {
    const char *word;
    wp_op op;
} cmp_word;

static const cmp_word BEFORE[] = {
    {"不少于", WP_OP_GE}, {"不低于", WP_OP_GE}, {"至少", WP_OP_GE},   {"达到", WP_OP_GE},
    {"超过", WP_OP_GT},   {"多于", WP_OP_GT},   {"高于", WP_OP_GT},   {"不超过", WP_OP_LE},
    {"不高于", WP_OP_LE}, {"控制在", WP_OP_LE}, {"少于", WP_OP_LT},   {"低于", WP_OP_LT},
    {"约", WP_OP_APPROX}, {"近", WP_OP_APPROX}, {"大约", WP_OP_APPROX}, {"突破", WP_OP_GT},
    {"达", WP_OP_GE},     {"達", WP_OP_GE},
    {"不少於", WP_OP_GE}, {"不低於", WP_OP_GE}, {"達到", WP_OP_GE}, {"超過", WP_OP_GT},
    {"多於", WP_OP_GT},   {"高於", WP_OP_GT},   {"不超過", WP_OP_LE}, {"少於", WP_OP_LT},
    {"低於", WP_OP_LT},   {"約", WP_OP_APPROX},
};

static const cmp_word AFTER[] = {
    {"以上", WP_OP_GE}, {"及以上", WP_OP_GE}, {"左右", WP_OP_APPROX},
    {"以内", WP_OP_LE}, {"以下", WP_OP_LE},   {"余", WP_OP_GT}, {"多", WP_OP_GT},
    {"以內", WP_OP_LE}, {"餘", WP_OP_GT},
};

/* Verbs that make a count a target. */
static const char *const VERBS[] = {
    "开展", "举办", "建设", "新建", "建成", "培育", "打造", "支持", "引进", "组织", "实施",
    "推出", "发展", "评选", "资助", "培训", "召开", "完成", "创建", "认定", "遴选", "推荐",
    "发布", "举荐", "服务", "覆盖", "达到", "新增", "吸引", "带动", "形成", "出版", "编制",
    "立项", "建立", "设立", "选派", "选树", "表彰", "征集", "制作", "推动", "开发", "争取",
    "办好", "承办", "主办", "培养", "孵化", "转化", "落地", "惠及", "参与", "招收", "录制",
    "创作", "宣讲", "成立", "扶持", "奖励", "提升至", "提高到", "增加", "增长", "吸纳",
    "開展", "舉辦", "建設", "培訓", "組織", "實施", "發展", "評選", "資助", "創建", "認定",
    "推薦", "發布", "服務", "覆蓋", "達到", "帶動", "編制", "設立", "選派", "徵集", "製作",
    "開發", "爭取", "辦好", "培養", "轉化", "參與", "宣講", "獎勵", "增長", "引進",
    "发放", "举行", "走访", "慰问", "调研", "开设", "投入", "累计", "实现", "提供", "邀请",
    "招募", "选拔", "评审", "推送", "编印", "巡讲", "授牌", "命名", "入驻", "达",
    "發放", "舉行", "走訪", "慰問", "調研", "開設", "累計", "實現", "邀請", "選拔", "評審", "達",
};

static bool in_quotes(const char *text, const char *s)
{
    int depth = 0;
    for (const char *p = text; p < s;) {
        size_t n;
        uint32_t cp = wp__cp(p, &n);
        if (cp == 0x201C || cp == 0x300C || cp == 0x300E) /* “ 「 『 */
            depth++;
        else if ((cp == 0x201D || cp == 0x300D || cp == 0x300F) && depth > 0)
            depth--;
        else if (cp == '"')
            depth = !depth;
        p += n ? n : 1;
    }
    return depth > 0;
}

/* Start of the clause containing s: after the last ，；。： (and 、 when
 * `list` is set), or text. */
static const char *clause_start(const char *text, const char *s, bool list)
{
    const char *best = text;
    for (const char *p = text; p < s;) {
        size_t n;
        uint32_t cp = wp__cp(p, &n);
        p += n ? n : 1;
        if (cp == 0xFF0C || cp == 0xFF1B || cp == 0x3002 || cp == 0xFF1A || cp == ',' ||
            cp == ';' || cp == 0xFF01 || (list && cp == 0x3001))
            best = p;
    }
    return best;
}

/* End of the clause that contains s: the next ，；。 or the end. */
static const char *sentence_clause_end(const char *s)
{
    for (const char *p = s; *p;) {
        size_t n;
        uint32_t cp = wp__cp(p, &n);
        if (cp == 0xFF0C || cp == 0xFF1B || cp == 0x3002 || cp == ',' || cp == ';')
            return p;
        p += n ? n : 1;
    }
    return s + strlen(s);
}

static void add_indicator(wp__imp *im, wp_node *node, const char *from, const char *to,
                          const char *subject, size_t subject_len, wp_op op, double value,
                          const char *unit, bool asp)
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
    rc = wp_node_add_indicator(&ind, node, text);
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
        wp__imp_fail(im, wp_indicator_set_subject(ind, subj));
        wp__free(subj);
    }
    wp__imp_fail(im, wp_indicator_set_op(ind, op));
    wp__imp_fail(im, wp_indicator_set_value(ind, value));
    wp__imp_fail(im, wp_indicator_set_unit(ind, unit));
    wp__imp_fail(im, wp_indicator_set_aspirational(ind, asp));
    /* Rates and totals replace each other; counts of events add up. */
    wp__imp_fail(im, wp_indicator_set_cumulative(ind, strcmp(unit, "%") != 0 &&
                                                          strcmp(unit, "个百分点") != 0));
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

static void find_indicators(wp__imp *im, wp_node *node, const char *text)
{
    const char *hedge = first_hedge(text);
    for (const char *s = text; *s;) {
        size_t n, len;
        double v;
        bool cn;
        const char *num = s, *after, *unit, *from, *cl;
        wp_op op = WP_OP_EQ;
        bool has_cmp = false, has_verb = false, asp;
        uint32_t cp = wp__cp(s, &n);
        if (!wp__number_at(s, &len, &v, &cn)) {
            s += n ? n : 1;
            continue;
        }
        after = s + len;
        s = after;
        /* Not targets: ordinals, years, dates, document numbers, quoted code
         * names, parts of a larger word (一批, 统一), decimals like 2.0. */
        if (num > text) {
            size_t pn;
            const char *pp = num - 1;
            while (pp > text && ((unsigned char)*pp & 0xC0) == 0x80)
                pp--;
            uint32_t prev = wp__cp(pp, &pn);
            if (prev == 0x7B2C /* 第 */ || prev == 0x3014 /* 〔 */ || prev == '[' ||
                prev == 0x3010 || prev == '.' || prev == 0x6216 /* 或 */)
                continue;
        }
        if (cn && v < 2)
            continue; /* 一: almost always 一批, 一体化, 一流 */
        if (wp__starts(after, "年") || wp__starts(after, "月") || wp__starts(after, "日") ||
            wp__starts(after, "号") || wp__starts(after, "周年") || wp__starts(after, "届") ||
            wp__starts(after, "季度") || wp__starts(after, "大") || wp__starts(after, "五"))
            continue;
        if (in_quotes(text, num))
            continue;
        /* 六届二次全委会: the ordinal of a meeting. */
        if (wp__starts(after, "次") &&
            (wp__starts(after + 3, "全会") || wp__starts(after + 3, "全委会") ||
             wp__starts(after + 3, "会议") || wp__starts(after + 3, "代表大会") ||
             wp__starts(after + 3, "常委会") || wp__starts(after + 3, "全体会议")))
            continue;
        /* 百名…专项, 百馆千场万人…联盟: a round number naming a programme. */
        if (cn && (v == 100 || v == 1000 || v == 10000) && len == 3) {
            const char *end = sentence_clause_end(after);
            static const char *const names[] = {"专项", "工程", "计划", "联盟", "行动", "專項", "聯盟"};
            bool named = false;
            for (size_t i = 0; i < sizeof names / sizeof names[0] && !named; i++) {
                const char *hit = strstr(after, names[i]);
                named = hit != NULL && hit < end;
            }
            if (named)
                continue;
        }
        /* Scale: 1万, 1000万 (but 万元 is a unit). */
        if ((wp__starts(after, "万") || wp__starts(after, "萬")) && !wp__starts(after, "万元") &&
            !wp__starts(after, "萬元") && measure_after_scale(after + 3)) {
            v *= 10000;
            after += 3;
        } else if (wp__starts(after, "亿") && !wp__starts(after, "亿元") &&
                   measure_after_scale(after + 3)) {
            v *= 1e8;
            after += 3;
        }
        /* After the number: 以上 / 左右 / 余 …, before or after the unit. */
        for (size_t i = 0; i < sizeof AFTER / sizeof AFTER[0]; i++)
            if (wp__starts(after, AFTER[i].word)) {
                op = AFTER[i].op;
                has_cmp = true;
                after += strlen(AFTER[i].word);
                break;
            }
        unit = measure_at(after);
        if (unit == NULL && wp__starts(after, "%"))
            unit = "%";
        if (unit == NULL)
            continue;
        if (wp__starts(unit, "余") || wp__starts(unit, "餘"))
            unit = wp__starts(unit, "余") ? "场" : "場", op = WP_OP_GT, has_cmp = true;
        if (strcmp(unit, "％") == 0)
            unit = "%";
        if (strcmp(unit, "届") == 0 || strcmp(unit, "万") == 0 || strcmp(unit, "亿") == 0 ||
            strcmp(unit, "屆") == 0 || strcmp(unit, "萬") == 0 || strcmp(unit, "億") == 0)
            continue;
        after += strlen(unit) + (unit == MEASURES[0] ? 0 : 0);
        if (wp__starts(num + len, "余场") || wp__starts(num + len, "餘場"))
            after = num + len + strlen("余场");
        for (size_t i = 0; !has_cmp && i < sizeof AFTER / sizeof AFTER[0]; i++)
            if (wp__starts(after, AFTER[i].word)) {
                op = AFTER[i].op;
                has_cmp = true;
                after += strlen(AFTER[i].word);
            }
        /* Before the number: 不少于 / 超过 / 约 …. */
        from = num;
        for (size_t i = 0; i < sizeof BEFORE / sizeof BEFORE[0]; i++) {
            size_t wl = strlen(BEFORE[i].word);
            if ((size_t)(num - text) >= wl && strncmp(num - wl, BEFORE[i].word, wl) == 0 &&
                num - wl < from) { /* the longest: 不超过, not 超过 */
                op = BEFORE[i].op;
                has_cmp = true;
                from = num - wl;
            }
        }
        /* 至少开展1次 / 不少于举办10场: the comparator, a verb, the number. */
        for (size_t i = 0; i < sizeof BEFORE / sizeof BEFORE[0] && !has_cmp; i++)
            for (size_t k = 0; k < sizeof VERBS / sizeof VERBS[0] && !has_cmp; k++) {
                size_t wl = strlen(BEFORE[i].word), vl = strlen(VERBS[k]);
                if ((size_t)(num - text) >= wl + vl && strncmp(num - vl, VERBS[k], vl) == 0 &&
                    strncmp(num - vl - wl, BEFORE[i].word, wl) == 0 && BEFORE[i].op != WP_OP_APPROX) {
                    op = BEFORE[i].op;
                    has_cmp = true;
                }
            }
        /* 百分之八十 */
        cl = clause_start(text, num, false);
        for (size_t i = 0; i < sizeof VERBS / sizeof VERBS[0] && !has_verb; i++) {
            const char *hit = strstr(cl, VERBS[i]);
            has_verb = hit != NULL && hit < num;
        }
        if (!has_cmp && !has_verb && !im->summary)
            continue; /* a descriptive count: 4个模块, 14个产业集群 (a summary's
                       * figures are all achievements) */
        if ((size_t)(num - text) >= 3 && wp__starts(num - 3, "等"))
            continue; /* …等4个模块: an enumeration */
        asp = hedge != NULL && hedge < num;
        {
            /* The subject: between the verb and the number, or the words
             * after the unit up to the clause's end. */
            const char *sub = cl, *se = from, *best = NULL, *item = clause_start(text, num, true);
            bool counted_list = false;
            for (size_t i = 0; i < sizeof VERBS / sizeof VERBS[0]; i++) {
                const char *hit = strstr(cl, VERBS[i]);
                if (hit != NULL && wp__starts(hit + strlen(VERBS[i]), "率"))
                    continue; /* 覆盖率 is a noun */
                if (hit != NULL && hit + strlen(VERBS[i]) <= from && (best == NULL || hit < best)) {
                    best = hit;
                    sub = hit + strlen(VERBS[i]);
                }
            }
            for (bool again = true; again;) { /* 组织开展: skip the run of verbs */
                again = false;
                for (size_t i = 0; i < sizeof VERBS / sizeof VERBS[0]; i++)
                    if (sub < from && wp__starts(sub, VERBS[i]) &&
                        !wp__starts(sub + strlen(VERBS[i]), "率")) {
                        sub += strlen(VERBS[i]);
                        again = true;
                    }
            }
            /* In a list of counted things (2家以上、海智工作站10家), the
             * subject starts after the 、. */
            for (const char *p = cl; p < item && !counted_list; p++)
                counted_list = *p >= '0' && *p <= '9';
            if (counted_list && item > sub)
                sub = item;
            if ((size_t)(se - sub) >= 6 && wp__starts(sub, "全年"))
                sub += 6;
            if (se <= sub || (size_t)(se - sub) > 90) {
                /* 支持10家单位: the counted thing follows the measure word. */
                sub = se = after;
                for (int k = 0; k < 12 && *se; k++) {
                    size_t cn2;
                    uint32_t c2 = wp__cp(se, &cn2);
                    bool verb = false;
                    for (size_t i = 0; i < sizeof VERBS / sizeof VERBS[0] && !verb; i++)
                        verb = se > sub + 9 && wp__starts(se, VERBS[i]);
                    if (!wp__is_cjk(c2) || verb)
                        break;
                    se += cn2;
                }
            }
            if (se <= sub && best != NULL) {
                /* 比例提高到15%: the subject is before a verb of reaching;
                 * 培训2000人次: otherwise the verb says what is counted. */
                static const char *const reach[] = {"提高到", "提升至", "达到", "达", "提高",
                                                    "增长", "達到", "達"};
                bool reaching = false;
                for (size_t i = 0; i < sizeof reach / sizeof reach[0] && !reaching; i++)
                    reaching = wp__starts(best, reach[i]);
                if (reaching && best > cl) {
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
                          unit, asp);
        }
        s = after;
        (void)cp;
    }
    /* 百分之八十 / 百分之80 */
    for (const char *p = strstr(text, "百分之"); p != NULL; p = strstr(p + 9, "百分之")) {
        size_t len;
        double v;
        bool cn;
        wp_op op = WP_OP_EQ;
        const char *from = p, *after;
        if (!wp__number_at(p + 9, &len, &v, &cn))
            continue;
        after = p + 9 + len;
        for (size_t i = 0; i < sizeof BEFORE / sizeof BEFORE[0]; i++) {
            size_t wl = strlen(BEFORE[i].word);
            if ((size_t)(p - text) >= wl && strncmp(p - wl, BEFORE[i].word, wl) == 0 &&
                p - wl < from) {
                op = BEFORE[i].op;
                from = p - wl;
            }
        }
        for (size_t i = 0; i < sizeof AFTER / sizeof AFTER[0]; i++)
            if (wp__starts(after, AFTER[i].word)) {
                op = AFTER[i].op;
                after += strlen(AFTER[i].word);
                break;
            }
        add_indicator(im, node, from, after, NULL, 0, op, v, "%",
                      strstr(text, "力争") != NULL || strstr(text, "争取") != NULL);
    }
}

void wp__imp_facts(wp__imp *im, wp_node *node, const char *text, int line)
{
    (void)line;
    if (text == NULL || *text == '\0')
        return;
    find_indicators(im, node, text);
    if (!im->summary)
        find_deadline(im, node, text);
}
