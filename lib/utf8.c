/* UTF-8 validation (through utf8proc) and copying text into a plan. */
#include "internal.h"

#include <string.h>
#include <utf8proc.h>

int wp__check_utf8(const char *s, size_t len, const char *what)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t pos = 0;
    while (pos < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n;
        if (p[pos] < 0x80) { /* ASCII fast path */
            pos++;
            continue;
        }
        n = utf8proc_iterate(p + pos, (utf8proc_ssize_t)(len - pos), &cp);
        if (n < 0 || cp < 0)
            return wp__err_at(WP_EUTF8, pos, 0, 0, "%s: invalid UTF-8 at byte %zu", what, pos);
        pos += (size_t)n;
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
        copy = wp__arena_alloc(&plan->arena, len + 1);
        if (copy == NULL)
            return wp__err_nomem();
        memcpy(copy, value, len + 1);
    }
    *field = copy;
    wp__touch(plan);
    return 0;
}
