/* A validating JSON tokenizer over text in memory: one linear pass checks
 * the syntax (RFC 8259: UTF-8, escapes, numbers), the limits of doc/API.md
 * (nesting, members per object, bytes per string, duplicate member names)
 * and records one 8-byte token per value and per member name, so that the
 * reader can look members up by name without a tree of its own. A token is
 * at least two bytes of input ("0," or "[]"), so the tape costs at most 4x
 * the input. */
#ifndef WP_JSON_TAPE_H
#define WP_JSON_TAPE_H

#include "cborio.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct wp__jtok {
    uint32_t off; /* byte of the token's first character ('"' for strings) */
    uint32_t aux; /* objects, arrays: index of the token after the last one
                   * inside; scalars: length in bytes (strings: with quotes) */
} wp__jtok;

typedef struct wp__jtape {
    const char *text;
    size_t len;
    wp__jtok *t;
    uint32_t n, cap;
} wp__jtape;

/** The type of a token, from its first byte. */
enum { WP__J_OBJECT = '{', WP__J_ARRAY = '[', WP__J_STRING = '"', WP__J_TRUE = 't',
       WP__J_FALSE = 'f', WP__J_NULL = 'n', WP__J_INTEGER = 'i', WP__J_REAL = 'r' };

/** Tokenize text[0..len) into `tp` (cleared first). On failure the error
 * (WP_EFORMAT, WP_EUTF8, WP_ELIMIT or WP_ENOMEM) names the line, column
 * and byte, and `tp` holds nothing. Free with wp__jtape_free. */
int wp__jtape_parse(wp__jtape *tp, const char *text, size_t len);
void wp__jtape_free(wp__jtape *tp);

/** Type of token i (one of WP__J_*). */
int wp__jtape_type(const wp__jtape *tp, uint32_t i);
/** Index of the token after token i and everything inside it. */
static inline uint32_t wp__jtape_next(const wp__jtape *tp, uint32_t i)
{
    char c = tp->text[tp->t[i].off];
    return c == '{' || c == '[' ? tp->t[i].aux : i + 1;
}
/** Append the decoded bytes of string token i to `b` (no NUL). */
void wp__jtape_string(const wp__jtape *tp, uint32_t i, wp__wbuf *b);
/** True if string token i decodes to exactly s[0..n). */
bool wp__jtape_string_is(const wp__jtape *tp, uint32_t i, const char *s, size_t n);
/** Value of an integer token (checked in range by the tokenizer). */
long long wp__jtape_integer(const wp__jtape *tp, uint32_t i);
/** Value of an integer or real token. */
double wp__jtape_number(const wp__jtape *tp, uint32_t i);
/** Line and column (1-based, in bytes) of byte `off`. */
void wp__jtape_where(const wp__jtape *tp, size_t off, int *line, int *column);

#endif
