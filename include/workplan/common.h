/**
 * @file
 * workplan — common declarations: export macro, opaque types, allocator.
 *
 * Conventions used by every header of workplan (see doc/API.md):
 *  - Functions that can fail return int: 0 (WP_OK) on success, a negative
 *    wp_error_code otherwise; wp_error_last() then describes the failure.
 *  - Out-parameters come first and are named `out`. What a function hands
 *    back through `out` belongs to the caller (free it with the matching
 *    *_free function or wp_free()).
 *  - Pointers returned directly by getters are *borrowed*: they belong to
 *    the plan and stay valid until the field they came from is changed, the
 *    node they belong to is removed, or the plan is freed.
 *  - All text is UTF-8 and is copied in; invalid UTF-8 is rejected with
 *    WP_EUTF8.
 */
#ifndef WORKPLAN_COMMON_H
#define WORKPLAN_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Marks a public symbol. The library is built with hidden visibility. */
#if defined(_WIN32) && defined(WP_BUILDING_DLL)
#define WP_EXTERN __declspec(dllexport)
#elif defined(_WIN32) && !defined(WP_STATIC)
#define WP_EXTERN __declspec(dllimport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#define WP_EXTERN __attribute__((visibility("default")))
#else
#define WP_EXTERN
#endif

/** A work plan: one document with its metadata, units and node tree. */
typedef struct wp_plan wp_plan;
/** One heading, work point, task, paragraph or attachment of a plan. */
typedef struct wp_node wp_node;
/** An organisational unit (责任单位) in a plan's registry. */
typedef struct wp_unit wp_unit;
/** A quantitative target stated in a node. */
typedef struct wp_indicator wp_indicator;
/** A progress report on a node. */
typedef struct wp_report wp_report;
/** A map of custom attributes (text key -> typed value). */
typedef struct wp_attrs wp_attrs;
/** A depth-first iterator over a node tree. */
typedef struct wp_iter wp_iter;

/**
 * Allocator hooks. `ctx` is passed back unchanged to each call.
 *
 * Their reach, stated exactly: every allocation libworkplan's own code
 * makes goes through them — plans and their arenas, nodes, units, copies
 * of strings, hash maps, query trees, indexes, roll-ups, import buffers,
 * encoded CBOR/JSON buffers and everything handed to the caller to be
 * freed with wp_free(). The libraries it calls allocate on their own with
 * malloc, out of the hooks' sight, and an allocator that refuses memory
 * does not make them fail:
 *  - jansson: the parsed JSON tree while a plan is read from JSON (about
 *    35 bytes per input byte for object-dense JSON, freed before return);
 *  - utf8proc: the normalised (NFKC) copy of a text during search and import;
 *  - OpenCC (when built with it): traditional → simplified conversion;
 *  - iconv: the GB18030 → UTF-8 converter state while importing;
 *  - libzip and libxml2 (the .docx and HTML readers, when built);
 *  - libc stdio: FILE buffers while loading and saving files.
 * libcbor is used only through its streaming decoder and its encoders of
 * single items, which do not allocate; Debian's libcbor is built without
 * allocator hooks (cbor_set_allocs is not exported).
 */
typedef struct wp_allocator {
    void *(*malloc)(size_t size, void *ctx); /**< allocate `size` bytes, or return NULL */
    void *(*realloc)(void *ptr, size_t size, void *ctx); /**< resize a block (as realloc) */
    void (*free)(void *ptr, void *ctx); /**< release a block; NULL is accepted */
    void *ctx; /**< passed back unchanged to each hook */
} wp_allocator;

/**
 * Replace the allocator used by the library.
 *
 * The hooks are the only global state that needs the caller's care. The
 * rest looks after itself (doc/API.md "Thread safety"): the seed of the
 * keyed hash of its hash maps (node ids, unit names), a random 64-bit
 * value drawn once per process from getrandom() under pthread_once so that
 * ids crafted to collide cannot slow loading down; the shared OpenCC
 * converter, also made once; and an atomic counter of edits.
 *
 * Call it once, before any other workplan call and before starting threads
 * that use workplan; memory obtained with one allocator must not be freed
 * after switching to another.
 *
 * @param alloc the hooks to use (copied), or NULL to restore malloc/free.
 * @return 0, or WP_EINVAL if a hook is missing.
 */
WP_EXTERN int wp_set_allocator(const wp_allocator *alloc);

/** Allocate `size` bytes with the library's allocator (NULL on failure). */
WP_EXTERN void *wp_malloc(size_t size);

/** Free memory that the library handed to the caller (buffers, strings). */
WP_EXTERN void wp_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif
