/* Names of the model's enumerations, as MODEL.md spells them (they are
 * the strings of the JSON export and the query language). */
#include "internal.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *wp__name(const char *const *table, size_t n, int value)
{
    if (value < 0 || (size_t)value >= n)
        return NULL;
    return table[value];
}

int wp__parse_name(const char *const *table, size_t n, const char *name,
                   const char *what, int *out)
{
    if (out == NULL || name == NULL)
        return wp__err(WP_EINVAL, "%s: NULL argument", what);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(table[i], name) == 0) {
            *out = (int)i;
            return 0;
        }
    }
    return wp__err(WP_EINVAL, "unknown %s '%.100s'", what, name);
}

#define NAMED_ENUM(type, prefix, what, ...)                                      \
    static const char *const prefix##_names[] = {__VA_ARGS__};                   \
    const char *prefix##_name(type value)                                        \
    {                                                                            \
        return wp__name(prefix##_names, COUNT(prefix##_names), (int)value);      \
    }                                                                            \
    int prefix##_parse(type *out, const char *name)                              \
    {                                                                            \
        int v = 0;                                                               \
        int rc;                                                                  \
        if (out == NULL)                                                         \
            return wp__err(WP_EINVAL, "%s: NULL argument", what);                \
        rc = wp__parse_name(prefix##_names, COUNT(prefix##_names), name,     \
                                what, &v);                                       \
        if (rc == 0)                                                             \
            *out = (type)v;                                                      \
        return rc;                                                               \
    }

NAMED_ENUM(wp_plan_kind, wp_plan_kind, "plan kind", "work_plan", "implementation_plan",
           "summary", "notice", "other")
NAMED_ENUM(wp_node_kind, wp_node_kind, "node kind", "section", "subsection", "point", "item",
           "task", "paragraph", "attachment")
NAMED_ENUM(wp_status, wp_status, "status", "not_started", "in_progress", "done", "delayed",
           "extended", "cancelled")
NAMED_ENUM(wp_role, wp_role, "role", "lead", "support", "responsible")
NAMED_ENUM(wp_op, wp_op, "indicator op", "eq", "ge", "gt", "le", "lt", "approx", "range")
NAMED_ENUM(wp_precision, wp_precision, "precision", "day", "month", "quarter", "half", "year")
NAMED_ENUM(wp_report_state, wp_report_state, "report state", "draft", "submitted", "approved",
           "returned")

static const char *const value_type_names[] = {"text", "int", "float", "bool"};
const char *wp_value_type_name(wp_value_type type)
{
    return wp__name(value_type_names, COUNT(value_type_names), (int)type);
}
