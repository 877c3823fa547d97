/**
 * @file
 * workplan — JSON interchange in the shape of MODEL.md:
 *
 *   {"format": "workplan", "version": 1, "plan": {...}}
 *
 * Text is written as UTF-8 (not \\u-escaped); control characters are
 * escaped; numbers are written exactly (the shortest form that reads back
 * to the same double). Absent optional fields are omitted. Map entries
 * kept from newer CBOR files stay lossless: text-keyed entries appear as
 * extra members, the others in a "_cbor_extra" member (hex of their CBOR).
 * Parsing uses jansson and validates like the CBOR decoder; errors give
 * the line, column and byte offset, or the JSON path of the bad value.
 */
#ifndef WORKPLAN_JSON_H
#define WORKPLAN_JSON_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Flags for wp_plan_to_json(). */
enum {
    WP_JSON_COMPACT = 0, /**< one line, no spaces (the JSON Lines form) */
    WP_JSON_PRETTY = 1   /**< indented, one member per line */
};

/**
 * Export a plan as JSON.
 * @param[out] out NUL-terminated UTF-8, owned by the caller (wp_free()).
 * @param[out] out_len its length without the NUL (may be NULL).
 * @param plan the plan to export
 * @param flags WP_JSON_COMPACT or WP_JSON_PRETTY
 * @return 0, WP_EINVAL, WP_ENOMEM.
 */
WP_EXTERN int wp_plan_to_json(char **out, size_t *out_len, const wp_plan *plan,
                              unsigned flags);

/**
 * Import a plan from JSON text (one document).
 * @param[out] out the plan, owned by the caller (wp_plan_free()).
 * @param text the JSON text (borrowed)
 * @param len its length in bytes
 * @return 0; WP_EFORMAT (syntax error with line/column/offset, or a value
 *         of the wrong type or out of range, named by its JSON path such as
 *         plan.nodes[2].kind); WP_EUTF8; WP_EVERSION; WP_ENOMEM; WP_EINVAL.
 */
WP_EXTERN int wp_plan_from_json(wp_plan **out, const char *text, size_t len);

#ifdef __cplusplus
}
#endif

#endif
