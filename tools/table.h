/*
 * workplan — listings for people and for scripts.
 *
 * A listing is a table of text cells with stable column names. It prints
 * as an aligned table (columns padded by display width: a CJK character
 * takes two columns, per utf8proc's charwidth), as TSV, CSV (RFC 4180),
 * JSON (an array of objects keyed by column name; empty cells are null,
 * numeric columns are numbers) or ids (the first column, one a line).
 * Only a table on a terminal is cut to the terminal's width.
 */
#ifndef WORKPLAN_CLI_TABLE_H
#define WORKPLAN_CLI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum table_format {
    TABLE_TABLE = 0,
    TABLE_TSV,
    TABLE_CSV,
    TABLE_JSON,
    TABLE_IDS
} table_format;

/** Column flags. */
enum {
    COL_TEXT = 0,
    COL_NUMBER = 1, /* JSON number, right-aligned in a table */
    COL_FLEX = 2,   /* the column that gives way on a narrow terminal */
    COL_BOOL = 4    /* "yes"/"no": JSON true/false */
};

typedef struct table_column {
    const char *name;
    unsigned flags;
} table_column;

typedef struct table table;

/** Parse "table", "tsv", "csv", "json", "ids"; -1 if unknown. */
int table_format_parse(const char *name);

/** A new table with `n` columns (the array is borrowed); NULL on ENOMEM. */
table *table_new(const table_column *cols, size_t n);
/** Append one cell to the current row (copied; NULL is an empty cell). */
int table_add(table *t, const char *cell);
/** Append a printf-formatted cell. */
int table_addf(table *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** Number of complete rows. */
size_t table_rows(const table *t);
/** Print the table; `tty` allows cutting the flexible column to `width`. */
int table_print(const table *t, FILE *out, table_format fmt, bool tty, size_t width);
void table_free(table *t);

/** Display width of the first `len` bytes of UTF-8 `s` (CJK: 2 columns). */
size_t text_width(const char *s, size_t len);
/** The longest prefix of `s` (in bytes) whose display width is <= `max`. */
size_t text_fit(const char *s, size_t max);
/** Width of the terminal on stdout ($COLUMNS, else ioctl, else 80). */
size_t terminal_width(void);
/** Print `s` as a JSON string (quoted, escaped, UTF-8 kept). */
void cli_json_string(FILE *out, const char *s);

#endif
