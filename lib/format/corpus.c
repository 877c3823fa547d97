/* Corpora: CBOR sequences (RFC 8742) and JSON Lines, read through a window
 * of the file so that a corpus larger than memory can be scanned. */
#include "internal.h"
#include "cborio.h"
#include "codec.h"
#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define WINDOW (1u << 20) /* first read size; the window grows for big plans */

struct wp_corpus_reader {
    FILE *fp;          /* NULL for a memory corpus */
    const uint8_t *mem;
    uint8_t *buf;      /* window of the file: buf[0..len) is file[base..base+len) */
    size_t len, cap;
    size_t pos;        /* next unread byte in the window */
    size_t base;       /* file offset of buf[0] */
    bool eof;
    bool failed;
    bool skipped;      /* the last plan failed, but the reader is past it */
    wp_corpus_format format;
    size_t count;
    long line;         /* JSON Lines: line number of the next document */
    char *path;
};

static const uint8_t *window(const wp_corpus_reader *r) { return r->fp ? r->buf : r->mem; }

/* Read more of the file: keep buf[pos..len), grow when it fills the window. */
static int refill(wp_corpus_reader *r)
{
    size_t keep = r->len - r->pos, got;
    if (r->fp == NULL || r->eof)
        return 0;
    memmove(r->buf, r->buf + r->pos, keep);
    r->base += r->pos;
    r->pos = 0;
    r->len = keep;
    if (r->len == r->cap) {
        size_t cap = r->cap * 2;
        if (r->cap >= WP_LIMIT_DOCUMENT_BYTES) /* one document fills the window: too big */
            return wp__err_at(WP_ELIMIT, r->base, 0, 0,
                              "'%.300s': the document at byte %zu is larger than %zu bytes "
                              "(WP_LIMIT_DOCUMENT_BYTES)", r->path, r->base, WP_LIMIT_DOCUMENT_BYTES);
        uint8_t *p = cap > r->cap ? wp__realloc(r->buf, cap) : NULL;
        if (p == NULL)
            return wp__err_nomem();
        r->buf = p;
        r->cap = cap;
    }
    got = fread(r->buf + r->len, 1, r->cap - r->len, r->fp);
    r->len += got;
    if (got == 0) {
        if (ferror(r->fp))
            return wp__err(WP_EIO, "cannot read '%.300s': %s", r->path, strerror(errno));
        r->eof = true;
    }
    return 1;
}

static void detect(wp_corpus_reader *r)
{
    const uint8_t *w = window(r);
    size_t i = r->pos;
    while (i < r->len && (w[i] == ' ' || w[i] == '\n' || w[i] == '\r' || w[i] == '\t'))
        i++;
    r->format = i < r->len && w[i] == '{' ? WP_CORPUS_JSONL : WP_CORPUS_CBOR;
}

static int make(wp_corpus_reader **out, FILE *fp, const char *path, const uint8_t *mem, size_t len)
{
    wp_corpus_reader *r = wp__malloc(sizeof *r);
    int rc;
    if (r == NULL)
        return wp__err_nomem();
    memset(r, 0, sizeof *r);
    r->fp = fp;
    r->mem = mem;
    r->len = len;
    r->line = 1;
    if (fp != NULL) {
        size_t n = strlen(path) + 1;
        r->cap = WINDOW;
        /* On failure the caller still owns (and closes) fp. */
        if ((r->buf = wp__malloc(r->cap)) == NULL || (r->path = wp__malloc(n)) == NULL) {
            r->fp = NULL;
            wp_corpus_reader_free(r);
            return wp__err_nomem();
        }
        memcpy(r->path, path, n);
        if ((rc = refill(r)) < 0) {
            r->fp = NULL;
            wp_corpus_reader_free(r);
            return rc;
        }
    }
    detect(r);
    *out = r;
    return 0;
}

