/* The CBOR writer and pull reader, over libcbor's primitives. */
#include "internal.h"
#include "cborio.h"

#include <cbor.h>
#include <math.h>
#include <string.h>

/* ---- writer ---------------------------------------------------------------- */

static bool reserve(wp__wbuf *w, size_t n)
{
    size_t cap;
    uint8_t *p;
    if (w->failed)
        return false;
    if (w->cap - w->len >= n)
        return true;
    cap = w->cap ? w->cap : 256;
    while (cap - w->len < n) {
        if (cap > SIZE_MAX / 2) {
            w->failed = true;
            return false;
        }
        cap *= 2;
    }
    p = wp__realloc(w->data, cap);
    if (p == NULL) {
        w->failed = true;
        return false;
    }
    w->data = p;
    w->cap = cap;
    return true;
}

void wp__w_raw(wp__wbuf *w, const void *bytes, size_t n)
{
    if (n && reserve(w, n)) {
        memcpy(w->data + w->len, bytes, n);
        w->len += n;
    }
}

/* Every head is at most 9 bytes. */
#define HEAD(call)                                                             \
    do {                                                                       \
        if (reserve(w, 9))                                                     \
            w->len += (call);                                                  \
    } while (0)

void wp__w_uint(wp__wbuf *w, uint64_t v) { HEAD(cbor_encode_uint(v, w->data + w->len, 9)); }

void wp__w_int(wp__wbuf *w, int64_t v)
{
    if (v >= 0)
        wp__w_uint(w, (uint64_t)v);
    else
        HEAD(cbor_encode_negint((uint64_t)(-1 - v), w->data + w->len, 9));
}

void wp__w_text_n(wp__wbuf *w, const char *s, size_t n)
{
    HEAD(cbor_encode_string_start(n, w->data + w->len, 9));
    wp__w_raw(w, s, n);
}

void wp__w_text(wp__wbuf *w, const char *s) { wp__w_text_n(w, s, strlen(s)); }

void wp__w_bytes(wp__wbuf *w, const void *s, size_t n)
{
    HEAD(cbor_encode_bytestring_start(n, w->data + w->len, 9));
    wp__w_raw(w, s, n);
}

void wp__w_array(wp__wbuf *w, size_t n) { HEAD(cbor_encode_array_start(n, w->data + w->len, 9)); }
void wp__w_map(wp__wbuf *w, size_t n) { HEAD(cbor_encode_map_start(n, w->data + w->len, 9)); }
void wp__w_tag(wp__wbuf *w, uint64_t t) { HEAD(cbor_encode_tag(t, w->data + w->len, 9)); }
void wp__w_bool(wp__wbuf *w, bool b) { HEAD(cbor_encode_bool(b, w->data + w->len, 9)); }
void wp__w_null(wp__wbuf *w) { HEAD(cbor_encode_null(w->data + w->len, 9)); }

/* The IEEE half-precision bits of `v` if it converts exactly, else -1. */
static long half_bits(double v)
{
    int e;
    double m;
    long sign = signbit(v) ? 0x8000 : 0;
    double a = fabs(v);
    if (isinf(v))
        return sign | 0x7c00;
    if (a == 0.0)
        return sign;
    m = frexp(a, &e); /* a = m * 2^e, m in [0.5, 1) */
    if (e - 1 > 15)
        return -1;
    if (e - 1 >= -14) { /* normal: 11 significant bits */
        double sig = ldexp(m, 11);
        if (sig != floor(sig))
            return -1;
        return sign | ((long)(e - 1 + 15) << 10) | ((long)sig & 0x3ff);
    }
    /* subnormal: a multiple of 2^-24 below 2^-14 */
    {
        double units = ldexp(a, 24);
        if (units != floor(units))
            return -1;
        return sign | (long)units;
    }
}

void wp__w_float(wp__wbuf *w, double v)
{
    long h;
    if (isnan(v)) { /* the canonical quiet NaN, as RFC 8949 4.2.2 suggests */
        static const uint8_t nan16[] = {0xf9, 0x7e, 0x00};
        wp__w_raw(w, nan16, sizeof nan16);
        return;
    }
    if ((h = half_bits(v)) >= 0) {
        uint8_t b[3] = {0xf9, (uint8_t)(h >> 8), (uint8_t)h};
        wp__w_raw(w, b, 3);
    } else if ((double)(float)v == v) {
        HEAD(cbor_encode_single((float)v, w->data + w->len, 9));
    } else {
        HEAD(cbor_encode_double(v, w->data + w->len, 9));
    }
}

