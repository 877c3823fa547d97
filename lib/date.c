/* Calendar dates as YYYYMMDD integers. */
#include "internal.h"

#include <stdio.h>

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int wp_date_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return month == 2 && leap(year) ? 29 : days[month - 1];
}

wp_date wp_date_make(int year, int month, int day)
{
    if (year < 1 || year > 9999 || day < 1 || day > wp_date_days_in_month(year, month))
        return WP_DATE_NONE;
    return (wp_date)(year * 10000 + month * 100 + day);
}

int wp_date_year(wp_date d) { return d > 0 ? (int)(d / 10000) : 0; }
int wp_date_month(wp_date d) { return d > 0 ? (int)(d / 100 % 100) : 0; }
int wp_date_day(wp_date d) { return d > 0 ? (int)(d % 100) : 0; }

bool wp_date_valid(wp_date d)
{
    return d > 0 && wp_date_make(wp_date_year(d), wp_date_month(d), wp_date_day(d)) == d;
}

int wp_date_parse(wp_date *out, const char *iso)
{
    static const int width[] = {4, 2, 2};
    int part[3] = {0, 0, 0};
    size_t pos = 0;
    if (out == NULL || iso == NULL)
        return wp__err(WP_EINVAL, "date: NULL argument");
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < width[k]; i++, pos++) {
            if (iso[pos] < '0' || iso[pos] > '9')
                return wp__err_at(WP_ESYNTAX, pos, 1, (int)pos + 1,
                                  "date '%.40s': expected a digit at byte %zu (YYYY-MM-DD)",
                                  iso, pos);
            part[k] = part[k] * 10 + (iso[pos] - '0');
        }
        if (k < 2 && iso[pos++] != '-')
            return wp__err_at(WP_ESYNTAX, pos - 1, 1, (int)pos,
                              "date '%.40s': expected '-' at byte %zu (YYYY-MM-DD)", iso, pos - 1);
    }
    if (iso[pos] != '\0')
        return wp__err_at(WP_ESYNTAX, pos, 1, (int)pos + 1,
                          "date '%.40s': unexpected text after the date at byte %zu", iso, pos);
    *out = wp_date_make(part[0], part[1], part[2]);
    if (*out == WP_DATE_NONE)
        return wp__err_at(WP_ESYNTAX, 0, 1, 1, "date '%s' is not a calendar day", iso);
    return 0;
}

int wp_date_format(char *buf, size_t size, wp_date date)
{
    if (buf == NULL || size < 11)
        return wp__err(WP_EINVAL, "date: buffer must hold 11 bytes");
    if (!wp_date_valid(date))
        return wp__err(WP_EINVAL, "date: %ld is not a valid YYYYMMDD date", (long)date);
    snprintf(buf, size, "%04d-%02d-%02d", wp_date_year(date), wp_date_month(date),
             wp_date_day(date));
    return 0;
}
