/* Helpers of the format suites (test_docx, test_html, test_export): files,
 * in-memory zips built with libzip. */
#ifndef WP_FORMATS_UTIL_H
#define WP_FORMATS_UTIL_H

#include <stdlib.h>
#include <string.h>
#include <zip.h>

typedef struct zpart {
    const char *name;
    const char *data;
    size_t len; /* 0: strlen(data) */
} zpart;

/* The bytes of a file (NUL-terminated), or NULL. */
static inline char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = (size_t)n;
    return buf;
}

static inline int spill(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    if (fwrite(data, 1, len, f) != len) {
        fclose(f);
        return -1;
    }
    return fclose(f);
}

/* A zip of parts[0..n), in memory (malloc'd), or NULL. */
static inline unsigned char *make_zip(const zpart *parts, size_t n, size_t *len)
{
    zip_error_t ze;
    zip_source_t *src;
    zip_t *za;
    unsigned char *buf = NULL;
    zip_int64_t size;
    zip_error_init(&ze);
    if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
        return NULL;
    zip_source_keep(src);
    if ((za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
        zip_source_free(src);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        size_t l = parts[i].len ? parts[i].len : strlen(parts[i].data);
        zip_source_t *s = zip_source_buffer(za, parts[i].data, l, 0);
        if (s == NULL || zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8) < 0) {
            zip_source_free(s);
            zip_discard(za);
            zip_source_free(src);
            return NULL;
        }
    }
    if (zip_close(za) < 0) {
        zip_discard(za);
        zip_source_free(src);
        return NULL;
    }
    if (zip_source_open(src) < 0) {
        zip_source_free(src);
        return NULL;
    }
    zip_source_seek(src, 0, SEEK_END);
    size = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    if (size > 0 && (buf = malloc((size_t)size)) != NULL &&
        zip_source_read(src, buf, (zip_uint64_t)size) != size) {
        free(buf);
        buf = NULL;
    }
    zip_source_close(src);
    zip_source_free(src);
    *len = (size_t)size;
    return buf;
}

#endif

#ifdef WP_TEST_HELPERS_H
/* Fail each allocation in turn while fn() runs: each failure must come back
 * as WP_ENOMEM with nothing leaked (the library's allocations only: libzip's
 * and libxml2's own are not counted). Returns the number of allocations. */
static inline long alloc_sweep(int (*fn)(void), const char *name)
{
    for (long fail_at = 0;; fail_at++) {
        counting_alloc c = {0, fail_at, 0};
        int rc;
        counting_alloc_install(&c);
        rc = fn();
        counting_alloc_remove();
        if (c.live != 0)
            fail_msg("%s: %ld blocks leaked when allocation %ld failed", name, c.live, fail_at);
        if (rc == 0 && c.calls <= fail_at)
            return fail_at;
        if (rc != WP_ENOMEM)
            fail_msg("%s: allocation %ld failed but the result was %d (%s)", name, fail_at, rc,
                     wp_error_last()->message);
    }
}
#endif
