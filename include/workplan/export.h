/*
 * workplan — export: the task ledger (任务台账) as CSV or Excel, and a
 * self-contained HTML report.
 *
 * The ledger has one row per task: a node of kind task, or a point or item
 * with no task, point or item under it. Its columns are 序号, 篇章 (the
 * top-level section or attachment), 类别, 任务, 牵头单位, 配合单位, 完成时限,
 * 指标, 状态, 最新进展 and 编号 (the node id, to match an edited sheet back).
 * Units are the effective ones (shared/MODEL.md): the node's own
 * assignments, else those of its nearest ancestor that has some; lead and
 * responsible units are 牵头单位, support units 配合单位. A corpus of several
 * plans adds a first column 计划 (the plan title) in CSV, and one sheet per
 * plan in Excel.
 */
#ifndef WORKPLAN_EXPORT_H
#define WORKPLAN_EXPORT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Options of the exporters. */
typedef struct wp_export_options {
    unsigned version;  /**< WP_EXPORT_OPTIONS_VERSION */
    const char *as_of; /**< YYYY-MM-DD for 状态 (overdue), NULL = today (UTC) */
    bool bom;          /**< CSV: UTF-8 BOM (default true) */
} wp_export_options;

#define WP_EXPORT_OPTIONS_VERSION 1
#define WP_EXPORT_OPTIONS_INIT {WP_EXPORT_OPTIONS_VERSION, NULL, true}

/**
 * The ledger of plans[0..n) as CSV (RFC 4180: CRLF line ends, fields with
 * a comma, quote or line break quoted; UTF-8, with a BOM unless
 * options->bom is false, so that Excel reads the Chinese text). A cell
 * that a spreadsheet would run as a formula — opening with = + - @, a tab
 * or a carriage return, and not a plain number such as -5 or +3.5% — is
 * written with a leading apostrophe ('=…), which spreadsheets show as text
 * (CSV injection from uploaded documents).
 * @param[out] out a new NUL-terminated buffer, freed with wp_free().
 * @param[out] len its length in bytes (may be NULL).
 * @param plans borrowed; n >= 1.
 * @param options NULL for the defaults.
 * @return 0; WP_EINVAL (NULL arguments, n == 0, bad options or as_of);
 *         WP_ENOMEM.
 */
WP_EXTERN int wp_export_csv(char **out, size_t *len, const wp_plan *const *plans, size_t n,
                            const wp_export_options *options);

/**
 * The ledger of plans[0..n) as an Excel workbook at `path`: one sheet per
 * plan (named after the plan, at most 31 characters, unique, without
 * []:*?/\), a frozen, filtered header row, column widths that fit CJK text,
 * wrapped text, 完成时限 as Excel dates; then a sheet 责任矩阵: units by
 * sections (one plan) or plans (several), with the number of tasks each
 * unit leads or supports. Written atomically (a temporary file in the same
 * folder, then renamed): on failure `path` is unchanged.
 * @param path the file to write.
 * @param plans borrowed; n >= 1.
 * @param options NULL for the defaults.
 * @return 0; WP_EINVAL; WP_EIO (the file cannot be written); WP_ENOMEM.
 */
WP_EXTERN int wp_export_xlsx(const char *path, const wp_plan *const *plans, size_t n,
                             const wp_export_options *options);

/**
 * A report on plans[0..n) as one self-contained HTML page (inline CSS, no
 * script, no network): each plan's outline, the responsibility matrix as a
 * heatmap table, the indicators with completion bars and the overdue tasks;
 * readable on a phone. All text is HTML-escaped.
 * @param[out] out a new NUL-terminated buffer, freed with wp_free().
 * @param[out] len its length in bytes (may be NULL).
 * @param plans borrowed; n >= 1.
 * @param options NULL for the defaults.
 * @return 0; WP_EINVAL; WP_ENOMEM.
 */
WP_EXTERN int wp_export_report_html(char **out, size_t *len, const wp_plan *const *plans,
                                    size_t n, const wp_export_options *options);

#ifdef __cplusplus
}
#endif

#endif
