/**
 * @file
 * workplan — calendar dates and deadlines.
 *
 * A wp_date is a plain integer YYYYMMDD (2024-03-26 is 20240326), so dates
 * compare with < and ==, and 0 means "no date".
 */
#ifndef WORKPLAN_DATE_H
#define WORKPLAN_DATE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A calendar date as YYYYMMDD; 0 means none. Years 1..9999. */
typedef int32_t wp_date;

/** No date. */
#define WP_DATE_NONE 0

/** How precisely a deadline was stated. */
typedef enum wp_precision {
    WP_PRECISION_DAY = 0,     /**< 2024年6月30日前 */
    WP_PRECISION_MONTH = 1,   /**< 6月底前 */
    WP_PRECISION_QUARTER = 2, /**< 三季度 */
    WP_PRECISION_HALF = 3,    /**< 上半年 */
    WP_PRECISION_YEAR = 4     /**< 2024年底, 年内 */
} wp_precision;

/** A deadline as stated in a plan. Used by value; text is borrowed. */
typedef struct wp_deadline {
    const char *text;  /**< the words as printed (2024年底), or NULL */
    wp_date start;     /**< start of the window, or WP_DATE_NONE */
    wp_date end;       /**< the last day (required) */
    wp_precision precision; /**< how precisely the deadline was stated */
    bool aspirational; /**< hedged with 力争 / 争取 */
} wp_deadline;

/** Make a date; returns WP_DATE_NONE if (year, month, day) is not a real day. */
WP_EXTERN wp_date wp_date_make(int year, int month, int day);

/** True if `date` is a real calendar day (WP_DATE_NONE is not). */
WP_EXTERN bool wp_date_valid(wp_date date);

/** The year, month or day of a date (0 for WP_DATE_NONE). */
WP_EXTERN int wp_date_year(wp_date date);
/** The month of a date, 1..12 (0 for WP_DATE_NONE). */
WP_EXTERN int wp_date_month(wp_date date);
/** The day of a date, 1..31 (0 for WP_DATE_NONE). */
WP_EXTERN int wp_date_day(wp_date date);

/** Number of days in a month of a year (0 if month is out of 1..12). */
WP_EXTERN int wp_date_days_in_month(int year, int month);

/**
 * Parse an ISO 8601 calendar date "YYYY-MM-DD".
 *
 * @param[out] out the date
 * @param iso the text, "YYYY-MM-DD"
 * @return 0, WP_EINVAL for a NULL argument, WP_ESYNTAX (with the offset of
 *         the offending character) for text that is not a real date.
 */
WP_EXTERN int wp_date_parse(wp_date *out, const char *iso);

/**
 * Format a date as "YYYY-MM-DD" into `buf` (at least 11 bytes).
 * @return 0, or WP_EINVAL if the date is invalid or buf is NULL.
 */
WP_EXTERN int wp_date_format(char *buf, size_t size, wp_date date);

/** Name of a precision ("day", "month", …), or NULL if out of range. */
WP_EXTERN const char *wp_precision_name(wp_precision precision);

/** Parse a precision name; WP_EINVAL if unknown. */
WP_EXTERN int wp_precision_parse(wp_precision *out, const char *name);

#ifdef __cplusplus
}
#endif

#endif
