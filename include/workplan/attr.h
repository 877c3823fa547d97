/**
 * @file
 * workplan — custom attributes: a map from text keys to typed values
 * (text, integer, float, boolean), on the plan and on every node. OA
 * systems keep their own fields here; they survive every round trip.
 *
 * Entries are kept sorted by key (byte order), so iteration order is
 * deterministic.
 */
#ifndef WORKPLAN_ATTR_H
#define WORKPLAN_ATTR_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The type of an attribute value. */
typedef enum wp_value_type {
    WP_VALUE_TEXT = 0,
    WP_VALUE_INT = 1,
    WP_VALUE_FLOAT = 2,
    WP_VALUE_BOOL = 3
} wp_value_type;

/** An attribute value. Borrowed when returned: valid until that map is
 * next modified. */
typedef struct wp_value {
    wp_value_type type; /**< which member of `as` holds the value */
    union {
        const char *text;
        int64_t integer;
        double real;
        bool boolean;
    } as; /**< the value, in the member `type` names */
} wp_value;

/** Name of a value type ("text", "int", "float", "bool"), or NULL. */
WP_EXTERN const char *wp_value_type_name(wp_value_type type);

/* Setters add the key or replace its value; 0, WP_EINVAL (NULL map or
 * key, empty key, non-finite float), WP_EUTF8, WP_EREMOVED (map of a
 * removed node), WP_ENOMEM. */
/** Set `key` to a text value (copied). */
WP_EXTERN int wp_attrs_set_text(wp_attrs *attrs, const char *key, const char *value);
/** Set `key` to an integer value. */
WP_EXTERN int wp_attrs_set_int(wp_attrs *attrs, const char *key, int64_t value);
/** Set `key` to a finite float value. */
WP_EXTERN int wp_attrs_set_float(wp_attrs *attrs, const char *key, double value);
/** Set `key` to a boolean value. */
WP_EXTERN int wp_attrs_set_bool(wp_attrs *attrs, const char *key, bool value);
/** Set a key to a copy of `value`. */
WP_EXTERN int wp_attrs_set(wp_attrs *attrs, const char *key, const wp_value *value);

/** The value of `key`, or NULL if absent. */
WP_EXTERN const wp_value *wp_attrs_get(const wp_attrs *attrs, const char *key);
/** Remove `key`; WP_ENOTFOUND if absent. */
WP_EXTERN int wp_attrs_remove(wp_attrs *attrs, const char *key);
/** Number of entries. */
WP_EXTERN size_t wp_attrs_count(const wp_attrs *attrs);
/** The key of entry `index` (sorted order), or NULL. */
WP_EXTERN const char *wp_attrs_key(const wp_attrs *attrs, size_t index);
/** The value of entry `index`, or NULL. */
WP_EXTERN const wp_value *wp_attrs_value(const wp_attrs *attrs, size_t index);

#ifdef __cplusplus
}
#endif

#endif
