/*
 * The CBOR layer: a growable writer and a pull reader, both over libcbor's
 * primitives (cbor_encode_* for item heads, cbor_stream_decode for reading
 * one item head at a time). libcbor stays behind this header; the typed
 * encoder and decoder of plans (encode.c, decode*.c) use only this.
 */
#ifndef WP_CBORIO_H
#define WP_CBORIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- writer ---------------------------------------------------------------- */

typedef struct wp__wbuf {
    uint8_t *data;
    size_t len, cap;
    bool failed; /* an allocation failed: the contents are incomplete */
} wp__wbuf;

void wp__w_raw(wp__wbuf *w, const void *bytes, size_t n);
void wp__w_uint(wp__wbuf *w, uint64_t v);
void wp__w_int(wp__wbuf *w, int64_t v);
void wp__w_text(wp__wbuf *w, const char *s); /* NUL-terminated */
void wp__w_text_n(wp__wbuf *w, const char *s, size_t n);
void wp__w_bytes(wp__wbuf *w, const void *s, size_t n);
void wp__w_array(wp__wbuf *w, size_t n);
void wp__w_map(wp__wbuf *w, size_t n);
void wp__w_tag(wp__wbuf *w, uint64_t tag);
void wp__w_bool(wp__wbuf *w, bool b);
void wp__w_null(wp__wbuf *w);
/** A float in its shortest exact form (half, single or double). */
void wp__w_float(wp__wbuf *w, double v);
/** A number: an integer when the value is integral (and not -0), else
 * the shortest exact float. */
void wp__w_number(wp__wbuf *w, double v);

/* ---- reader ---------------------------------------------------------------- */

typedef enum wp__ctype {
    WP__C_UINT, WP__C_NEGINT, WP__C_BYTES, WP__C_TEXT, WP__C_ARRAY, WP__C_MAP,
    WP__C_TAG, WP__C_FLOAT, WP__C_BOOL, WP__C_NULL, WP__C_UNDEF,
    WP__C_INDEF /* an indefinite-length start or a break: never allowed */
} wp__ctype;

typedef struct wp__citem {
    wp__ctype type;
    uint64_t u;         /* uint value, -1-n for negint, count, tag, bool */
    double f;           /* float value */
    const uint8_t *ptr; /* text/bytes contents */
    size_t len;         /* text/bytes length */
    size_t offset;      /* byte offset of the item head in the input */
} wp__citem;

typedef struct wp__reader {
    const uint8_t *data;
    size_t len;
    size_t pos;
    size_t base;       /* offset of data[0] in the whole input (for messages) */
    bool truncated;    /* the last error was "input ends too early" */
} wp__reader;

/** Read the next item head. Returns 0 or WP_EFORMAT (with the offset). */
int wp__r_next(wp__reader *r, wp__citem *item);
/** Skip the value that starts with `item` (already read), with nested
 * items, down to `depth_left` levels. */
int wp__r_skip(wp__reader *r, const wp__citem *item, int depth_left);

/** Name of an item type, for messages ("text string", "map", …). */
const char *wp__ctype_name(wp__ctype t);

#endif
