/*
 * Import: the numbers (Arabic and Chinese) and dates a task's text holds,
 * and the UTF-8 decoding the scans share. Finding indicators and deadlines
 * with them is import_facts.c.
 */
#include "importx.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- UTF-8 --------------------------------------------------------------- */

uint32_t wp__cp_slow(const char *s, size_t *len)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
    if (n <= 0) {
        *len = 1;
        return 0xFFFD;
    }
    *len = (size_t)n;
    return (uint32_t)cp;
}

bool wp__is_cjk(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

/* ---- numbers ------------------------------------------------------------- */

int wp__imp_cn_digit(uint32_t cp)
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

int wp__imp_cn_scale(uint32_t cp)
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
        int d = wp__imp_cn_digit(cp), sc = wp__imp_cn_scale(cp);
        if (pos >= 48)
            return false; /* 16 numerals: not a number, and the scan at
                           * every position of a long run stays linear */
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
    if (!dot && o <= 15) {
        /* A whole number below 10^15: exact in a double, as strtod reads
         * it (strtod costs ~400 instructions; figures are mostly whole). */
        uint64_t u = 0;
        for (size_t k = 0; k < o; k++)
            u = u * 10 + (uint64_t)(buf[k] - '0');
        *value = (double)u;
    } else {
        *value = strtod(buf, NULL);
    }
    *len = pos;
    return true;
}

bool wp__number_at_slow(const char *s, size_t *len, double *value, bool *chinese)
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
int wp__imp_small_int(double v)
{
    return v >= 0 && v <= 1000 && v == floor(v) ? (int)v : -1;
}

/* A digit of a year (0-9, ０-９, ○〇零, 一…九 but 两), or -1. */
static int year_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9' ? (int)(cp - '0')
           : cp >= 0xFF10 && cp <= 0xFF19 ? (int)(cp - 0xFF10)
           : cp == 0x25CB || cp == 0x3007 || cp == 0x96F6 ? 0 /* ○〇零 */
           : wp__imp_cn_digit(cp) >= 0 && cp != 0x4E24 ? wp__imp_cn_digit(cp) : -1;
}

bool wp__imp_date_may_start(const char *s)
{
    size_t n;
    return year_digit(wp__cp(s, &n)) >= 0;
}

/* A year: 2024 or 二〇二四 (four digit characters). */
bool wp__imp_year_at(const char *s, size_t *len, int *year)
{
    size_t pos = 0, n;
    int y = 0, digits = 0;
    for (;;) {
        uint32_t cp = wp__cp(s + pos, &n);
        int d = year_digit(cp);
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
    if (!wp__imp_year_at(s, &pos, &y))
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
    m = wp__imp_small_int(v);
    pos += n + 3;
    if (!wp__number_at(s + pos, &n, &v, &cn) || !wp__starts(s + pos + n, "日"))
        return false;
    d = wp__imp_small_int(v);
    pos += n + 3;
    if ((*out = wp_date_make(y, m, d)) == WP_DATE_NONE)
        return false;
    *len = pos;
    return true;
}
