/*
 * Text normalisation for matching (not installed): NFKC with case folding
 * (utf8proc), and Traditional→Simplified conversion (OpenCC, when built
 * with it).
 */
#ifndef WP_TEXTNORM_H
#define WP_TEXTNORM_H

#include <stdbool.h>
#include <stddef.h>

/** Whether the library was built with OpenCC. */
bool wp__have_opencc(void);

/** Open a Traditional→Simplified converter: WP_ENOTSUP without OpenCC,
 * WP_ERROR when its data cannot be loaded. */
int wp__t2s_open(void **out);
void wp__t2s_close(void *t2s);

/**
 * Normalise `s` per `flags` (WP_TEXT_WIDTH: NFKC + case fold;
 * WP_TEXT_SCRIPT: convert with `t2s` first). `*out` is a new string from
 * wp__malloc. Returns 0, WP_ENOMEM or WP_ERROR.
 */
int wp__textnorm(char **out, const char *s, unsigned flags, void *t2s);

#endif
