/*
 * Character-level text diff: Myers' O((N+M)·D) algorithm on code points
 * (a number counting as one token),
 * after trimming the common prefix and suffix. The search is bounded by
 * WP__TEXTDIFF_MAX_D edit steps; beyond that the middle is reported as
 * deleted then inserted, which is what a reader sees anyway when two
 * texts share almost nothing.
 */
#include "diffx.h"

#include <string.h>
#include <utf8proc.h>

/* Numbers are compared whole: a run of ASCII digits (with . and ,) is one
 * token, so 不少于60场次 → 80场次 reads [-60-]{+80+}, not 6→8 then 0. Runs
 * are interned across both texts into ids below -1000. */
typedef struct numtab {
    const char **s;
    uint32_t *len;
    uint32_t n, cap;
} numtab;

static bool is_num(unsigned char c) { return (c >= '0' && c <= '9') || c == '.' || c == ','; }

static int32_t intern(numtab *t, const char *s, uint32_t len)
{
    for (uint32_t i = 0; i < t->n; i++)
        if (t->len[i] == len && memcmp(t->s[i], s, len) == 0)
            return -1000 - (int32_t)i;
    if (t->n == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 16;
        const char **ns = wp__realloc((void *)t->s, cap * sizeof *ns);
        if (ns == NULL)
            return 0;
        t->s = ns;
        uint32_t *nl = wp__realloc(t->len, cap * sizeof *nl);
        if (nl == NULL)
            return 0;
        t->len = nl;
        t->cap = cap;
    }
    t->s[t->n] = s;
    t->len[t->n] = len;
    return -1000 - (int32_t)t->n++;
}

/* Tokens of `s` (code points; digit runs interned) and the byte offset of
 * each (off[n] = strlen). */
static int decode(int32_t **cps, uint32_t **off, uint32_t *n, const char *s, numtab *nums)
{
    size_t len = strlen(s), i = 0;
    uint32_t k = 0;
    *cps = wp__malloc((len + 1) * sizeof **cps);
    *off = wp__malloc((len + 1) * sizeof **off);
    if (*cps == NULL || *off == NULL) {
        wp__free(*cps);
        wp__free(*off);
        *cps = NULL;
        *off = NULL;
        return wp__err_nomem();
    }
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step;
        if (s[i] >= '0' && s[i] <= '9') {
            size_t e = i;
            while (e < len && is_num((unsigned char)s[e]))
                e++;
            while (e > i + 1 && (s[e - 1] == '.' || s[e - 1] == ',')) /* 5个，: not the comma */
                e--;
            cp = intern(nums, s + i, (uint32_t)(e - i));
            if (cp == 0) {
                wp__free(*cps);
                wp__free(*off);
                *cps = NULL;
                *off = NULL;
                return wp__err_nomem();
            }
            step = (utf8proc_ssize_t)(e - i);
        } else {
            step = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i),
                                    &cp);
            if (step <= 0) { /* invalid byte: keep it as its own "character" */
                cp = -(int32_t)(unsigned char)s[i] - 1;
                step = 1;
            }
        }
        (*cps)[k] = cp;
        (*off)[k++] = (uint32_t)i;
        i += (size_t)step;
    }
    (*off)[k] = (uint32_t)len;
    *n = k;
    return 0;
}

typedef struct run_builder {
    wp__edit *items;
    uint32_t n, cap;
} run_builder;

/* Append (or extend) a run; spans are given in characters, turned into bytes. */
static int push(run_builder *rb, int op, uint32_t boff, uint32_t blen)
{
    if (blen == 0)
        return 0;
    if (rb->n > 0 && rb->items[rb->n - 1].op == op &&
        rb->items[rb->n - 1].offset + rb->items[rb->n - 1].length == boff) {
        rb->items[rb->n - 1].length += blen;
        return 0;
    }
    if (rb->n == rb->cap) {
        uint32_t cap = rb->cap ? rb->cap * 2 : 8;
        wp__edit *p = wp__realloc(rb->items, cap * sizeof *p);
        if (p == NULL)
            return wp__err_nomem();
        rb->items = p;
        rb->cap = cap;
    }
    rb->items[rb->n].op = (uint8_t)op;
    rb->items[rb->n].offset = boff;
    rb->items[rb->n].length = blen;
    rb->n++;
    return 0;
}

/* Myers on a[0..N) and b[0..M). Writes char ops in reverse into `ops`
 * (0 equal, 1 delete, 2 insert), returns their count, or -1 past the
 * bound, or WP_ENOMEM (< -1). */
