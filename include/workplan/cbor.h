/**
 * @file
 * workplan — the CBOR file format (doc/FORMAT.md): one plan to and from a
 * buffer or a file. Encoding is deterministic (RFC 8949 section 4.2): equal
 * plans give identical bytes. Decoding validates everything and reports the
 * byte offset of the first problem; it never crashes and never allocates
 * more than the input can justify.
 */
#ifndef WORKPLAN_CBOR_H
#define WORKPLAN_CBOR_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The format version this library writes (and the newest it reads). */
#define WP_FORMAT_VERSION 1

/**
 * Encode a plan as one workplan CBOR document.
 * @param[out] out the bytes, owned by the caller (wp_free()).
 * @param[out] out_len their number.
 * @param plan the plan to encode
 * @return 0, WP_EINVAL, WP_ENOMEM.
 */
WP_EXTERN int wp_plan_to_cbor(uint8_t **out, size_t *out_len, const wp_plan *plan);

/**
 * Decode one workplan CBOR document that fills `data` exactly.
 * @param[out] out the new plan, owned by the caller (wp_plan_free()).
 * @param data the bytes (borrowed)
 * @param len their number
 * @return 0; WP_EFORMAT (malformed or truncated data, wrong types,
 *         duplicate keys, trailing bytes), WP_EUTF8, WP_EVERSION (a newer
 *         major format version), WP_ELIMIT (nesting too deep), WP_ENOMEM,
 *         WP_EINVAL. wp_error_last()->offset is the byte offset.
 */
WP_EXTERN int wp_plan_from_cbor(wp_plan **out, const uint8_t *data, size_t len);

/**
 * Write a plan to a file atomically: the bytes go to a temporary file in
 * the same folder, which is flushed, synced and renamed over `path`. A
 * crash leaves either the old file or the new one, never a mix.
 * @return 0, WP_EINVAL, WP_ENOMEM, WP_EIO (the message names the file and
 *         the system error).
 */
WP_EXTERN int wp_plan_save(const wp_plan *plan, const char *path);

/**
 * Read a plan from a file written by wp_plan_save().
 * @return as wp_plan_from_cbor(), and WP_EIO if the file cannot be read.
 */
WP_EXTERN int wp_plan_load(wp_plan **out, const char *path);

#ifdef __cplusplus
}
#endif

#endif
