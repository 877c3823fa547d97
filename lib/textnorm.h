/*
 * Text normalisation for matching (not installed): NFKC with case folding
 * (utf8proc), and Traditional→Simplified conversion (OpenCC, when built
 * with it).
 *
 * One Traditional→Simplified converter is shared by the whole process: it
 * is opened on first use (pthread_once) and never closed, so that neither
 * the importer nor the query indexes reload OpenCC's dictionaries per call.
 * Converting with one OpenCC converter from several threads at once is safe:
 * opencc_convert_utf8 only reads the converter (SimpleConverter::Convert is
 * const over immutable dictionaries; OpenCC's own tests run one converter
 * from many threads, and its maintainer confirms it in BYVoid/OpenCC#231).
 * Only opencc_error() is a process-wide string, read here on failure only.
 */
#ifndef WP_TEXTNORM_H
#define WP_TEXTNORM_H

#include <stdbool.h>
#include <stddef.h>

/** Whether the library was built with OpenCC. */
bool wp__have_opencc(void);

/**
 * The process-wide Traditional→Simplified converter, opened once on first
 * call (thread-safe). WP_ENOTSUP without OpenCC, WP_ERROR when its data
 * cannot be loaded (the same error on every later call). Borrowed: never
 * close it (wp__t2s_close ignores it).
 */
int wp__t2s_shared(void **out);

/** A Traditional→Simplified converter: now the shared one (kept for the
 * importer, which opens and closes one per import). WP_ENOTSUP without
 * OpenCC, WP_ERROR when its data cannot be loaded. */
int wp__t2s_open(void **out);
/** Close a converter from wp__t2s_open (the shared one stays open). */
void wp__t2s_close(void *t2s);

/**
 * Normalise `s` per `flags` (WP_TEXT_WIDTH: NFKC + case fold;
 * WP_TEXT_SCRIPT: convert with `t2s` first). `*out` is a new string from
 * wp__malloc. Returns 0, WP_ENOMEM or WP_ERROR.
 */
int wp__textnorm(char **out, const char *s, unsigned flags, void *t2s);

/**
 * The look-up key of a name or a text: Traditional→Simplified (when OpenCC
 * and its data are available) then NFKC + case folding. `*out` from
 * wp__malloc. 学會部, 学会部 and their full-width forms give one key.
 */
int wp__fold(char **out, const char *s);

#endif
