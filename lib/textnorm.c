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
static opencc_t shared_cc = (opencc_t)-1;
static char shared_msg[256];

static void open_shared(void)
{
    shared_cc = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
    if (shared_cc == (opencc_t)-1)
        snprintf(shared_msg, sizeof shared_msg, "%s", opencc_error());
}
#endif

int wp__t2s_shared(void **out)
{
    *out = NULL;
#ifdef WP_HAVE_OPENCC
    pthread_once(&shared_once, open_shared);
    if (shared_cc == (opencc_t)-1)
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
    if ((flags & WP_TEXT_SCRIPT) && t2s != NULL) {
        char *conv = opencc_convert_utf8((opencc_t)t2s, s, strlen(s));
        if (conv == NULL)
            return wp__err(WP_ERROR, "OpenCC: conversion failed: %s", opencc_error());
        rc = adopt(&cur, conv);
        opencc_convert_utf8_free(conv);
        if (rc < 0)
            return rc;
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
