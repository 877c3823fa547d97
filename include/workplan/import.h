/**
 * @file
 * workplan — import: the plain text of a work-plan document into a plan.
 *
 * Input is the text of a web page or a Word file saved as text: UTF-8 (a
 * BOM is skipped) or GB18030/GBK (detected when the bytes are not UTF-8,
 * converted with iconv); CRLF, CR, non-breaking and ideographic spaces are
 * handled. The importer recognises the official-document furniture
 * (GB/T 9704: 发文字号, 发文机关, 成文日期, 主送机关, 印发), the numbered hierarchy
 * (一、 （一） 1. （1） ①), tasks, indicators, deadlines, responsibility
 * annotations and task tables, and skips web-page furniture. See
 * doc/IMPORT.md for the rules.
 *
 * Source spans (wp_node_source) are byte offsets into the text as UTF-8,
 * after a GB18030 conversion and BOM removal, before any other change.
 */
#ifndef WORKPLAN_IMPORT_H
#define WORKPLAN_IMPORT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Options for wp_import_text(). */
typedef struct wp_import_options {
    unsigned version; /**< WP_IMPORT_OPTIONS_VERSION */
    int year_hint;    /**< the plan year when the text does not say (0: none) */
    bool keep_spans;  /**< record each node's source span */
} wp_import_options;

/** The current version of wp_import_options. */
#define WP_IMPORT_OPTIONS_VERSION 1
/** Initialiser of wp_import_options with the defaults. */
#define WP_IMPORT_OPTIONS_INIT {WP_IMPORT_OPTIONS_VERSION, 0, true}

/** What an import found, and what it skipped or was unsure of. */
typedef struct wp_import_report wp_import_report;

/**
 * Import `len` bytes of document text.
 * @param[out] out the new plan, freed with wp_plan_free().
 * @param[out] report if not NULL, a new report, freed with
 *             wp_import_report_free() (also on failure, when not NULL).
 * @param options NULL for the defaults.
 * @param data the document text (borrowed; need not be NUL-terminated)
 * @param len its length in bytes
 * @return 0; WP_EINVAL (NULL arguments, bad options); WP_EFORMAT (the text
 *         is neither UTF-8 nor GB18030, with the byte offset; or has no
 *         content); WP_ENOMEM.
 */
WP_EXTERN int wp_import_text(wp_plan **out, wp_import_report **report, const char *data,
                             size_t len, const wp_import_options *options);

/** Import a file; as wp_import_text(), and WP_EIO when it cannot be read.
 * The format is detected by content: a .docx (wp_import_docx()), an HTML
 * page (wp_import_html()) or text; other formats (PDF, .doc, images, a zip
 * that is not a Word document) fail with WP_EFORMAT naming the format and
 * what to do. */
WP_EXTERN int wp_import_file(wp_plan **out, wp_import_report **report, const char *path,
                             const wp_import_options *options);

/** Counted things. */
typedef enum wp_import_count {
    WP_IMPORT_SECTIONS = 0,
    WP_IMPORT_SUBSECTIONS,
    WP_IMPORT_POINTS,
    WP_IMPORT_ITEMS,
    WP_IMPORT_TASKS,
    WP_IMPORT_PARAGRAPHS,
    WP_IMPORT_TABLE_ROWS,
    WP_IMPORT_INDICATORS,
    WP_IMPORT_DEADLINES,
    WP_IMPORT_ASSIGNMENTS,
    WP_IMPORT_UNITS,
    WP_IMPORT_LINES_SKIPPED
} wp_import_count;

/** A count from the report (0 when out of range). */
WP_EXTERN size_t wp_import_report_count(const wp_import_report *report,
                                        wp_import_count what);
/** Number of warnings. */
WP_EXTERN size_t wp_import_report_warning_count(const wp_import_report *report);
/** The 1-based line of warning `index` (0 when out of range). */
WP_EXTERN int wp_import_report_warning_line(const wp_import_report *report, size_t index);
/** The message of warning `index`, or NULL. */
WP_EXTERN const char *wp_import_report_warning(const wp_import_report *report, size_t index);
/** Free; NULL is ignored. */
WP_EXTERN void wp_import_report_free(wp_import_report *report);

/**
 * Import a Word .docx package held in memory (paragraphs, automatic
 * numbering, tables; not headers, footers, comments or tracked deletions).
 * @param[out] out the new plan, freed with wp_plan_free().
 * @param[out] report as for wp_import_text().
 * @param data the bytes of the .docx file (a zip package).
 * @param len their length.
 * @param options NULL for the defaults.
 * @return 0; WP_EINVAL; WP_EFORMAT (a broken zip, an encrypted part, not a
 *         Word document, malformed XML: the message names the part);
 *         WP_ELIMIT (the parts uncompress to more than 64 times the package,
 *         at most 512 MiB, or nest too deep); the errors of wp_import_text().
 */
WP_EXTERN int wp_import_docx(wp_plan **out, wp_import_report **report, const void *data,
                             size_t len, const wp_import_options *options);
/**
 * Import a saved web page: its article text (navigation, scripts, styles,
 * share widgets, footers and 温馨提示 boxes dropped; tables as tables), in the
 * page's encoding (meta charset; GB2312/GBK/GB18030; else UTF-8).
 * @param[out] out the new plan, freed with wp_plan_free().
 * @param[out] report as for wp_import_text().
 * @param data the bytes of the page, in its own encoding.
 * @param len their length.
 * @param options NULL for the defaults.
 * @return 0; WP_EINVAL; WP_ELIMIT; the errors of wp_import_text().
 */
WP_EXTERN int wp_import_html(wp_plan **out, wp_import_report **report, const void *data,
                             size_t len, const wp_import_options *options);

#ifdef __cplusplus
}
#endif

#endif