int wp_corpus_reader_open(wp_corpus_reader **out, const char *path)
{
    FILE *fp;
    int rc;
    if (out == NULL || path == NULL)
        return wp__err(WP_EINVAL, "wp_corpus_reader_open: NULL argument");
    *out = NULL;
    if ((fp = fopen(path, "rb")) == NULL)
        return wp__err(WP_EIO, "cannot open '%.300s': %s", path, strerror(errno));
    if ((rc = make(out, fp, path, NULL, 0)) < 0)
        fclose(fp);
    return rc;
}

int wp_corpus_reader_open_memory(wp_corpus_reader **out, const uint8_t *data, size_t len)
{
    if (out == NULL || (data == NULL && len > 0))
        return wp__err(WP_EINVAL, "wp_corpus_reader_open_memory: NULL argument");
    *out = NULL;
    return make(out, NULL, NULL, data, len);
}

/* After a plan that failed to decode: when its item is well-formed CBOR
 * (the plan broke the format's rules, not CBOR's), step over it so that
 * the reader can go on. The decoder's error stays the one reported. */
static void skip_failed(wp_corpus_reader *r)
{
    wp_error saved = *wp_error_last();
    char msg[512];
    snprintf(msg, sizeof msg, "%s", saved.message);
    for (;;) {
        wp__reader rd = {window(r), r->len, r->pos, r->base, false};
        wp__citem item;
        if (wp__r_next(&rd, &item) == 0 && wp__r_skip(&rd, &item, WP_LIMIT_DEPTH) == 0) {
            r->pos = rd.pos;
            r->skipped = true;
            break;
        }
        if (!rd.truncated || r->fp == NULL || r->eof || refill(r) < 0)
            break;
    }
    wp__err_at(saved.code, saved.offset, saved.line, saved.column, "%s", msg);
}

static int next_cbor(wp_plan **out, wp_corpus_reader *r)
{
    for (;;) {
        wp__reader rd = {window(r), r->len, r->pos, r->base, false};
        int rc = wp__decode_plan(&rd, out);
        if (rc == 0) {
            r->pos = rd.pos;
            return 0;
        }
        /* The document may continue past the window: read more and retry. */
        if (!rd.truncated || r->fp == NULL || r->eof) {
            if (rc != WP_ENOMEM && !rd.truncated)
                skip_failed(r);
            return rc;
        }
        if ((rc = refill(r)) < 0)
            return rc;
    }
}

static int next_json(wp_plan **out, wp_corpus_reader *r)
{
    for (;;) {
        const uint8_t *w = window(r);
        const uint8_t *nl = memchr(w + r->pos, '\n', r->len - r->pos);
        size_t end;
        int rc;
        if (nl == NULL && r->fp != NULL && !r->eof) {
            if ((rc = refill(r)) < 0)
                return rc;
            continue;
        }
        end = nl ? (size_t)(nl - w) : r->len;
        /* blank lines are allowed between documents */
        {
            size_t i = r->pos;
            while (i < end && (w[i] == ' ' || w[i] == '\r' || w[i] == '\t'))
                i++;
            if (i == end) {
                if (nl == NULL) {
                    r->pos = end;
                    return WP_ITEROVER;
                }
                r->pos = end + 1;
                r->line++;
                continue;
            }
        }
        rc = wp_plan_from_json(out, (const char *)w + r->pos, end - r->pos);
        if (rc == WP_ENOMEM)
            return rc; /* "out of memory" says all */
        if (rc < 0) {
            const wp_error *e = wp_error_last();
            char msg[400];
            size_t at = e->offset == WP_NO_OFFSET ? r->base + r->pos : r->base + r->pos + e->offset;
            long line = r->line;
            snprintf(msg, sizeof msg, "%s", e->message);
            /* the next line is the next document: the reader can go on */
            r->pos = nl ? end + 1 : end;
            r->line++;
            r->skipped = true;
            return wp__err_at(rc, at, (int)line, e->column, "JSON Lines line %ld: %s", line, msg);
        }
        r->pos = nl ? end + 1 : end;
        r->line++;
        return 0;
    }
}

