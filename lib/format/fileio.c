/* Whole-file reads and atomic writes. */
#include "internal.h"
#include "fileio.h"
#include "codec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int io_error(const char *what, const char *path)
{
    return wp__err(WP_EIO, "%s '%.300s': %s", what, path, strerror(errno));
}

static char *dup_heap(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = wp__malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

int wp__afile_open(wp__afile *f, const char *path)
{
    int fd;
    size_t n = strlen(path);
    memset(f, 0, sizeof *f);
    f->path = dup_heap(path);
    f->tmp = wp__malloc(n + 16);
    if (f->path == NULL || f->tmp == NULL) {
        wp__free(f->path);
        wp__free(f->tmp);
        return wp__err_nomem();
    }
    memcpy(f->tmp, path, n);
    memcpy(f->tmp + n, ".tmp-XXXXXX", 12);
    if ((fd = mkstemp(f->tmp)) < 0 || (f->fp = fdopen(fd, "wb")) == NULL) {
        int rc = io_error("cannot create a temporary file beside", path);
        if (fd >= 0) {
            close(fd);
            unlink(f->tmp);
        }
        wp__free(f->path);
        wp__free(f->tmp);
        return rc;
    }
    /* mkstemp makes the file 0600; give it the usual mode of new files. */
    {
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    return 0;
}

int wp__afile_write(wp__afile *f, const void *data, size_t len)
{
    if (len > 0 && fwrite(data, 1, len, f->fp) != len)
        return io_error("cannot write", f->tmp);
    return 0;
}

static void release(wp__afile *f)
{
    wp__free(f->path);
    wp__free(f->tmp);
    memset(f, 0, sizeof *f);
}

void wp__afile_abort(wp__afile *f)
{
    if (f->fp != NULL) {
        fclose(f->fp);
        unlink(f->tmp);
    }
    release(f);
}

int wp__afile_commit(wp__afile *f)
{
    int rc = 0;
    if (fflush(f->fp) != 0 || fsync(fileno(f->fp)) != 0) {
        rc = io_error("cannot write", f->tmp);
        wp__afile_abort(f);
        return rc;
    }
    if (fclose(f->fp) != 0) {
        f->fp = NULL;
        rc = io_error("cannot write", f->tmp);
        unlink(f->tmp);
        release(f);
        return rc;
    }
    f->fp = NULL;
    if (rename(f->tmp, f->path) != 0) {
        rc = io_error("cannot rename the temporary file onto", f->path);
        unlink(f->tmp);
        release(f);
        return rc;
    }
    /* Make the rename itself durable. */
    {
        char *dir = dup_heap(f->path), *slash;
        int fd;
        if (dir != NULL) {
            slash = strrchr(dir, '/');
            if (slash == NULL)
                strcpy(dir, ".");
            else if (slash == dir)
                slash[1] = '\0';
            else
                *slash = '\0';
            if ((fd = open(dir, O_RDONLY)) >= 0) {
                fsync(fd);
                close(fd);
            }
            wp__free(dir);
        }
    }
    release(f);
    return 0;
}

int wp__read_file(const char *path, uint8_t **out, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    if (fp == NULL)
        return io_error("cannot open", path);
    for (;;) {
        size_t got;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            uint8_t *p = ncap > cap ? wp__realloc(buf, ncap) : NULL;
            if (p == NULL) {
                rc = wp__err_nomem();
                break;
            }
            buf = p;
            cap = ncap;
        }
        got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0) {
            if (ferror(fp))
                rc = io_error("cannot read", path);
            break;
        }
    }
    fclose(fp);
    if (rc < 0) {
        wp__free(buf);
        return rc;
    }
    *out = buf;
    *len = n;
    return 0;
}

int wp_plan_save(const wp_plan *plan, const char *path)
{
    wp__wbuf w = {NULL, 0, 0, false};
    wp__afile f;
    int rc;
    if (plan == NULL || path == NULL)
        return wp__err(WP_EINVAL, "wp_plan_save: NULL argument");
    if ((rc = wp__encode_plan(&w, plan)) < 0) {
        wp__free(w.data);
        return rc;
    }
    if ((rc = wp__afile_open(&f, path)) == 0) {
        if ((rc = wp__afile_write(&f, w.data, w.len)) < 0)
            wp__afile_abort(&f);
        else
            rc = wp__afile_commit(&f);
    }
    wp__free(w.data);
    return rc;
}

int wp_plan_load(wp_plan **out, const char *path)
{
    uint8_t *data;
    size_t len;
    int rc;
    if (out == NULL || path == NULL)
        return wp__err(WP_EINVAL, "wp_plan_load: NULL argument");
    *out = NULL;
    if ((rc = wp__read_file(path, &data, &len)) < 0)
        return rc;
    rc = wp_plan_from_cbor(out, data, len);
    wp__free(data);
    return rc;
}
