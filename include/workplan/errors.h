/**
 * @file
 * workplan — the error model.
 *
 * Every fallible function returns 0 on success or one of the negative codes
 * below. The details of the last failure on the calling thread are kept in
 * thread-local storage and read with wp_error_last(), as in libgit2. The
 * library never aborts, exits or prints.
 */
#ifndef WORKPLAN_ERRORS_H
#define WORKPLAN_ERRORS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Status codes. New codes may be added; callers should treat any negative
 * value they do not know as a generic failure. */
typedef enum wp_error_code {
    WP_OK = 0,
    WP_ERROR = -1,      /**< generic failure */
    WP_ENOMEM = -2,     /**< out of memory */
    WP_EINVAL = -3,     /**< invalid argument (NULL, out of range, bad enum) */
    WP_ENOTFOUND = -4,  /**< the thing looked up does not exist */
    WP_EEXISTS = -5,    /**< a name or id is already taken */
    WP_EUTF8 = -6,      /**< text is not valid UTF-8 */
    WP_ESTRUCTURE = -7, /**< the tree operation would break the tree's rules */
    WP_EREMOVED = -8,   /**< the node or object was removed from its plan */
    WP_EIO = -9,        /**< reading or writing a file failed */
    WP_EFORMAT = -10,   /**< malformed input data */
    WP_EVERSION = -11,  /**< unsupported format version */
    WP_ELIMIT = -12,    /**< input exceeds a limit (size, depth, count) */
    WP_ESYNTAX = -13,   /**< syntax error in a query or other small language */
    WP_ITEROVER = -14,  /**< an iteration is over (not a failure) */
    WP_ENOTSUP = -15    /**< the feature is not in this build (e.g. OpenCC) */
} wp_error_code;

/**
 * @name Limits on untrusted input (doc/API.md "Limits")
 * Input beyond one of these fails with WP_ELIMIT, with the byte offset
 * where the limit was crossed when it is known. Within them every reader
 * runs in time and memory linear in its input.
 * @{
 */
/** Bytes of one document: a text to import, one CBOR or JSON plan, one
 * plan of a corpus (a corpus file itself may be larger). */
#define WP_LIMIT_DOCUMENT_BYTES ((size_t)64 << 20)
/** Bytes of one line of a text to import. */
#define WP_LIMIT_LINE_BYTES ((size_t)1 << 20)
/** Nesting of arrays and maps/objects in CBOR and JSON, counted alike in
 * both: every map and array is a level, the document's map level 1 (a plan
 * needs ~20). */
#define WP_LIMIT_DEPTH 32
/** Live nodes in one plan, checked wherever a node is created (readers,
 * importer, wp_node_new, copies). 32,768: 20x the largest real plan seen
 * (~1,500 nodes), 3x a province's ledger, and small enough that N of the
 * shortest headings (`1.\n`, 3 bytes) import within 10x the input +
 * 16 MiB (doc/API.md "Limits"). */
#define WP_LIMIT_NODES 32768
/** Bytes of one string (a title, a text, a key). */
#define WP_LIMIT_STRING_BYTES ((size_t)16 << 20)
/** Entries of one CBOR map or members of one JSON object. */
#define WP_LIMIT_MAP_ENTRIES 65536
/** Bytes of one query text (wp_query_parse()): room for a generated query
 * that ORs tens of thousands of ids. Alias: WP_QUERY_MAX_LENGTH. */
#define WP_LIMIT_QUERY_BYTES ((size_t)4 << 20)
/** Terms (leaf predicates such as unit:X) of one query, parsed or built
 * through the API. A term costs ~430 bytes parsed and can be written in 3
 * (`-a `), so N terms stay within 10x the text + 16 MiB for N <= ~40,000.
 * Alias: WP_QUERY_MAX_TERMS. */
#define WP_LIMIT_QUERY_TERMS 32768
/** Nesting of AND / OR / NOT in one query (a chain of one operator is one
 * level). Alias: WP_QUERY_MAX_DEPTH. */
#define WP_LIMIT_QUERY_DEPTH 512
/** @} */

/** Position not known (for wp_error.offset). */
#define WP_NO_OFFSET ((size_t)-1)

/** The details of a failure. */
typedef struct wp_error {
    int code;            /**< a wp_error_code */
    const char *message; /**< one line, UTF-8, no trailing period */
    size_t offset;       /**< byte offset in the input, or WP_NO_OFFSET */
    int line;            /**< 1-based line in text input, or 0 */
    int column;          /**< 1-based column (in characters), or 0 */
} wp_error;

/**
 * The last error raised on the calling thread.
 *
 * @return a borrowed pointer, valid until the next workplan call on this
 *         thread; never NULL (code WP_OK and an empty message if no error).
 */
WP_EXTERN const wp_error *wp_error_last(void);

/** Reset the calling thread's last error to WP_OK. */
WP_EXTERN void wp_error_clear(void);

/** The symbolic name of a code ("WP_EINVAL"), or NULL for unknown codes. */
WP_EXTERN const char *wp_error_code_name(int code);

#ifdef __cplusplus
}
#endif

#endif