int wp_corpus_reader_next(wp_plan **out, wp_corpus_reader *r)
{
    int rc;
    if (out == NULL || r == NULL)
        return wp__err(WP_EINVAL, "wp_corpus_reader_next: NULL argument");
    *out = NULL;
    if (r->failed)
        return wp__err(WP_EINVAL, "wp_corpus_reader_next: the reader stopped at an earlier error");
    r->skipped = false;
    if (r->format == WP_CORPUS_CBOR) {
        if (r->pos == r->len && r->fp != NULL && !r->eof && (rc = refill(r)) < 0) {
            r->failed = true;
            return rc;
        }
        if (r->pos == r->len)
            return WP_ITEROVER;
        rc = next_cbor(out, r);
    } else {
        rc = next_json(out, r);
    }
    if (rc == 0)
        r->count++;
    else if (rc != WP_ITEROVER && !r->skipped)
        r->failed = true;
    return rc;
}

wp_corpus_format wp_corpus_reader_format(const wp_corpus_reader *r)
{
    return r ? r->format : WP_CORPUS_CBOR;
}
size_t wp_corpus_reader_offset(const wp_corpus_reader *r) { return r ? r->base + r->pos : 0; }
size_t wp_corpus_reader_count(const wp_corpus_reader *r) { return r ? r->count : 0; }

void wp_corpus_reader_free(wp_corpus_reader *r)
{
    if (r == NULL)
        return;
    if (r->fp)
        fclose(r->fp);
    wp__free(r->buf);
    wp__free(r->path);
    wp__free(r);
}

/* ---- writer ------------------------------------------------------------------ */

struct wp_corpus_writer {
    wp__afile file;
    wp_corpus_format format;
    bool done;
};

int wp_corpus_writer_open(wp_corpus_writer **out, const char *path, wp_corpus_format format)
{
    wp_corpus_writer *w;
    int rc;
    if (out == NULL || path == NULL)
        return wp__err(WP_EINVAL, "wp_corpus_writer_open: NULL argument");
    *out = NULL;
    if (format != WP_CORPUS_CBOR && format != WP_CORPUS_JSONL)
        return wp__err(WP_EINVAL, "wp_corpus_writer_open: unknown format %d", (int)format);
    if ((w = wp__malloc(sizeof *w)) == NULL)
        return wp__err_nomem();
    memset(w, 0, sizeof *w);
    w->format = format;
    if ((rc = wp__afile_open(&w->file, path)) < 0) {
        wp__free(w);
        return rc;
    }
    *out = w;
    return 0;
}

int wp_corpus_writer_add(wp_corpus_writer *w, const wp_plan *plan)
{
    int rc;
    if (w == NULL || plan == NULL)
        return wp__err(WP_EINVAL, "wp_corpus_writer_add: NULL argument");
    if (w->done)
        return wp__err(WP_EINVAL, "wp_corpus_writer_add: the writer was committed");
    if (w->format == WP_CORPUS_CBOR) {
        wp__wbuf b = {NULL, 0, 0, false};
        if ((rc = wp__encode_plan(&b, plan)) == 0)
            rc = wp__afile_write(&w->file, b.data, b.len);
        wp__free(b.data);
    } else {
        char *json;
        size_t n;
        if ((rc = wp_plan_to_json(&json, &n, plan, WP_JSON_COMPACT)) == 0) {
            json[n] = '\n'; /* replaces the NUL: one line per plan */
            rc = wp__afile_write(&w->file, json, n + 1);
            wp__free(json);
        }
    }
    return rc;
}

int wp_corpus_writer_commit(wp_corpus_writer *w)
{
    if (w == NULL)
        return wp__err(WP_EINVAL, "wp_corpus_writer_commit: NULL argument");
    if (w->done)
        return wp__err(WP_EINVAL, "wp_corpus_writer_commit: already committed");
    w->done = true;
    return wp__afile_commit(&w->file);
}

void wp_corpus_writer_free(wp_corpus_writer *w)
{
    if (w == NULL)
        return;
    if (!w->done)
        wp__afile_abort(&w->file);
    wp__free(w);
}
