/*
 * Text search over a collection (see cindex.h): one buffer holding every
 * node's text per text flag, searched with memchr on the needle's rarest
 * byte.
 */
#include "cindex.h"

#include <stdlib.h>
#include <string.h>

/* The concatenated texts for `flags`. Under the collection's lock. The
 * normalised ones come from the plans' own (kept with their indexes). */
int wp__cindex_text_build(wp__cindex *cx, unsigned flags, void *t2s)
{
    struct ctext *t = &cx->text[flags];
    size_t total = 0, at = 0;
    char ***norm = NULL;
    int rc = 0;
    if (t->buf != NULL)
        return 0;
    if (flags != 0) {
        if ((norm = wp__cindex_array(cx->n_plans, sizeof *norm)) == NULL)
            return wp__err_nomem();
        for (size_t p = 0; p < cx->n_plans && rc == 0; p++) {
            wp__index *ix;
            if ((rc = wp__index_get(&ix, cx->plans[p])) == 0)
                rc = wp__index_norm(&norm[p], cx->plans[p], ix, flags, t2s);
        }
        if (rc < 0)
            goto out;
    }
    for (uint32_t g = 0, p = 0; g < cx->n; g++) {
        const wp_node *nd = cx->order[g];
        while (g >= cx->base[p + 1])
            p++;
        if (flags == 0)
            total += (wp__head(nd)->title ? strlen(wp__head(nd)->title) : 0) + (nd->text ? strlen(nd->text) : 0) + 2;
        else
            total += strlen(norm[p][g - cx->base[p]]) + 1;
    }
    t->start = wp__cindex_array((size_t)cx->n + 1, sizeof *t->start);
    t->buf = wp__malloc(total + 1);
    if (t->start == NULL || t->buf == NULL) {
        wp__free(t->start);
        wp__free(t->buf);
        t->start = NULL;
        t->buf = NULL;
        rc = wp__err_nomem();
        goto out;
    }
    for (uint32_t g = 0, p = 0; g < cx->n; g++) {
        const wp_node *nd = cx->order[g];
        while (g >= cx->base[p + 1])
            p++;
        t->start[g] = at;
        if (flags == 0) {
            size_t l1 = wp__head(nd)->title ? strlen(wp__head(nd)->title) : 0, l2 = nd->text ? strlen(nd->text) : 0;
            memcpy(t->buf + at, wp__head(nd)->title ? wp__head(nd)->title : "", l1);
            t->buf[at + l1] = '\0'; /* a match never spans title and text */
            memcpy(t->buf + at + l1 + 1, nd->text ? nd->text : "", l2);
            t->buf[at + l1 + 1 + l2] = '\0';
            at += l1 + l2 + 2;
        } else {
            const char *s = norm[p][g - cx->base[p]];
            size_t l = strlen(s);
            memcpy(t->buf + at, s, l + 1);
            at += l + 1;
        }
    }
    t->start[cx->n] = at;
    for (size_t i = 0; i < at; i += 61)
        t->freq[(unsigned char)t->buf[i]]++;
out:
    wp__free(norm);
    return rc;
}

/* The first occurrence of needle[0..nl) in hay[0..n): memchr (vectorised
 * in libc) on the needle's rarest byte in this corpus, then a compare. On
 * CJK text this runs several times faster than memmem, whose shifts are
 * short on a 3-byte-per-character alphabet. */
static const char *find(const char *hay, size_t n, const char *nd, size_t nl, size_t r)
{
    const char *p = hay + r, *end = hay + n;
    if (nl > n)
        return NULL;
    end -= nl - 1 - r; /* the rarest byte of a full match lies before end */
    while (p < end && (p = memchr(p, nd[r], (size_t)(end - p))) != NULL) {
        if (memcmp(p - r, nd, nl) == 0)
            return p - r;
        p++;
    }
    return NULL;
}

/* Set the bit of every node whose text holds the needle: search the
 * concatenated buffer, and after a hit skip to the next node. */
void wp__cindex_text_bits(const wp__cindex *cx, const wp_query *q, uint64_t *bits)
{
    const struct ctext *t = &cx->text[q->flags];
    const char *needle = q->flags ? q->needle : q->str;
    size_t nl = strlen(needle), len = t->start[cx->n], pos = 0, r = 0;
    uint32_t g = 0;
    for (size_t i = 1; i < nl; i++)
        if (t->freq[(unsigned char)needle[i]] < t->freq[(unsigned char)needle[r]])
            r = i;
    while (pos < len) {
        const char *hit = find(t->buf + pos, len - pos, needle, nl, r);
        size_t off;
        uint32_t lo, hi;
        if (hit == NULL)
            break;
        off = (size_t)(hit - t->buf);
        lo = g, hi = cx->n; /* the node whose span holds off: last start <= off */
        while (lo + 1 < hi) {
            uint32_t m = lo + (hi - lo) / 2;
            if (t->start[m] <= off)
                lo = m;
            else
                hi = m;
        }
        g = lo;
        bits[g >> 6] |= 1ull << (g & 63);
        pos = t->start[g + 1];
        g++;
    }
}