static long myers(uint8_t *ops, const int32_t *a, long N, const int32_t *b, long M)
{
    long max = N + M;
    if (max > WP__TEXTDIFF_MAX_D)
        max = WP__TEXTDIFF_MAX_D;
    long w = 2 * max + 3, o = max + 1, nops = 0;
    long *v = wp__malloc((size_t)w * sizeof *v);
    long **trace = wp__malloc((size_t)(max + 1) * sizeof *trace);
    long d, x = 0, y = 0, found = -1, nt = 0;
    if (v == NULL || trace == NULL) {
        wp__free(v);
        wp__free(trace);
        return WP_ENOMEM;
    }
    memset(v, 0, (size_t)w * sizeof *v);
    for (d = 0; d <= max && found < 0; d++) {
        /* snapshot of v[-(d+1) .. d+1] as it is before step d */
        trace[d] = wp__malloc((size_t)(2 * d + 3) * sizeof **trace);
        if (trace[d] == NULL) {
            for (long i = 0; i < nt; i++)
                wp__free(trace[i]);
            wp__free(trace);
            wp__free(v);
            return WP_ENOMEM;
        }
        nt++;
        memcpy(trace[d], v + o - d - 1, (size_t)(2 * d + 3) * sizeof *v);
        for (long k = -d; k <= d; k += 2) {
            if (k == -d || (k != d && v[o + k - 1] < v[o + k + 1]))
                x = v[o + k + 1];
            else
                x = v[o + k - 1] + 1;
            y = x - k;
            while (x < N && y < M && a[x] == b[y]) {
                x++;
                y++;
            }
            v[o + k] = x;
            if (x >= N && y >= M) {
                found = d;
                break;
            }
        }
    }
    if (found >= 0) {
        x = N;
        y = M;
        for (d = found; d >= 0; d--) {
            long *t = trace[d] + d + 1; /* t[k] = v[k] before step d */
            long k = x - y, pk, px, py;
            if (d == 0) {
                while (x > 0) {
                    ops[nops++] = 0;
                    x--;
                }
                break;
            }
            pk = (k == -d || (k != d && t[k - 1] < t[k + 1])) ? k + 1 : k - 1;
            px = t[pk];
            py = px - pk;
            while (x > px && y > py) {
                ops[nops++] = 0;
                x--;
                y--;
            }
            ops[nops++] = x == px ? 2 : 1;
            x = px;
            y = py;
        }
    }
    for (long i = 0; i < nt; i++)
        wp__free(trace[i]);
    wp__free(trace);
    wp__free(v);
    return found >= 0 ? nops : -1;
}

int wp__textdiff(wp__edit **out, uint32_t *n, const char *a, const char *b)
{
    int32_t *ca = NULL, *cb = NULL;
    uint32_t *oa = NULL, *ob = NULL, na = 0, nb = 0, pre = 0, suf = 0;
    run_builder rb = {0};
    numtab nums = {0};
    uint8_t *ops = NULL;
    int rc;
    *out = NULL;
    *n = 0;
    if ((rc = decode(&ca, &oa, &na, a ? a : "", &nums)) < 0 ||
        (rc = decode(&cb, &ob, &nb, b ? b : "", &nums)) < 0)
        goto done;
    while (pre < na && pre < nb && ca[pre] == cb[pre])
        pre++;
    while (suf < na - pre && suf < nb - pre && ca[na - 1 - suf] == cb[nb - 1 - suf])
        suf++;
    if ((rc = push(&rb, WP_DIFF_EQUAL, 0, oa[pre])) < 0)
        goto done;
    {
        long N = (long)(na - pre - suf), M = (long)(nb - pre - suf), cnt;
        ops = wp__malloc((size_t)(N + M + 1));
        if (ops == NULL) {
            rc = wp__err_nomem();
            goto done;
        }
        cnt = myers(ops, ca + pre, N, cb + pre, M);
        if (cnt < -1) {
            rc = wp__err_nomem();
            goto done;
        }
        if (cnt == -1) { /* too different: all out, all in */
            if ((rc = push(&rb, WP_DIFF_DELETE, oa[pre], oa[na - suf] - oa[pre])) < 0 ||
                (rc = push(&rb, WP_DIFF_INSERT, ob[pre], ob[nb - suf] - ob[pre])) < 0)
                goto done;
        } else {
            /* a region between equal runs becomes one delete then one insert */
            uint32_t x = pre, y = pre, dx = pre, dy = pre;
            for (long i = cnt - 1; i >= -1; i--) {
                if (i < 0 || ops[i] == 0) {
                    if ((rc = push(&rb, WP_DIFF_DELETE, oa[dx], oa[x] - oa[dx])) < 0 ||
                        (rc = push(&rb, WP_DIFF_INSERT, ob[dy], ob[y] - ob[dy])) < 0)
                        goto done;
                    if (i < 0)
                        break;
                    if ((rc = push(&rb, WP_DIFF_EQUAL, oa[x], oa[x + 1] - oa[x])) < 0)
                        goto done;
                    dx = ++x;
                    dy = ++y;
                } else if (ops[i] == 1) {
                    x++;
                } else {
                    y++;
                }
            }
        }
    }
    rc = push(&rb, WP_DIFF_EQUAL, oa[na - suf], oa[na] - oa[na - suf]);
done:
    wp__free((void *)nums.s);
    wp__free(nums.len);
    wp__free(ops);
    wp__free(ca);
    wp__free(cb);
    wp__free(oa);
    wp__free(ob);
    if (rc < 0) {
        wp__free(rb.items);
        return rc;
    }
    *out = rb.items;
    *n = rb.n;
    return 0;
}
