/* Internal entry points of the typed CBOR encoder and decoder. */
#ifndef WP_CODEC_H
#define WP_CODEC_H

#include "cborio.h"

typedef struct wp_plan wp_plan;

/** Append one workplan document for `plan` to `w`. */
int wp__encode_plan(wp__wbuf *w, const wp_plan *plan);

/** Decode one workplan document starting at r->pos; r->pos ends after it.
 * On failure, r->truncated tells whether the input merely ended early. */
int wp__decode_plan(wp__reader *r, wp_plan **out);

#endif