void wp__w_number(wp__wbuf *w, double v)
{
    if (v == floor(v) && fabs(v) < 9007199254740992.0 && !(v == 0.0 && signbit(v)))
        wp__w_int(w, (int64_t)v);
    else
        wp__w_float(w, v);
}

/* ---- reader ---------------------------------------------------------------- */

/* libcbor reports each item head through a callback; these store it. */
#define ITEM(ctx) ((wp__citem *)(ctx))
static void cb_u8(void *c, uint8_t v) { ITEM(c)->type = WP__C_UINT; ITEM(c)->u = v; }
static void cb_u16(void *c, uint16_t v) { ITEM(c)->type = WP__C_UINT; ITEM(c)->u = v; }
static void cb_u32(void *c, uint32_t v) { ITEM(c)->type = WP__C_UINT; ITEM(c)->u = v; }
static void cb_u64(void *c, uint64_t v) { ITEM(c)->type = WP__C_UINT; ITEM(c)->u = v; }
static void cb_n8(void *c, uint8_t v) { ITEM(c)->type = WP__C_NEGINT; ITEM(c)->u = v; }
static void cb_n16(void *c, uint16_t v) { ITEM(c)->type = WP__C_NEGINT; ITEM(c)->u = v; }
static void cb_n32(void *c, uint32_t v) { ITEM(c)->type = WP__C_NEGINT; ITEM(c)->u = v; }
static void cb_n64(void *c, uint64_t v) { ITEM(c)->type = WP__C_NEGINT; ITEM(c)->u = v; }
static void cb_bytes(void *c, cbor_data p, size_t n)
{
    ITEM(c)->type = WP__C_BYTES;
    ITEM(c)->ptr = p;
    ITEM(c)->len = n;
}
static void cb_text(void *c, cbor_data p, size_t n)
{
    ITEM(c)->type = WP__C_TEXT;
    ITEM(c)->ptr = p;
    ITEM(c)->len = n;
}
static void cb_indef(void *c) { ITEM(c)->type = WP__C_INDEF; }
static void cb_array(void *c, size_t n) { ITEM(c)->type = WP__C_ARRAY; ITEM(c)->u = n; }
static void cb_map(void *c, size_t n) { ITEM(c)->type = WP__C_MAP; ITEM(c)->u = n; }
static void cb_tag(void *c, uint64_t t) { ITEM(c)->type = WP__C_TAG; ITEM(c)->u = t; }
static void cb_f4(void *c, float f) { ITEM(c)->type = WP__C_FLOAT; ITEM(c)->f = f; }
static void cb_f8(void *c, double f) { ITEM(c)->type = WP__C_FLOAT; ITEM(c)->f = f; }
static void cb_undef(void *c) { ITEM(c)->type = WP__C_UNDEF; }
static void cb_null(void *c) { ITEM(c)->type = WP__C_NULL; }
static void cb_bool(void *c, bool b) { ITEM(c)->type = WP__C_BOOL; ITEM(c)->u = b; }

static const struct cbor_callbacks callbacks = {
    .uint8 = cb_u8, .uint16 = cb_u16, .uint32 = cb_u32, .uint64 = cb_u64,
    .negint8 = cb_n8, .negint16 = cb_n16, .negint32 = cb_n32, .negint64 = cb_n64,
    .byte_string_start = cb_indef, .byte_string = cb_bytes,
    .string = cb_text, .string_start = cb_indef,
    .indef_array_start = cb_indef, .array_start = cb_array,
    .indef_map_start = cb_indef, .map_start = cb_map,
    .tag = cb_tag, .float2 = cb_f4, .float4 = cb_f4, .float8 = cb_f8,
    .undefined = cb_undef, .null = cb_null, .boolean = cb_bool, .indef_break = cb_indef,
};

