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

/* One unknown map entry: offsets of its key and value in some buffer. */
typedef struct wp__xentry {
    size_t start, keylen, len;
} wp__xentry;

/* The unknown entries of one map, as both readers collect them. */
typedef struct wp__xlist {
    wp__xentry *e; /* malloc'd; wp__free(e) when done */
    uint32_t n, cap;
} wp__xlist;

/** Append `e` to `l`: 0 or WP_ENOMEM (error set, `l` unchanged). */
int wp__xlist_push(wp__xlist *l, wp__xentry e);

struct wp__arena;
struct wp__extra;
/** Sort entries by encoded key (rejecting duplicates, by bytes and by
 * value: 18 30 and 19 00 30 are one key; reported at base + offset, or
 * without an offset when base is WP__NO_BASE: the JSON reader, whose
 * entries are not at a place of its input) and copy them into `out` in
 * the arena. */
#define WP__NO_BASE ((size_t)-1)
int wp__extra_build(struct wp__arena *arena, const uint8_t *data, wp__xentry *e, uint32_t n,
                    struct wp__extra *out, size_t base, const char *what);

#endif
