/*
 * Internal declarations of the document readers (not installed): format
 * detection by content (sniff.c), Word .docx (docx.c) and HTML (html.c).
 *
 * A reader turns its document into the plain text the text importer reads
 * (import.c): one paragraph a line, and each table row one line of cells
 * separated by tabs (a tab or newline inside a cell becomes a space), which
 * the task-table reader (import_resp.c) takes as cells in their columns.
 * Source spans then refer to that text.
 */
#ifndef WP_READERS_H
#define WP_READERS_H

#include "internal.h"

/* ---- a growable text buffer ---------------------------------------------- */
typedef struct wp__sb {
    char *s;
    size_t len, cap;
    size_t limit; /* 0: none; else WP_ELIMIT past it */
    int rc;       /* the first error (ENOMEM, ELIMIT) */
} wp__sb;

void wp__sb_put(wp__sb *sb, const char *s, size_t n);
void wp__sb_puts(wp__sb *sb, const char *s);
void wp__sb_putc(wp__sb *sb, char c);
/** Put a cell's text: tabs, CR and LF as spaces. */
void wp__sb_put_cell(wp__sb *sb, const char *s, size_t n);
/** End the current line unless the buffer is empty or ends with one. */
void wp__sb_eol(wp__sb *sb);
void wp__sb_free(wp__sb *sb);

/* ---- format detection (sniff.c) ------------------------------------------ */
typedef enum wp__format {
    WP__FMT_TEXT = 0,
    WP__FMT_HTML,
    WP__FMT_DOCX,
    WP__FMT_ZIP,          /* a zip that is not a Word document */
    WP__FMT_OLE,          /* an OLE compound file: .doc, .xls, .ppt */
    WP__FMT_ENCRYPTED,    /* an OLE file holding an EncryptedPackage */
    WP__FMT_PDF,
    WP__FMT_RTF,
    WP__FMT_IMAGE,
    WP__FMT_ARCHIVE,      /* gzip, 7z, rar */
    WP__FMT_BINARY        /* other bytes that are not text */
} wp__format;

/** Detect the format of data[0..len) by its content. */
wp__format wp__sniff(const void *data, size_t len);
/** A short name of a format, e.g. "a PDF file". */
const char *wp__format_name(wp__format f);

/** Import by content: text, .docx or HTML; a clear WP_EFORMAT for other
 * formats. `what` names the input in messages (a path, or NULL). */
/**
 * wp_import_text() without the HTML check: the text importer itself, for
 * the readers (their output is text, whatever it contains) and for input
 * already detected as text.
 */
int wp__import_plain(wp_plan **out, wp_import_report **report, const char *data, size_t len,
                     const wp_import_options *options);

/** wp__import_plain of a text the importer may write: data[0..len] (one
 * byte more than the text) is the caller's and is changed (line breaks
 * become NULs), so that lines are not copied. */
int wp__import_plain_mut(wp_plan **out, wp_import_report **report, char *data, size_t len,
                         const wp_import_options *options);

int wp__import_any(wp_plan **out, wp_import_report **report, const void *data, size_t len,
                   const wp_import_options *options, const char *what);
/** wp__import_any of data the importer may change (data[0..len], one byte
 * more than the input: wp__import_plain_mut). */
int wp__import_any_mut(wp_plan **out, wp_import_report **report, char *data, size_t len,
                       const wp_import_options *options, const char *what);

/** Initialise libxml2 once (its first use is not thread-safe). */
void wp__xml_init(void);

/* ---- limits --------------------------------------------------------------- */
/** Depth of XML/HTML elements read. */
#define WP__READER_MAX_DEPTH 256
/** Total uncompressed size of the .docx parts read: 64 times the package,
 * at least 16 MiB, at most 512 MiB. */
#define WP__DOCX_RATIO 64
#define WP__DOCX_MIN_LIMIT ((size_t)16 << 20)
#define WP__DOCX_MAX_LIMIT ((size_t)512 << 20)

/** The text of a .docx package (docx.c): a new NUL-terminated buffer. */
int wp__docx_text(char **out, size_t *out_len, const void *data, size_t len);
/** The article text of an HTML page (html.c). */
int wp__html_text(char **out, size_t *out_len, const void *data, size_t len);

#endif
