/* UTF-8 validation and copying text into a plan. */
#include "internal.h"

#include <stdint.h>
#include <string.h>

/* Well-formed UTF-8 (Unicode 15, table 3-7): no overlong forms, no
 * surrogates, nothing above U+10FFFF — what utf8proc_iterate accepts, at
 * memchr-like speed for ASCII and a few compares per CJK character. */
int wp__check_utf8(const char *s, size_t len, const char *what)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t pos = 0;
    while (pos < len) {
        unsigned c = p[pos];
        if (c < 0x80) {
            /* ASCII, eight bytes at a time when aligned runs allow */
            pos++;
            while (pos + 8 <= len) {
                uint64_t w;
                memcpy(&w, p + pos, 8);
                if (w & 0x8080808080808080ull)
                    break;
                pos += 8;
            }
            continue;
        }
        /* Runs of CJK: three-byte characters led by E1..EC or EE..EF (no
         * overlong or surrogate forms possible), checked with one mask. */
        while (pos + 3 <= len) {
            uint32_t w = (uint32_t)p[pos] | (uint32_t)p[pos + 1] << 8 | (uint32_t)p[pos + 2] << 16;
            if ((w & 0xC0C0F0u) != 0x8080E0u || p[pos] == 0xE0 || p[pos] == 0xED)
                break;
            pos += 3;
        }
        if (pos >= len)
            break;
        c = p[pos];
        if (c < 0x80)
            continue;
        if (c >= 0xE0 && c <= 0xEF && pos + 2 < len) { /* the other three-byte forms */
            unsigned c1 = p[pos + 1], c2 = p[pos + 2];
            unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
            if (c1 >= lo && c1 <= hi && (c2 & 0xC0) == 0x80) {
                pos += 3;
                continue;
            }
        } else if (c >= 0xC2 && c <= 0xDF && pos + 1 < len) {
            if ((p[pos + 1] & 0xC0) == 0x80) {
                pos += 2;
                continue;
            }
        } else if (c >= 0xF0 && c <= 0xF4 && pos + 3 < len) {
            unsigned c1 = p[pos + 1];
            unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
            if (c1 >= lo && c1 <= hi && (p[pos + 2] & 0xC0) == 0x80 &&
                (p[pos + 3] & 0xC0) == 0x80) {
                pos += 4;
                continue;
            }
        }
        return wp__err_at(WP_EUTF8, pos, 0, 0, "%s: invalid UTF-8 at byte %zu", what, pos);
    }
    return 0;
}

int wp__set_text(wp_plan *plan, char **field, const char *value, const char *what)
{
    char *copy = NULL;
    if (value != NULL) {
        size_t len = strlen(value);
        int rc = wp__check_utf8(value, len, what);
        if (rc < 0)
            return rc;
        copy = wp__arena_alloc_bytes(&plan->arena, len + 1);
        if (copy == NULL)
            return wp__err_nomem();
        memcpy(copy, value, len + 1);
    }
    *field = copy;
    wp__touch(plan);
    return 0;
}

int wp__set_text_trusted(wp_plan *plan, char **field, const char *value, size_t len,
                         const char *what)
{
    char *copy;
#ifdef WP_ARENA_DEBUG
    int rc = wp__check_utf8(value, len, what);
    if (rc < 0)
        return rc;
#else
    (void)what;
#endif
    copy = wp__arena_alloc_bytes(&plan->arena, len + 1);
    if (copy == NULL)
        return wp__err_nomem();
    memcpy(copy, value, len);
    copy[len] = '\0';
    *field = copy;
    wp__touch(plan);
    return 0;
}
