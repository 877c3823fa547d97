/*
 * Text normalisation for matching: utf8proc for NFKC + case folding,
 * OpenCC (optional, WP_HAVE_OPENCC) for Traditional→Simplified.
 */
#include "textnorm.h"
#include "internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#ifdef WP_HAVE_OPENCC
#include <opencc/opencc.h>
#endif

bool wp__have_opencc(void)
{
#ifdef WP_HAVE_OPENCC
    return true;
#else
    return false;
#endif
}

#ifdef WP_HAVE_OPENCC
static pthread_once_t shared_once = PTHREAD_ONCE_INIT;
static void *shared_cc; /* NULL until opened, or when it cannot be */
static char shared_msg[256];
#ifdef WP_HAVE_OPENCC_KEYS
/* What the shared converter can change (textnorm_keys.cpp): the characters
 * of its dictionaries' keys, and those that mark a changing key. A text is
 * converted only in the runs of key characters that hold a changing one
 * (OpenCC converts about 5 MB/s; the scan runs at memory speed), and not
 * at all when it has none: a Simplified text mostly. keys_ok is false when
 * the dictionaries could not be listed: then every text is converted.
 * The converter is OpenCC's C++ one (the same Config::NewFromFile as
 * opencc_open), so that its dictionaries are loaded once for both. */
void *wp__t2s_cpp_open(const char *config, unsigned char *keys, unsigned char *change,
                       bool *keys_ok, char *msg, size_t msg_size);
char *wp__t2s_cpp_convert(void *cc, const char *s, size_t len);
void wp__t2s_cpp_error(char *msg, size_t msg_size);
static unsigned char keybits[0x110000 / 8], changebits[0x110000 / 8];
static bool keys_ok;
#endif

static void open_shared(void)
{
#ifdef WP_HAVE_OPENCC_KEYS
    shared_cc = wp__t2s_cpp_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP, keybits, changebits, &keys_ok,
                                 shared_msg, sizeof shared_msg);
#else
    opencc_t cc = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
    if (cc == (opencc_t)-1)
        snprintf(shared_msg, sizeof shared_msg, "%s", opencc_error());
    else
        shared_cc = cc;
#endif
}

/* s[0..len) converted by the shared converter cc: a new string from
 * wp__malloc in *out, or WP_ERROR / WP_ENOMEM. */
static int cc_convert(char **out, void *cc, const char *s, size_t len)
{
    char *conv;
    size_t n;
#ifdef WP_HAVE_OPENCC_KEYS
    conv = wp__t2s_cpp_convert(cc, s, len);
    if (conv == NULL) {
        char msg[256];
        wp__t2s_cpp_error(msg, sizeof msg);
        return wp__err(WP_ERROR, "OpenCC: conversion failed: %s", msg);
    }
#else
    conv = opencc_convert_utf8((opencc_t)cc, s, len);
    if (conv == NULL)
        return wp__err(WP_ERROR, "OpenCC: conversion failed: %s", opencc_error());
#endif
    n = strlen(conv);
    *out = wp__malloc(n + 1);
    if (*out != NULL)
        memcpy(*out, conv, n + 1);
#ifdef WP_HAVE_OPENCC_KEYS
    free(conv);
#else
    opencc_convert_utf8_free(conv);
#endif
    return *out != NULL ? 0 : wp__err_nomem();
}

#ifdef WP_HAVE_OPENCC_KEYS
static bool bit(const unsigned char *bits, uint32_t cp)
{
    return (bits[cp >> 3] >> (cp & 7)) & 1;
}

/* Strict UTF-8 decoding: the code point at u and its length in *n; 0 with
 * *n == 0 at a malformed sequence (or the NUL). */
