/* Unknown map entries (extras) in JSON: CBOR to JSON for the writer (the
 * reader encodes them to CBOR from its token tape, json_read_util.c). */
#include "internal.h"
#include "cborio.h"
#include "jsonx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool wp__json_known_name(const char *name)
{
    static const char *const names[] = {
        "format", "version", "plan", "id", "kind", "title", "issuer", "doc_number", "text",
        "prefix", "year", "serial", "issued", "published", "publisher", "script", "recipients",
        "preamble", "references", "attachments", "units", "name", "aliases", "attrs", "nodes",
        "label", "number", "category", "deadline", "start", "end", "precision", "aspirational",
        "status", "assignments", "unit", "role", "person", "indicators", "subject", "op",
        "value", "cumulative", "baseline", "max", "actual", "progress", "date", "by", "percent",
        "state", "actuals", "indicator", "source", "offset", "length", "children", "_cbor_extra",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

/* Convert one CBOR value (head already read) to JSON; false if JSON cannot
 * hold it as itself. `re` receives the CBOR that the JSON reader will make
 * of that JSON (shortest heads, map keys in order), for the caller to
 * compare with the value as stored: a value stored otherwise (a long head,
 * keys out of order) would come back changed, so it stays in _cbor_extra. */
static bool to_json(wp__wbuf *out, wp__wbuf *re, wp__reader *r, const wp__citem *it, int depth)
{
    wp__citem sub;
    char buf[32];
    if (depth > 32)
        return false;
    switch (it->type) {
    case WP__C_TEXT:
        if (memchr(it->ptr, 0, it->len) ||
            wp__check_utf8((const char *)it->ptr, it->len, "extra") < 0)
            return false;
        wp__json_string(out, (const char *)it->ptr, it->len);
        wp__w_text_n(re, (const char *)it->ptr, it->len);
        return true;
    case WP__C_UINT:
        if (it->u > INT64_MAX)
            return false;
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)it->u);
        wp__w_raw(out, buf, strlen(buf));
        wp__w_int(re, (int64_t)it->u);
        return true;
    case WP__C_NEGINT:
        if (it->u > INT64_MAX)
            return false;
        snprintf(buf, sizeof buf, "%lld", -1 - (long long)it->u);
        wp__w_raw(out, buf, strlen(buf));
        wp__w_int(re, -1 - (int64_t)it->u);
        return true;
    case WP__C_FLOAT:
        if (!isfinite(it->f))
            return false;
        wp__json_double(out, it->f, true);
        wp__w_float(re, it->f);
        return true;
    case WP__C_BOOL:
        wp__w_raw(out, it->u ? "true" : "false", it->u ? 4 : 5);
        wp__w_bool(re, it->u != 0);
        return true;
    case WP__C_NULL:
        wp__w_raw(out, "null", 4);
        wp__w_null(re);
        return true;
    case WP__C_ARRAY:
        wp__w_raw(out, "[", 1);
        wp__w_array(re, it->u);
        for (uint64_t i = 0; i < it->u; i++) {
            if (i)
                wp__w_raw(out, ",", 1);
            if (wp__r_next(r, &sub) < 0 || !to_json(out, re, r, &sub, depth + 1))
                return false;
        }
        wp__w_raw(out, "]", 1);
        return true;
    case WP__C_MAP: {
        size_t prev = 0, prev_len = 0; /* the last key's CBOR in re */
        wp__w_raw(out, "{", 1);
        wp__w_map(re, it->u);
        for (uint64_t i = 0; i < it->u; i++) {
            size_t at = re->len;
            if (i)
                wp__w_raw(out, ",", 1);
            if (wp__r_next(r, &sub) < 0 || sub.type != WP__C_TEXT || !to_json(out, re, r, &sub, depth + 1))
                return false;
            if (re->failed)
                return false;
            /* the reader sorts keys by their CBOR: stored otherwise, the
             * value would not come back as it is */
            if (i > 0) {
                size_t len = re->len - at, n = len < prev_len ? len : prev_len;
                int c = memcmp(re->data + prev, re->data + at, n);
                if (c > 0 || (c == 0 && prev_len >= len))
                    return false;
            }
            prev = at;
            prev_len = re->len - at;
            wp__w_raw(out, ":", 1);
            if (wp__r_next(r, &sub) < 0 || !to_json(out, re, r, &sub, depth + 1))
                return false;
        }
        wp__w_raw(out, "}", 1);
        return true;
    }
    default:
        return false;
    }
}

static void newline(wp__wbuf *b, bool pretty, int depth)
{
    if (pretty) {
        wp__w_raw(b, "\n", 1);
        for (int i = 0; i < depth; i++)
            wp__w_raw(b, "  ", 2);
    }
}

void wp__json_extra(wp__wbuf *b, const wp__extra *x, bool pretty, int depth, bool *first)
{
    wp__reader r = {x->data, x->len, 0, 0, false};
    wp__wbuf hex = {NULL, 0, 0, false};
    while (r.pos < r.len) {
        size_t start = r.pos;
        wp__citem k, v;
        wp__wbuf val = {NULL, 0, 0, false}, re = {NULL, 0, 0, false};
        bool member = false;
        if (wp__r_next(&r, &k) < 0)
            break; /* cannot happen: extras were validated on the way in */
        if (k.type == WP__C_TEXT && k.len < 200) {
            char name[200];
            memcpy(name, k.ptr, k.len);
            name[k.len] = '\0';
            if (strlen(name) == k.len && !wp__json_known_name(name) &&
                wp__check_utf8(name, k.len, "extra key") == 0) {
                size_t vstart = r.pos;
                wp__w_text_n(&re, name, k.len); /* the key, as the reader will write it */
                member = wp__r_next(&r, &v) == 0 && to_json(&val, &re, &r, &v, 0) && !val.failed &&
                         !re.failed && re.len == r.pos - start &&
                         memcmp(re.data, x->data + start, re.len) == 0;
                if (member) {
                    if (!*first)
                        wp__w_raw(b, ",", 1);
                    *first = false;
                    newline(b, pretty, depth);
                    wp__json_string(b, name, k.len);
                    wp__w_raw(b, pretty ? ": " : ":", pretty ? 2 : 1);
                    wp__w_raw(b, val.data, val.len);
                } else {
                    r.pos = vstart;
                }
            }
        }
        wp__free(val.data);
        wp__free(re.data);
        if (!member) {
            static const char digits[] = "0123456789abcdef";
            r.pos = start;
            if (wp__r_next(&r, &k) < 0 || wp__r_skip(&r, &k, 64) < 0 || wp__r_next(&r, &v) < 0 ||
                wp__r_skip(&r, &v, 64) < 0)
                break;
            for (size_t i = start; i < r.pos; i++) {
                char h[2] = {digits[x->data[i] >> 4], digits[x->data[i] & 15]};
                wp__w_raw(&hex, h, 2);
            }
        } else {
            /* to_json consumed the value; nothing more to skip */
        }
    }
    if (hex.len > 0) {
        if (!*first)
            wp__w_raw(b, ",", 1);
        *first = false;
        newline(b, pretty, depth);
        wp__w_raw(b, "\"_cbor_extra\":", 14);
        if (pretty)
            wp__w_raw(b, " ", 1);
        wp__json_string(b, (const char *)hex.data, hex.len);
    }
    if (hex.failed)
        b->failed = true;
    wp__free(hex.data);
}