int wp__r_next(wp__reader *r, wp__citem *item)
{
    struct cbor_decoder_result res;
    size_t at = r->base + r->pos;
    r->truncated = false;
    if (r->pos >= r->len) {
        r->truncated = true;
        return wp__err_at(WP_EFORMAT, at, 0, 0, "CBOR: input ends at byte %zu inside an item", at);
    }
    memset(item, 0, sizeof *item);
    item->offset = at;
    item->type = WP__C_UNDEF;
    if (r->data[r->pos] >= 0xC6 && r->data[r->pos] <= 0xD4) {
        /* Tags 6-20 in the head byte: well-formed CBOR (RFC 8949), which
         * libcbor 0.8 calls malformed ("unassigned tag"). The decoder takes
         * them, so an unknown entry holding one must read back here too:
         * the JSON writer skipped the rest of a map's unknown entries at
         * one (found by fuzz_cbor's trip through JSON). */
        item->type = WP__C_TAG;
        item->u = r->data[r->pos] - 0xC0u;
        r->pos++;
        return 0;
    }
    res = cbor_stream_decode(r->data + r->pos, r->len - r->pos, &callbacks, item);
    if (res.status == CBOR_DECODER_NEDATA) {
        r->truncated = true;
        return wp__err_at(WP_EFORMAT, at, 0, 0,
                          "CBOR: item at byte %zu declares %zu bytes but the input ends at byte %zu",
                          at, res.required, r->base + r->len);
    }
    if (res.status != CBOR_DECODER_FINISHED)
        return wp__err_at(WP_EFORMAT, at, 0, 0, "CBOR: malformed item at byte %zu", at);
    if (item->type == WP__C_INDEF)
        return wp__err_at(WP_EFORMAT, at, 0, 0,
                          "CBOR: indefinite-length item at byte %zu (not allowed in workplan files)",
                          at);
    if ((item->type == WP__C_TEXT || item->type == WP__C_BYTES) && item->len > WP_LIMIT_STRING_BYTES)
        return wp__err_at(WP_ELIMIT, at, 0, 0,
                          "CBOR: %s at byte %zu holds %zu bytes, more than %zu (WP_LIMIT_STRING_BYTES)",
                          wp__ctype_name(item->type), at, item->len, WP_LIMIT_STRING_BYTES);
    if ((item->type == WP__C_ARRAY || item->type == WP__C_MAP) &&
        item->u > (r->len - r->pos - res.read) / (item->type == WP__C_MAP ? 2 : 1)) {
        r->truncated = true;
        return wp__err_at(WP_EFORMAT, at, 0, 0,
                          "CBOR: %s at byte %zu declares %llu entries, more than the input holds",
                          wp__ctype_name(item->type), at, (unsigned long long)item->u);
    }
    /* A map that the input really holds but that is over the limit. */
    if (item->type == WP__C_MAP && item->u > WP_LIMIT_MAP_ENTRIES)
        return wp__err_at(WP_ELIMIT, at, 0, 0,
                          "CBOR: map at byte %zu declares %llu entries, more than %d (WP_LIMIT_MAP_ENTRIES)",
                          at, (unsigned long long)item->u, WP_LIMIT_MAP_ENTRIES);
    r->pos += res.read;
    return 0;
}

int wp__r_skip(wp__reader *r, const wp__citem *item, int depth_left)
{
    uint64_t n;
    wp__citem sub;
    int rc;
    switch (item->type) {
    case WP__C_ARRAY:
    case WP__C_MAP:
    case WP__C_TAG:
        if (depth_left <= 0)
            return wp__err_at(WP_ELIMIT, item->offset, 0, 0,
                              "CBOR: items nested too deeply at byte %zu", item->offset);
        n = item->type == WP__C_TAG ? 1 : item->type == WP__C_MAP ? item->u * 2 : item->u;
        for (uint64_t i = 0; i < n; i++)
            if ((rc = wp__r_next(r, &sub)) < 0 || (rc = wp__r_skip(r, &sub, depth_left - 1)) < 0)
                return rc;
        return 0;
    default:
        return 0;
    }
}

const char *wp__ctype_name(wp__ctype t)
{
    static const char *const names[] = {
        "unsigned integer", "negative integer", "byte string", "text string", "array",
        "map", "tag", "float", "boolean", "null", "undefined", "indefinite-length item",
    };
    return (size_t)t < sizeof names / sizeof names[0] ? names[t] : "item";
}
