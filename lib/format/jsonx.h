/* Internal JSON helpers shared by the JSON writer and reader. */
#ifndef WP_JSONX_H
#define WP_JSONX_H

#include "cborio.h"

struct wp__extra;

/** A JSON string literal for s[0..n) (UTF-8 kept, controls escaped). */
void wp__json_string(wp__wbuf *b, const char *s, size_t n);
/** A JSON number that reads back to exactly `v`; keep_float forces a
 * fraction or exponent so the reader sees a float. */
void wp__json_double(wp__wbuf *b, double v, bool keep_float);
/** Write extras as members of the object being written: text-keyed
 * entries whose values JSON can hold as themselves, the rest as the hex
 * of their CBOR in "_cbor_extra". `first` tracks the member separator. */
void wp__json_extra(wp__wbuf *b, const struct wp__extra *x, bool pretty, int depth, bool *first);
/** True if `name` is a member name the JSON form defines somewhere. */
bool wp__json_known_name(const char *name);

#endif
