/* The JSON tokenizer of json_tape.h: recursive descent bounded by
 * WP_LIMIT_DEPTH, every check made at the byte where it fails. */
#include "internal.h"
#include "json_tape.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tz {
    wp__jtape *tp;
    const unsigned char *s;
    size_t len, pos;
    wp__wbuf keys; /* decoded member names with escapes, for the duplicate check */
    struct kref { const char *p; size_t off, len; uint32_t tok; } *refs;
    size_t nrefs, caprefs;
} tz;

void wp__jtape_where(const wp__jtape *tp, size_t off, int *line, int *column)
{
    const char *s = tp->text, *p = s, *nl;
    int l = 1;
    if (off > tp->len)
        off = tp->len;
    while (p < s + off && (nl = memchr(p, '\n', (size_t)(s + off - p))) != NULL) {
        l++;
        p = nl + 1;
    }
    *line = l;
    *column = (int)(s + off - p) + 1;
}

static int fail(tz *z, int code, size_t off, const char *fmt, ...) WP__PRINTF(4, 5);
static int fail(tz *z, int code, size_t off, const char *fmt, ...)
{
    char what[200];
    int line, column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    wp__jtape_where(z->tp, off, &line, &column);
    return wp__err_at(code, off, line, column, "JSON line %d, column %d (byte %zu): %s%s", line,
                      column, off, code == WP_EUTF8 ? "invalid UTF-8: " : "", what);
}

static int push(tz *z, uint32_t *index)
{
    wp__jtape *tp = z->tp;
    if (tp->n == tp->cap) {
        uint32_t cap = tp->cap ? tp->cap * 2 : 256;
        void *p = wp__realloc(tp->t, (size_t)cap * sizeof *tp->t);
        if (p == NULL)
            return wp__err_nomem();
        tp->t = p;
        tp->cap = cap;
    }
    *index = tp->n;
    tp->t[tp->n++] = (wp__jtok){(uint32_t)z->pos, 0};
    return 0;
}

static void skip_ws(tz *z)
{
    while (z->pos < z->len && (z->s[z->pos] == ' ' || z->s[z->pos] == '\n' ||
                               z->s[z->pos] == '\r' || z->s[z->pos] == '\t'))
        z->pos++;
}

static const char *near(tz *z)
{
    static const char *const eof = "end of input";
    return z->pos >= z->len ? eof : NULL;
}

static int unexpected(tz *z, const char *expected)
{
    const char *e = near(z);
    if (e != NULL)
        return fail(z, WP_EFORMAT, z->pos, "%s expected, found the %s", expected, e);
    if (z->s[z->pos] >= 0x80)
        return fail(z, WP_EFORMAT, z->pos, "%s expected, found byte 0x%02x", expected, z->s[z->pos]);
    return fail(z, WP_EFORMAT, z->pos, "%s expected, found '%c'", expected, z->s[z->pos]);
}

