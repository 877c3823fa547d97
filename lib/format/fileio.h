/* Files: whole-file reads and atomic writes (write, fsync, rename). */
#ifndef WP_FILEIO_H
#define WP_FILEIO_H

#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

/** An atomic file being written: a temporary file beside the target. */
typedef struct wp__afile {
    FILE *fp;
    char *path; /* target */
    char *tmp;  /* temporary file: DIR/.NAME.wp-tmp.PID.RANDOM */
    char *dir;  /* the target's folder, to sync after the rename */
} wp__afile;

int wp__afile_open(wp__afile *f, const char *path);
int wp__afile_write(wp__afile *f, const void *data, size_t len);
/** Flush, fsync, rename over the target and sync the folder (a failure
 * of that sync is reported too). Frees f. */
int wp__afile_commit(wp__afile *f);
/** Abandon: close and remove the temporary file. Frees f. */
void wp__afile_abort(wp__afile *f);

/** Read a whole file into a new buffer (wp__free); WP_ELIMIT if it holds
 * more than `max` bytes (nothing beyond max + 1 bytes is read). */
int wp__read_file(const char *path, uint8_t **out, size_t *len, size_t max);

#endif
