/*
 * The JSON reader's private interface, shared by its three parts:
 *   json_read_util.c  paths and errors, scalar values, unknown members
 *                     (extras), objects and arrays, attribute maps;
 *   json_read_node.c  a node and what it holds (deadline, assignments,
 *                     indicators, progress reports);
 *   json_read.c       the document, the plan, its units, references and
 *                     attachments, and wp_plan_from_json.
 * Every helper sets the error (with the JSON path, byte, line and column
 * of the value last checked) and returns 0 or a negative WP_E* code.
 */
#ifndef WP_JSON_READX_H
#define WP_JSON_READX_H

#include "internal.h"
#include "codec.h"
#include "json_tape.h"

/* A value: the index of its token on the tape (0, the document itself, is
 * never a member's value, so it also means "absent"). */
typedef uint32_t jv;
#define NONE ((jv)0)

typedef struct jr {
    wp_plan *plan;
    wp__jtape tape;
    size_t nodes;    /* read so far, against WP_LIMIT_NODES */
    jv at;           /* the value last checked: the position of errors */
    wp__wbuf sc[2];  /* decoded strings, NUL-terminated */
    wp__wbuf keys;   /* member names being read, a stack */
    char path[512];
    /* Nesting level of the value being read (the document is 1), counted
     * as the tokenizer and the CBOR decoder count: members() and array()
     * read their object or array at this level and its members one level
     * down, sub() reads a member of the value being read. */
    int depth;
} jr;

/** A member handler: 0, an error, or 1 for a name it does not know. */
typedef int (*member_fn)(jr *j, void *ctx, const char *key, jv v);

/* ---- paths and errors (json_read_util.c) ---- */
/** Push a path segment ".key" (or "[i]"); returns the length to restore. */
size_t wp__jr_push_key(jr *j, const char *key);
size_t wp__jr_push_index(jr *j, size_t index);
static inline void wp__jr_pop(jr *j, size_t len) { j->path[len] = '\0'; }
/** An error at the value last checked: the path, `what` and `detail`. */
int wp__jr_bad(jr *j, int code, const char *what, const char *detail);
/** Re-raise a setter's error with the path in front. */
int wp__jr_rewrap(jr *j, int rc);

/* ---- values ---- */
static inline int wp__jr_type(jr *j, jv v) { return wp__jtape_type(&j->tape, v); }
/** "an object", "a string", ...: for messages. */
const char *wp__jr_type_name(jr *j, jv v);
/** Check that v has type t (a real accepts an integer, TRUE accepts FALSE). */
int wp__jr_want(jr *j, jv v, int t, const char *what);
/** String value v decoded into scratch slot `slot` (0 or 1), NUL-terminated;
 * NULL when out of memory. Valid until the slot is used again. */
const char *wp__jr_sv_slot(jr *j, jv v, int slot);
static inline const char *wp__jr_sv(jr *j, jv v) { return wp__jr_sv_slot(j, v, 0); }
/** Member `key` of object `obj`, or NONE. */
jv wp__jr_get(jr *j, jv obj, const char *key);
/** The number of members of object `obj`. */
size_t wp__jr_osize(jr *j, jv obj);
/** A string copied into the plan's arena. */
int wp__jr_str(jr *j, jv v, char **out);
int wp__jr_integer(jr *j, jv v, long long min, long long max, long long *out);
int wp__jr_number(jr *j, jv v, double *out);
int wp__jr_boolean(jr *j, jv v, bool *out);
int wp__jr_date(jr *j, jv v, wp_date *out);
/** An enumeration given by name, parsed by `parse` (see PARSER below). */
int wp__jr_name(jr *j, jv v, int (*parse)(int *, const char *), int *out);

/* An `int` wrapper of an enumeration's parser, for wp__jr_name. */
#define PARSER(fn, type)                                                       \
    static int fn##_int(int *out, const char *s)                               \
    {                                                                          \
        type t;                                                                \
        int rc = fn(&t, s);                                                    \
        *out = (int)t;                                                         \
        return rc;                                                             \
    }

/* ---- objects, arrays, unknown members ---- */
/** Iterate an object's members: `fn` handles the names it knows; the
 * others become `extra` (unknown entries; with `known`, the object's
 * defined CBOR keys, refused in "_cbor_extra"), or an error when `extra`
 * is NULL. */
int wp__jr_members(jr *j, jv obj, member_fn fn, void *ctx, wp__extra *extra, uint64_t known);
/** Each element of array v, read by `fn`, with the path extended. */
int wp__jr_array(jr *j, jv v, int (*fn)(jr *, void *, jv), void *ctx);
/** Array member `key` of `obj` (when present) read by wp__jr_array. */
int wp__jr_sub(jr *j, jv obj, const char *key, int (*fn)(jr *, void *, jv), void *ctx);
static inline bool wp__jr_has(jr *j, jv obj, const char *key) { return wp__jr_get(j, obj, key) != NONE; }
/** WP_EFORMAT "missing member key" unless `obj` has it. */
int wp__jr_require(jr *j, jv obj, const char *key);
/** An attribute map (object of text, integer, number or boolean). */
int wp__jr_attrs(jr *j, jv v, wp_attrs *a);

/* ---- nodes (json_read_node.c) ---- */
/** One node object, appended to the node `c` (a wp_node *), with its
 * subtree. */
int wp__jr_node(jr *j, void *c, jv v);

#endif