/* Length of the valid UTF-8 sequence at s[i], or 0. */
static size_t utf8_len(const unsigned char *s, size_t i, size_t len)
{
    unsigned c = s[i];
    size_t n;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    if (i + n > len)
        return 0;
    for (size_t k = 1; k < n; k++) {
        if ((s[i + k] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i + k] & 0x3f);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return n;
}

static int hex4(const unsigned char *s, size_t i, size_t len, uint32_t *out)
{
    uint32_t v = 0;
    if (i + 4 > len)
        return -1;
    for (size_t k = i; k < i + 4; k++) {
        int c = s[k], d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return 0;
}

/* A string at z->pos (the opening quote); *escaped tells whether it has
 * any backslash. */
static int string(tz *z, uint32_t *index, bool *escaped)
{
    size_t start = z->pos, i = start + 1;
    const unsigned char *s = z->s;
    int rc;
    *escaped = false;
    if ((rc = push(z, index)) < 0)
        return rc;
    for (;;) {
        size_t n;
        if (i >= z->len)
            return fail(z, WP_EFORMAT, start, "string not closed before the end of input");
        if (i - start - 1 > WP_LIMIT_STRING_BYTES)
            return fail(z, WP_ELIMIT, start, "string longer than %zu bytes (WP_LIMIT_STRING_BYTES)",
                        WP_LIMIT_STRING_BYTES);
        if (s[i] == '"')
            break;
        if (s[i] < 0x20)
            return fail(z, WP_EFORMAT, i, "control character 0x%02x in a string", s[i]);
        if (s[i] == '\\') {
            uint32_t u, lo;
            *escaped = true;
            if (i + 1 >= z->len)
                return fail(z, WP_EFORMAT, i, "string not closed before the end of input");
            switch (s[i + 1]) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                i += 2;
                continue;
            case 'u':
                if (hex4(s, i + 2, z->len, &u) < 0)
                    return fail(z, WP_EFORMAT, i, "\\u needs four hex digits");
                if (u == 0)
                    return fail(z, WP_EFORMAT, i, "\\u0000 (NUL) is not allowed in a string");
                if (u >= 0xdc00 && u <= 0xdfff)
                    return fail(z, WP_EFORMAT, i, "invalid Unicode escape: lone low surrogate \\u%04X", u);
                if (u >= 0xd800 && u <= 0xdbff) {
                    if (i + 7 >= z->len || s[i + 6] != '\\' || s[i + 7] != 'u' ||
                        hex4(s, i + 8, z->len, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
                        return fail(z, WP_EFORMAT, i,
                                    "invalid Unicode escape: high surrogate \\u%04X without its low half", u);
                    i += 12;
                } else {
                    i += 6;
                }
                continue;
            default:
                return fail(z, WP_EFORMAT, i, "invalid escape in a string");
            }
        }
        if ((n = utf8_len(s, i, z->len)) == 0)
            return fail(z, WP_EUTF8, i, "byte 0x%02x in a string", s[i]);
        i += n;
    }
    z->pos = i + 1;
    z->tp->t[*index].aux = (uint32_t)(z->pos - start);
    return 0;
}

/* Convert the number s[0..n) with strtod whatever the locale's decimal
 * point (as jansson does). */
static double to_double(const char *s, size_t n, bool *overflow)
{
    char small[64], *buf = n < sizeof small ? small : wp__malloc(n + 1);
    const char *point = localeconv()->decimal_point;
    double v;
    if (buf == NULL) {
        *overflow = false;
        return NAN; /* only an allocation failure; the caller checks */
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (point != NULL && point[0] != '.' && point[0] != '\0' && point[1] == '\0') {
        char *dot = strchr(buf, '.');
        if (dot != NULL)
            *dot = point[0];
    }
    errno = 0;
    v = strtod(buf, NULL);
    *overflow = errno == ERANGE && isinf(v);
    if (buf != small)
        wp__free(buf);
    return v;
}

/* Parse an integer span; false if it does not fit a long long. */
static bool to_integer(const char *s, size_t n, long long *out)
{
    bool neg = s[0] == '-';
    unsigned long long v = 0, max = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
    for (size_t i = neg; i < n; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (max - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = neg ? (v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v) : (long long)v;
    return true;
}

static int number(tz *z)
{
    size_t start = z->pos, i = start;
    const unsigned char *s = z->s;
    bool real = false;
    uint32_t index;
    int rc;
#define DIGIT(k) ((k) < z->len && s[k] >= '0' && s[k] <= '9')
    if (s[i] == '-')
        i++;
    if (!DIGIT(i))
        return fail(z, WP_EFORMAT, i, "invalid number");
    if (s[i] == '0') {
        i++;
        if (DIGIT(i))
            return fail(z, WP_EFORMAT, start, "invalid number: leading zero");
    } else {
        while (DIGIT(i))
            i++;
    }
    if (i < z->len && s[i] == '.') {
        real = true;
        if (!DIGIT(i + 1))
            return fail(z, WP_EFORMAT, i, "invalid number: digits expected after '.'");
        i++;
        while (DIGIT(i))
            i++;
    }
    if (i < z->len && (s[i] == 'e' || s[i] == 'E')) {
        real = true;
        i++;
        if (i < z->len && (s[i] == '+' || s[i] == '-'))
            i++;
        if (!DIGIT(i))
            return fail(z, WP_EFORMAT, i, "invalid number: digits expected in the exponent");
        while (DIGIT(i))
            i++;
    }
#undef DIGIT
    if (real) {
        bool overflow;
        double v = to_double((const char *)s + start, i - start, &overflow);
        if (isnan(v))
            return wp__err_nomem();
        if (overflow)
            return fail(z, WP_EFORMAT, start, "real number overflow");
    } else {
        long long v;
        if (!to_integer((const char *)s + start, i - start, &v))
            return fail(z, WP_EFORMAT, start, "integer out of range (64-bit)");
    }
    if ((rc = push(z, &index)) < 0)
        return rc;
    z->pos = i;
    z->tp->t[index].aux = (uint32_t)(i - start);
    return 0;
}

static int literal(tz *z, const char *word)
{
    size_t n = strlen(word);
    uint32_t index;
    int rc;
    if (z->len - z->pos < n || memcmp(z->s + z->pos, word, n) != 0)
        return unexpected(z, "a value");
    if ((rc = push(z, &index)) < 0)
        return rc;
    z->tp->t[index].aux = (uint32_t)n;
    z->pos += n;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    const struct kref *x = a, *y = b;
    int c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    if ((c = memcmp(x->p, y->p, x->len)) != 0)
        return c;
    return x->tok < y->tok ? -1 : x->tok > y->tok;
}

/* Reject two members of one object with the same (decoded) name. */
static int duplicates(tz *z, uint32_t obj)
{
    wp__jtape *tp = z->tp;
    size_t n = 0;
    z->keys.len = 0;
    for (uint32_t k = obj + 1; k < tp->t[obj].aux; k = wp__jtape_next(tp, k + 1)) {
        const char *raw = tp->text + tp->t[k].off + 1;
        size_t rawlen = tp->t[k].aux - 2;
        if (n == z->caprefs) {
            size_t cap = z->caprefs ? z->caprefs * 2 : 64;
            void *p = wp__realloc(z->refs, cap * sizeof *z->refs);
            if (p == NULL)
                return wp__err_nomem();
            z->refs = p;
            z->caprefs = cap;
        }
        if (memchr(raw, '\\', rawlen) == NULL) {
            z->refs[n] = (struct kref){raw, 0, rawlen, k};
        } else {
            size_t at = z->keys.len;
            wp__jtape_string(tp, k, &z->keys);
            z->refs[n] = (struct kref){NULL, at, z->keys.len - at, k};
        }
        n++;
    }
    if (z->keys.failed)
        return wp__err_nomem();
    for (size_t i = 0; i < n; i++)
        if (z->refs[i].p == NULL)
            z->refs[i].p = (const char *)z->keys.data + z->refs[i].off;
    if (n < 2)
        return 0;
    qsort(z->refs, n, sizeof *z->refs, by_name);
    for (size_t i = 1; i < n; i++)
        if (z->refs[i].len == z->refs[i - 1].len &&
            memcmp(z->refs[i].p, z->refs[i - 1].p, z->refs[i].len) == 0) {
            size_t shown = z->refs[i].len; /* at most 60 bytes, cut before a character */
            if (shown > 60) {
                shown = 60;
                while (shown > 0 && ((unsigned char)z->refs[i].p[shown] & 0xc0) == 0x80)
                    shown--;
            }
            return fail(z, WP_EFORMAT, tp->t[z->refs[i].tok].off, "duplicate object key \"%.*s\"",
                        (int)shown, z->refs[i].p);
        }
    return 0;
}

/* After a member or an element: a comma (0: another follows) or the
 * container's `close` (1: its end), each consumed; else the error. */
static int comma_or(tz *z, char close, const char *expected)
{
    skip_ws(z);
    if (z->pos < z->len && (z->s[z->pos] == ',' || z->s[z->pos] == close))
        return z->s[z->pos++] == close;
    return unexpected(z, expected);
}

static int value(tz *z, int depth)
{
    uint32_t index;
    bool escaped;
    int rc;
    skip_ws(z);
    if (z->pos >= z->len)
        return unexpected(z, "a value");
    /* `depth` containers enclose this value: an object or array here is
     * level depth + 1, and at most WP_LIMIT_DEPTH levels are allowed (the
     * CBOR decoder counts the same way, so that a plan read from one
     * format can be written to and read from the other). */
    if (depth >= WP_LIMIT_DEPTH && (z->s[z->pos] == '{' || z->s[z->pos] == '['))
        return fail(z, WP_ELIMIT, z->pos, "JSON nested more than %d levels deep (WP_LIMIT_DEPTH)",
                    WP_LIMIT_DEPTH);
    switch (z->s[z->pos]) {
    case '{': {
        uint32_t members = 0;
        if ((rc = push(z, &index)) < 0)
            return rc;
        z->pos++;
        skip_ws(z);
        if (z->pos < z->len && z->s[z->pos] == '}') {
            z->pos++;
        } else {
            for (;;) {
                uint32_t key;
                skip_ws(z);
                if (z->pos >= z->len || z->s[z->pos] != '"')
                    return unexpected(z, "a member name (string)");
                if (++members > WP_LIMIT_MAP_ENTRIES)
                    return fail(z, WP_ELIMIT, z->pos,
                                "object with more than %d members (WP_LIMIT_MAP_ENTRIES)",
                                WP_LIMIT_MAP_ENTRIES);
                if ((rc = string(z, &key, &escaped)) < 0)
                    return rc;
                skip_ws(z);
                if (z->pos >= z->len || z->s[z->pos] != ':')
                    return unexpected(z, "':'");
                z->pos++;
                if ((rc = value(z, depth + 1)) < 0 || (rc = comma_or(z, '}', "',' or '}'")) < 0)
                    return rc;
                if (rc == 1)
                    break;
            }
        }
        z->tp->t[index].aux = z->tp->n;
        return duplicates(z, index);
    }
    case '[':
        if ((rc = push(z, &index)) < 0)
            return rc;
        z->pos++;
        skip_ws(z);
        if (z->pos < z->len && z->s[z->pos] == ']') {
            z->pos++;
        } else {
            for (;;) {
                if ((rc = value(z, depth + 1)) < 0 || (rc = comma_or(z, ']', "',' or ']'")) < 0)
                    return rc;
                if (rc == 1)
                    break;
            }
        }
        z->tp->t[index].aux = z->tp->n;
        return 0;
    case '"':
        return string(z, &index, &escaped);
    case 't':
        return literal(z, "true");
    case 'f':
        return literal(z, "false");
    case 'n':
        return literal(z, "null");
    default:
        if (z->s[z->pos] == '-' || (z->s[z->pos] >= '0' && z->s[z->pos] <= '9'))
            return number(z);
        if (z->s[z->pos] >= 0x80 && utf8_len(z->s, z->pos, z->len) == 0)
            return fail(z, WP_EUTF8, z->pos, "byte 0x%02x", z->s[z->pos]);
        return unexpected(z, "a value");
    }
}

int wp__jtape_parse(wp__jtape *tp, const char *text, size_t len)
{
    tz z;
    int rc;
    memset(tp, 0, sizeof *tp);
    tp->text = text ? text : "";
    tp->len = text ? len : 0;
    if (tp->len > UINT32_MAX - 1)
        return wp__err(WP_ELIMIT, "JSON: %zu bytes, more than the tokenizer holds", len);
    memset(&z, 0, sizeof z);
    z.tp = tp;
    z.s = (const unsigned char *)tp->text;
    z.len = tp->len;
    rc = value(&z, 0);
    if (rc == 0) {
        skip_ws(&z);
        if (z.pos < z.len)
            rc = fail(&z, WP_EFORMAT, z.pos, "end of input expected after the document");
    }
    wp__free(z.keys.data);
    wp__free(z.refs);
    if (rc < 0)
        wp__jtape_free(tp);
    return rc;
}

void wp__jtape_free(wp__jtape *tp)
{
    wp__free(tp->t);
    tp->t = NULL;
    tp->n = tp->cap = 0;
}

int wp__jtape_type(const wp__jtape *tp, uint32_t i)
{
    const char *s = tp->text + tp->t[i].off;
    switch (s[0]) {
    case '{': case '[': case '"': case 't': case 'f': case 'n':
        return s[0];
    default:
        for (uint32_t k = 0; k < tp->t[i].aux; k++)
            if (s[k] == '.' || s[k] == 'e' || s[k] == 'E')
                return WP__J_REAL;
        return WP__J_INTEGER;
    }
}

/* The decoded bytes of the escape or character at s[*k] (at most 4), with
 * *k moved past it. The tokenizer has checked the escapes. */
static size_t decode_one(const unsigned char *s, size_t n, size_t *k, unsigned char out[4])
{
    uint32_t u, lo, cp;
    if (s[*k] != '\\') {
        out[0] = s[(*k)++];
        return 1;
    }
    switch (s[*k + 1]) {
    case 'b': out[0] = '\b'; break;
    case 'f': out[0] = '\f'; break;
    case 'n': out[0] = '\n'; break;
    case 'r': out[0] = '\r'; break;
    case 't': out[0] = '\t'; break;
    case 'u':
        (void)hex4(s, *k + 2, n, &u);
        if (u >= 0xd800 && u <= 0xdbff) {
            (void)hex4(s, *k + 8, n, &lo);
            cp = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
            *k += 12;
        } else {
            cp = u;
            *k += 6;
        }
        if (cp < 0x80) {
            out[0] = (unsigned char)cp;
            return 1;
        }
        if (cp < 0x800) {
            out[0] = (unsigned char)(0xc0 | cp >> 6);
            out[1] = (unsigned char)(0x80 | (cp & 0x3f));
            return 2;
        }
        if (cp < 0x10000) {
            out[0] = (unsigned char)(0xe0 | cp >> 12);
            out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
            out[2] = (unsigned char)(0x80 | (cp & 0x3f));
            return 3;
        }
        out[0] = (unsigned char)(0xf0 | cp >> 18);
        out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
        out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
        out[3] = (unsigned char)(0x80 | (cp & 0x3f));
        return 4;
    default: out[0] = s[*k + 1]; break; /* " \ / */
    }
    *k += 2;
    return 1;
}

void wp__jtape_string(const wp__jtape *tp, uint32_t i, wp__wbuf *b)
{
    const unsigned char *s = (const unsigned char *)tp->text + tp->t[i].off + 1;
    size_t n = tp->t[i].aux - 2, run = 0;
    for (size_t k = 0; k < n;) {
        unsigned char u[4];
        size_t m;
        if (s[k] != '\\') {
            k++;
            run++;
            continue;
        }
        wp__w_raw(b, s + k - run, run);
        run = 0;
        m = decode_one(s, n, &k, u);
        wp__w_raw(b, u, m);
    }
    wp__w_raw(b, s + n - run, run);
}

bool wp__jtape_string_is(const wp__jtape *tp, uint32_t i, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)tp->text + tp->t[i].off + 1;
    size_t n = tp->t[i].aux - 2, at = 0;
    if (n < len) /* escapes only shorten */
        return false;
    if (n == len) /* equal bytes, or an escape that makes it shorter */
        return memcmp(s, str, len) == 0 && memchr(s, '\\', n) == NULL;
    if (memchr(s, '\\', n) == NULL)
        return false;
    for (size_t k = 0; k < n;) { /* decoded on the fly: no allocation */
        unsigned char u[4];
        size_t m = decode_one(s, n, &k, u);
        if (at + m > len || memcmp(str + at, u, m) != 0)
            return false;
        at += m;
    }
    return at == len;
}

long long wp__jtape_integer(const wp__jtape *tp, uint32_t i)
{
    long long v = 0;
    (void)to_integer(tp->text + tp->t[i].off, tp->t[i].aux, &v);
    return v;
}

double wp__jtape_number(const wp__jtape *tp, uint32_t i)
{
    bool overflow;
    if (wp__jtape_type(tp, i) == WP__J_INTEGER)
        return (double)wp__jtape_integer(tp, i);
    return to_double(tp->text + tp->t[i].off, tp->t[i].aux, &overflow);
}
