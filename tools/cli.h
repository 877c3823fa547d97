/*
 * workplan — the command-line tool: what the subcommand files share.
 *
 * Exit status of every command: CLI_OK (0), CLI_BAD (1: bad input, a file
 * that cannot be read or written, a failed import), CLI_USAGE (2: bad
 * usage). Errors go to stderr as "file:line: message" for text input,
 * "file: byte N: message" for binary input, "workplan: message" otherwise.
 */
#ifndef WORKPLAN_CLI_H
#define WORKPLAN_CLI_H

#include <workplan/workplan.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum { CLI_OK = 0, CLI_BAD = 1, CLI_USAGE = 2 };

/** One subcommand: the dispatcher's table entry (cli.c). */
typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the subcommand name */
    const char *summary;               /* one line for `workplan --help` */
} cli_command;

/* ---- the subcommands (one family per file) -------------------------------- */
int cmd_import(int argc, char **argv);     /* cmd_import.c */
int cmd_show(int argc, char **argv);       /* cmd_show.c */
int cmd_query(int argc, char **argv);      /* cmd_query.c */
int cmd_matrix(int argc, char **argv);     /* cmd_rollup.c */
int cmd_indicators(int argc, char **argv); /* cmd_rollup.c */
int cmd_overdue(int argc, char **argv);    /* cmd_rollup.c */
int cmd_export(int argc, char **argv);     /* cmd_export.c */
int cmd_validate(int argc, char **argv);   /* cmd_validate.c */
int cmd_status(int argc, char **argv);     /* cmd_progress.c */
int cmd_progress(int argc, char **argv);   /* cmd_progress.c */
int cmd_approve(int argc, char **argv);    /* cmd_progress.c */
int cmd_return(int argc, char **argv);     /* cmd_progress.c */
int cmd_diff(int argc, char **argv);       /* cmd_diff.c */
int cmd_report(int argc, char **argv);     /* cmd_report.c */

/**
 * The plans of a collection as an array for the export calls (malloc'd,
 * free() it; NULL with *n == 0 for an empty collection, NULL after
 * printing an error when out of memory).
 */
const wp_plan **cli_plan_array(wp_collection *coll, size_t *n);

/* ---- messages ---------------------------------------------------------------- */

/** The program name for messages ("workplan"). */
extern const char *cli_prog;

/** "workplan: <printf>" on stderr; returns `rc`. */
int cli_error(int rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/** "file: <printf>" on stderr ("-" is named <stdin>); returns CLI_BAD. */
int cli_file_error(const char *file, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/**
 * Report the library's last error about `file`: "file:line: msg" when the
 * error has a line, "file: byte N: msg" when it has an offset, else
 * "file: msg". Returns CLI_BAD.
 */
int cli_fail(const char *file);

/**
 * Handle the options every subcommand shares. Prints `usage` on stdout and
 * returns 0 (caller exits CLI_OK) for -h/--help anywhere before "--".
 * Returns 1 when there is no help request.
 */
int cli_wants_help(int argc, char **argv, const char *usage);

/** A usage error: "workplan CMD: <msg>" then the usage on stderr; CLI_USAGE. */
int cli_usage_error(const char *usage, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/**
 * Report a getopt_long() failure (`c` is ':' for a missing value, '?' for
 * an unknown option) with the usage on stderr; returns CLI_USAGE.
 */
int cli_bad_option(const char *usage, char **argv, int c);

/* ---- input: plans in CBOR, JSON or JSON Lines, or "-" for stdin ---------- */

/** How a file of plans was written (so that an edit writes it back alike). */
typedef enum cli_format { CLI_CBOR = 0, CLI_JSON = 1, CLI_JSONL = 2 } cli_format;

/** What the first bytes of data say it is. */
typedef enum cli_content {
    CLI_CONTENT_CBOR,  /* a workplan CBOR document or sequence */
    CLI_CONTENT_JSON,  /* one JSON document (possibly indented) */
    CLI_CONTENT_JSONL, /* JSON Lines */
    CLI_CONTENT_OTHER  /* document text (or .docx/HTML): for the importer */
} cli_content;

/** Detect the content of a buffer (see cli_content). */
cli_content cli_detect(const uint8_t *data, size_t len);

/**
 * Read a whole file, or stdin for "-". The buffer is NUL-terminated one
 * byte past `len` (so text readers may stop at the NUL), owned by the
 * caller (free()). Returns 0, or CLI_BAD after printing the error.
 */
int cli_read_all(const char *path, uint8_t **out, size_t *len);

/**
 * Load every plan of a file of plans (CBOR, JSON, JSON Lines; "-" is
 * stdin) into a new collection. Prints the error and returns CLI_BAD on
 * failure. `format` (may be NULL) receives how the file was written.
 */
int cli_load(const char *path, wp_collection **out, cli_format *format);

/**
 * cli_load for checking: a plan of a corpus that does not load is named on
 * stderr, counted in `*bad`, and the plans after it are still read where
 * the corpus allows (JSON Lines: always; CBOR: past a well-formed item).
 * `*out` holds the plans that loaded. Returns CLI_BAD, with `*out` NULL,
 * when the file cannot be read at all (or memory runs out).
 */
int cli_load_checked(const char *path, wp_collection **out, cli_format *format, size_t *bad);

/**
 * Write the plans of `coll` to `path` ("-": stdout) in `format`,
 * atomically: a temporary file beside it, renamed into place.
 */
int cli_save(const char *path, wp_collection *coll, cli_format format);

/**
 * Write bytes to `path` atomically (temporary file, fsync, rename; the
 * target's permissions kept), or to stdout for "-". For export formats
 * whose library call fills a buffer (CSV). Returns 0 or CLI_BAD.
 */
int cli_write_bytes(const char *path, const void *data, size_t len);

/** Parse --format cbor|json|jsonl for a file of plans; -1 if unknown. */
int cli_format_parse(const char *name);

/** Today's local date, or the value of $WORKPLAN_TODAY (YYYY-MM-DD) for tests. */
wp_date cli_today(void);

/** The node's id, else "-". */
const char *cli_node_id(const wp_node *n);
/** The plan's id, else "-". */
const char *cli_plan_id(const wp_plan *p);

/**
 * The node's units as "办公室(lead)、学会部(support)" into a new string
 * (free()); "" when none. Own assignments, or effective ones (the nearest
 * ancestor's) when the node has none and `effective` is true.
 */
char *cli_units_string(const wp_node *n, bool effective);

/** Report a query syntax error with a caret under the offending character
 * (placed by display width); returns CLI_BAD. */
int cli_query_error(const char *text);

/** Print a listing on stdout in `format` (cut to the terminal only on a tty). */
struct table;
int cli_print_table(const struct table *t, int format);

/** True when stdout is a terminal (so tables may be cut to its width). */
bool cli_stdout_tty(void);

#endif
