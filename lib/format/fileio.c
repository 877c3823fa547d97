/*
 * Whole-file reads and atomic writes.
 *
 * A save writes a temporary file beside the target, fsyncs it, renames it
 * over the target and fsyncs the folder, so a crash at any moment leaves
 * the old file or the new one. The temporary file gets the target's mode
 * (a 0600 file stays 0600); a new file gets 0666 less the umask, applied
 * by the kernel at creation: the process umask is never read or changed
 * (umask(0) is process-wide and raced with other threads creating files).
 *
 * Temporary files are named ".NAME.wp-tmp.PID.RANDOM". A save that was
 * killed leaves one behind; the next save of NAME removes those whose PID
 * no longer runs (a PID reused since, or one in another PID namespace
 * sharing the folder, keeps its file until a later save).
 */
#include "internal.h"
#include "fileio.h"
#include "codec.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMP_TAG ".wp-tmp."
#define NAME_KEEP 200 /* bytes of NAME kept in the temporary name */

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

/* Split `path` into its folder (allocated; "." or "/" when it has none)
 * and the offset of its last component. */
static char *folder_of(const char *path, size_t *base)
{
    const char *slash = strrchr(path, '/');
    char *dir;
    if (slash == NULL) {
        *base = 0;
        return dup_heap(".");
    }
    *base = (size_t)(slash - path) + 1;
    if ((dir = dup_heap(path)) == NULL)
        return NULL;
    dir[slash == path ? 1 : (size_t)(slash - path)] = '\0';
    return dir;
}

/* Remove ".NAME.wp-tmp.PID.*" in `dir` whose PID is not running. */
static void remove_stale(const char *dir, const char *name, size_t name_len)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        const char *p = e->d_name;
        char *end;
        long pid;
        if (p[0] != '.' || strncmp(p + 1, name, name_len) != 0 ||
            strncmp(p + 1 + name_len, TMP_TAG, strlen(TMP_TAG)) != 0)
            continue;
        p += 1 + name_len + strlen(TMP_TAG);
        errno = 0;
        pid = strtol(p, &end, 10);
        if (errno != 0 || end == p || *end != '.' || pid <= 0 || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* alive, or not ours to judge */
        unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}

static uint64_t random_tag(void)
{
    uint64_t r = 0;
    if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        static _Thread_local uint64_t counter;
        r = (uint64_t)(uintptr_t)&r ^ ((uint64_t)getpid() << 20) ^ ++counter * 0x9E3779B97F4A7C15u;
    }
    return r;
}

/* Give the new file the target's mode (and, where allowed, its owner). */
static int keep_mode(int fd, const struct stat *st, const char *path)
{
    if (st->st_uid != geteuid() || st->st_gid != getegid())
        (void)!fchown(fd, st->st_uid, st->st_gid); /* best effort: root, or a group we are in */
    if (fchmod(fd, st->st_mode & 07777) != 0)
        return io_error("cannot give the temporary file the mode of", path);
    return 0;
}

int wp__afile_open(wp__afile *f, const char *path)
{
    size_t base, name_len, n = strlen(path);
    struct stat st;
    bool exists;
    int fd = -1, rc = 0;
    memset(f, 0, sizeof *f);
    f->path = dup_heap(path);
    f->dir = folder_of(path, &base);
    f->tmp = wp__malloc(n + sizeof TMP_TAG + 2 * 24);
    if (f->path == NULL || f->dir == NULL || f->tmp == NULL) {
        wp__afile_abort(f);
        return wp__err_nomem();
    }
    name_len = n - base < NAME_KEEP ? n - base : NAME_KEEP;
    exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        wp__afile_abort(f);
        return wp__err(WP_EIO, "cannot save over '%.300s': not a regular file", path);
    }
    remove_stale(f->dir, path + base, name_len);
    for (int tries = 0; fd < 0 && tries < 16; tries++) {
        int k = snprintf(f->tmp, n + sizeof TMP_TAG + 2 * 24, "%.*s.%.*s" TMP_TAG "%ld.%016llx",
                         (int)base, path, (int)name_len, path + base, (long)getpid(),
                         (unsigned long long)random_tag());
        (void)k;
        /* An existing target: private until it has the target's mode. A new
         * file: 0666, less the umask (applied by the kernel). */
        fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, exists ? 0600 : 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        rc = io_error("cannot create a temporary file beside", path);
        wp__afile_abort(f);
        return rc;
    }
    if ((exists && (rc = keep_mode(fd, &st, path)) < 0) || (f->fp = fdopen(fd, "wb")) == NULL) {
        if (rc == 0)
            rc = io_error("cannot write", f->tmp);
        close(fd);
        unlink(f->tmp);
        wp__afile_abort(f);
        return rc;
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
    wp__free(f->dir);
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

/* Make the rename durable. A folder we may not open for reading cannot be
 * synced by us at all (not an error); any other failure is reported. */
static int sync_folder(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;
    if (fd < 0)
        return errno == EACCES || errno == EPERM ? 0 : io_error("cannot open the folder", dir);
    if (fsync(fd) != 0 && errno != EINVAL) /* EINVAL: the file system cannot sync folders */
        rc = io_error("saved, but cannot sync the folder", dir);
    close(fd);
    return rc;
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
    rc = sync_folder(f->dir);
    release(f);
    return rc;
}

int wp__read_file(const char *path, uint8_t **out, size_t *len, size_t max)
{
    FILE *fp = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct stat st;
    if (fp == NULL)
        return io_error("cannot open", path);
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
        fclose(fp);
        return wp__err_at(WP_ELIMIT, max, 0, 0,
                          "'%.300s' is larger than %zu bytes (WP_LIMIT_DOCUMENT_BYTES)", path, max);
    }
    for (;;) {
        size_t got;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            uint8_t *p;
            if (cap > max) { /* read max + 1 bytes: more than max is over the limit */
                rc = wp__err_at(WP_ELIMIT, max, 0, 0,
                                "'%.300s' is larger than %zu bytes (WP_LIMIT_DOCUMENT_BYTES)", path, max);
                break;
            }
            if (ncap > max + 1)
                ncap = max + 1;
            p = ncap > cap ? wp__realloc(buf, ncap) : NULL;
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
        if (n > max) {
            rc = wp__err_at(WP_ELIMIT, max, 0, 0,
                            "'%.300s' is larger than %zu bytes (WP_LIMIT_DOCUMENT_BYTES)", path, max);
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
    if ((rc = wp__read_file(path, &data, &len, WP_LIMIT_DOCUMENT_BYTES)) < 0)
        return rc;
    rc = wp_plan_from_cbor(out, data, len);
    wp__free(data);
    return rc;
}