static inline uint32_t decode(const unsigned char *u, size_t *n)
{
    uint32_t cp;
    if (u[0] < 0x80) {
        *n = u[0] != 0;
        return u[0];
    }
    if ((u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        *n = 3; /* most characters (CJK): the loop below, unrolled */
        return (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
    }
    if ((u[0] & 0xE0) == 0xC0)
        *n = 2, cp = u[0] & 0x1Fu;
    else if ((u[0] & 0xF0) == 0xE0)
        *n = 3, cp = u[0] & 0x0Fu;
    else if ((u[0] & 0xF8) == 0xF0)
        *n = 4, cp = u[0] & 0x07u;
    else
        return *n = 0, 0;
    for (size_t k = 1; k < *n; k++) {
        if ((u[k] & 0xC0) != 0x80)
            return *n = 0, 0;
        cp = (cp << 6) | (u[k] & 0x3Fu);
    }
    if (cp > 0x10FFFF)
        return *n = 0, 0;
    return cp;
}

static bool put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t c = (*len + n + 1) * 2;
        char *b = wp__realloc(*buf, c);
        if (b == NULL)
            return false;
        *buf = b, *cap = c;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
    return true;
}

/* Convert s with the shared converter run by run (see keybits). Returns 1
 * with *out new (or NULL when s is unchanged), 0 when s must be converted
 * whole (not valid UTF-8, the dictionaries unknown, or too many changing
 * characters for runs to pay), or a negative WP_E* code. */
static int t2s_runs(char **out, void *t2s, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t chars = 0, changing = 0, n, len = 0, cap = 0;
    char *buf = NULL;
    *out = NULL;
    if (!keys_ok || t2s != shared_cc)
        return 0;
    for (size_t i = 0; u[i]; i += n) {
        uint32_t cp = decode(u + i, &n);
        if (n == 0)
            return 0;
        chars++;
        changing += bit(changebits, cp);
    }
    if (changing == 0)
        return 1;
    if (changing * 16 > chars)
        return 0; /* Traditional text: one call converts it faster */
    for (size_t i = 0; u[i];) {
        size_t start = i, end;
        bool change = false;
        uint32_t cp = decode(u + i, &n);
        if (!bit(keybits, cp)) { /* outside every key: copied */
            if (!put(&buf, &len, &cap, s + i, n))
                goto nomem;
            i += n;
            continue;
        }
        for (end = i; u[end]; end += n) {
            cp = decode(u + end, &n);
            if (!bit(keybits, cp))
                break;
            change |= bit(changebits, cp);
        }
        i = end;
        if (!change) {
            if (!put(&buf, &len, &cap, s + start, end - start))
                goto nomem;
            continue;
        }
        char *conv;
        int rc = cc_convert(&conv, t2s, s + start, end - start);
        if (rc < 0) {
            wp__free(buf);
            return rc;
        }
        bool ok = put(&buf, &len, &cap, conv, strlen(conv));
        wp__free(conv);
        if (!ok)
            goto nomem;
    }
    if (buf == NULL && !put(&buf, &len, &cap, "", 0))
        goto nomem;
    *out = buf;
    return 1;
nomem:
    wp__free(buf);
    return wp__err_nomem();
}
#endif
#endif

int wp__t2s_shared(void **out)
{
    *out = NULL;
#ifdef WP_HAVE_OPENCC
    pthread_once(&shared_once, open_shared);
    if (shared_cc == NULL)
        return wp__err(WP_ERROR, "OpenCC: cannot open %s: %s",
                       OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP, shared_msg);
    *out = shared_cc;
    return 0;
#else
    return wp__err(WP_ENOTSUP, "Traditional/Simplified matching needs OpenCC, "
                               "which this build of libworkplan does not have");
#endif
}

int wp__t2s_open(void **out)
{
    return wp__t2s_shared(out);
}

void wp__t2s_close(void *t2s)
{
    (void)t2s; /* the shared converter lives as long as the process */
}

/* Copy a string allocated by another library into our allocator. */
static int adopt(char **out, const char *s)
{
    size_t len = strlen(s);
    *out = wp__malloc(len + 1);
    if (*out == NULL)
        return wp__err_nomem();
    memcpy(*out, s, len + 1);
    return 0;
}

int wp__textnorm(char **out, const char *s, unsigned flags, void *t2s)
{
    char *cur = NULL;
    int rc;
    *out = NULL;
#ifdef WP_HAVE_OPENCC
#ifdef WP_HAVE_OPENCC_KEYS
    if ((flags & WP_TEXT_SCRIPT) && t2s != NULL) {
        if ((rc = t2s_runs(&cur, t2s, s)) < 0)
            return rc;
        if (rc == 1) {
            flags &= ~(unsigned)WP_TEXT_SCRIPT; /* converted, or unchanged */
            if (cur != NULL)
                s = cur;
        }
    }
#endif
    if ((flags & WP_TEXT_SCRIPT) && t2s != NULL) {
        char *conv;
        if ((rc = cc_convert(&conv, t2s, s, strlen(s))) < 0) {
            wp__free(cur);
            return rc;
        }
        wp__free(cur);
        cur = conv;
        s = cur;
    }
#else
    (void)t2s;
#endif
    if (flags & WP_TEXT_WIDTH) {
        utf8proc_uint8_t *mapped = NULL;
        utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped,
                                          UTF8PROC_NULLTERM | UTF8PROC_STABLE |
                                              UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                              UTF8PROC_CASEFOLD);
        wp__free(cur);
        cur = NULL;
        if (n < 0)
            return n == UTF8PROC_ERROR_NOMEM ? wp__err_nomem()
                                             : wp__err(WP_EUTF8, "text normalisation: %s",
                                                       utf8proc_errmsg(n));
        rc = adopt(&cur, (const char *)mapped);
        free(mapped);
        if (rc < 0)
            return rc;
    } else if (cur == NULL) {
        return adopt(out, s);
    }
    *out = cur;
    return 0;
}

int wp__fold(char **out, const char *s)
{
    void *t2s = NULL;
    unsigned flags = WP_TEXT_WIDTH;
    if (wp__have_opencc() && wp__t2s_shared(&t2s) == 0)
        flags |= WP_TEXT_SCRIPT;
    else
        wp_error_clear(); /* without OpenCC's data: width folding only */
    return wp__textnorm(out, s, flags, t2s);
}
