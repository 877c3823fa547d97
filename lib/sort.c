/* A stable merge sort, and the first repeated key of a list, for the
 * readers and writers that must stay O(n log n) on any input (issue 10:
 * insertion sorts and "check against every earlier one" loops were
 * quadratic on hostile files). */
#include "internal.h"

#include <string.h>

int wp__msort(void *items, size_t n, size_t size, wp__cmp_fn cmp, void *ctx)
{
    unsigned char *a = items, *tmp;
    if (n < 2)
        return 0;
    if (n > SIZE_MAX / size || (tmp = wp__malloc(n * size)) == NULL)
        return wp__err_nomem();
    for (size_t w = 1; w < n; w = w > n / 2 ? n : 2 * w) {
        for (size_t lo = 0; lo < n; lo = n - lo > 2 * w ? lo + 2 * w : n) {
            size_t mid = n - lo > w ? lo + w : n, hi = n - lo > 2 * w ? lo + 2 * w : n;
            size_t x = lo, y = mid, k = lo;
            /* the right one first only when it is smaller: stable */
            while (x < mid && y < hi) {
                if (cmp(a + y * size, a + x * size, ctx) < 0)
                    memcpy(tmp + k++ * size, a + y++ * size, size);
                else
                    memcpy(tmp + k++ * size, a + x++ * size, size);
            }
            memcpy(tmp + k * size, a + x * size, (mid - x) * size);
            k += mid - x;
            memcpy(tmp + k * size, a + y * size, (hi - y) * size);
        }
        memcpy(a, tmp, n * size);
    }
    wp__free(tmp);
    return 0;
}

typedef struct repeat_ctx {
    int (*same_key)(uint32_t a, uint32_t b, void *ctx);
    void *ctx;
} repeat_ctx;

static int by_key(const void *a, const void *b, void *c)
{
    const repeat_ctx *r = c;
    return r->same_key(*(const uint32_t *)a, *(const uint32_t *)b, r->ctx);
}

long wp__first_repeat(uint32_t n, int (*cmp)(uint32_t a, uint32_t b, void *ctx), void *ctx)
{
    repeat_ctx r = {cmp, ctx};
    uint32_t *perm;
    long dup = -1;
    if (n < 2)
        return -1;
    if ((perm = wp__malloc((size_t)n * sizeof *perm)) == NULL)
        return -2;
    for (uint32_t i = 0; i < n; i++)
        perm[i] = i;
    if (wp__msort(perm, n, sizeof *perm, by_key, &r) < 0) {
        wp__free(perm);
        return -2;
    }
    /* stable: within a run of equal keys the positions ascend, so each
     * run's second is its first repeat */
    for (uint32_t i = 1; i < n; i++)
        if (cmp(perm[i - 1], perm[i], ctx) == 0 && (dup < 0 || perm[i] < (uint32_t)dup))
            dup = perm[i];
    wp__free(perm);
    return dup;
}
