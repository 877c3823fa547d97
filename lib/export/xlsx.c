/*
 * The ledger as an Excel workbook (libxlsxwriter): one sheet per plan and a
 * responsibility matrix, written to a temporary file then renamed.
 */
#include "exportx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Column widths in Excel character units: the widest line of each column's
 * text (CJK counted as 2), capped where text wraps. */
static const double max_width[WP__N_COLS] = {6, 24, 24, 60, 20, 20, 12, 30, 8, 40, 12};

typedef struct formats {
    lxw_format *head, *text, *date, *num, *overdue;
} formats;

/* A sheet name: at most 31 UTF-16 units, none of []:*?/\, not starting or
 * ending with an apostrophe, unique (case-insensitively for ASCII) among
 * the names[0..n). */
static void sheet_name(char *out, size_t size, const char *title, char (*names)[128], size_t n)
{
    size_t o = 0, units = 0;
    const char *p = title && *title ? title : "计划";
    for (int attempt = 1; attempt < 1000; attempt++) {
        char suffix[16] = "";
        size_t limit = 31;
        bool unique = true;
        if (attempt > 1)
            limit -= (size_t)snprintf(suffix, sizeof suffix, "(%d)", attempt);
        o = units = 0;
        for (const char *q = p; *q && o + 5 < size;) {
            unsigned char c = (unsigned char)*q;
            size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            size_t u = len == 4 ? 2 : 1;
            if (strchr("[]:*?/\\", *q) != NULL && c < 0x80) {
                q++;
                continue;
            }
            if (c < 0x20) {
                q++;
                continue;
            }
            if (units + u > limit)
                break;
            if (o == 0 && *q == '\'') {
                q++;
                continue;
            }
            memcpy(out + o, q, len);
            o += len;
            units += u;
            q += len;
        }
        while (o > 0 && out[o - 1] == '\'')
            o--;
        out[o] = '\0';
        if (o == 0)
            snprintf(out, size, "计划");
        if (suffix[0])
            snprintf(out + strlen(out), size - strlen(out), "%s", suffix);
        for (size_t k = 0; k < n; k++)
            if (strcasecmp(names[k], out) == 0)
                unique = false;
        if (strcasecmp(out, "History") == 0 || strcmp(out, "责任矩阵") == 0)
            unique = false;
        if (unique)
            return;
    }
}

/* Excel holds at most 32767 characters in a cell: longer text is cut at a
 * character boundary and marked, rather than failing the whole export. */
static lxw_error write_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                            lxw_format *f)
{
    static const char mark[] = "…（截断）";
    size_t chars = 0, i = 0;
    char *cut;
    lxw_error e;
    for (; s[i] && chars < 32700; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    if (s[i] == '\0')
        return worksheet_write_string(ws, r, c, s, f);
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--; /* back to the start of the character */
    if ((cut = wp__malloc(i + sizeof mark)) == NULL)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    memcpy(cut, s, i);
    memcpy(cut + i, mark, sizeof mark);
    e = worksheet_write_string(ws, r, c, cut, f);
    wp__free(cut);
    return e;
}

static int lxw_fail(lxw_error e, const char *path)
{
    return wp__err(e == LXW_ERROR_MEMORY_MALLOC_FAILED ? WP_ENOMEM : WP_EIO,
                   "export: cannot write %s: %s", path, lxw_strerror(e));
}

static void widths(lxw_worksheet *ws, const wp__ledger *l, size_t plan, formats *f)
{
    double w[WP__N_COLS];
    for (int c = 0; c < WP__N_COLS; c++)
        w[c] = (double)wp__text_width(wp__ledger_headers[c]) + 2;
    for (size_t i = 0; i < l->n_rows; i++) {
        if (l->rows[i].plan != plan)
            continue;
        for (int c = 0; c < WP__N_COLS; c++) {
            double tw = (double)wp__text_width(l->rows[i].cell[c]) + 2;
            if (tw > w[c])
                w[c] = tw;
        }
    }
    for (int c = 0; c < WP__N_COLS; c++) {
        if (w[c] > max_width[c] && c != WP__COL_ID)
            w[c] = max_width[c];
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w[c],
                             c == WP__COL_DUE ? f->date : f->text);
    }
}

static lxw_error ledger_sheet(lxw_worksheet *ws, const wp__ledger *l, size_t plan, formats *f)
{
    lxw_row_t r = 1;
    lxw_error e = LXW_NO_ERROR;
    for (int c = 0; c < WP__N_COLS && !e; c++)
        e = worksheet_write_string(ws, 0, (lxw_col_t)c, wp__ledger_headers[c], f->head);
    for (size_t i = 0; i < l->n_rows && !e; i++) {
        const wp__ledger_row *row = &l->rows[i];
        if (row->plan != plan)
            continue;
        for (int c = 0; c < WP__N_COLS && !e; c++) {
            if (c == WP__COL_SEQ) {
                e = worksheet_write_number(ws, r, (lxw_col_t)c, row->seq, f->num);
            } else if (c == WP__COL_DUE && row->due != 0) {
                lxw_datetime dt = {wp_date_year(row->due), wp_date_month(row->due),
                                   wp_date_day(row->due), 0, 0, 0};
                e = worksheet_write_datetime(ws, r, (lxw_col_t)c, &dt, f->date);
            } else if (row->cell[c][0] != '\0') {
                e = write_text(ws, r, (lxw_col_t)c, row->cell[c],
                               c == WP__COL_STATUS && row->overdue ? f->overdue : f->text);
            }
        }
        r++;
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (!e)
        e = worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, WP__N_COLS - 1);
    widths(ws, l, plan, f);
    return e;
}

static lxw_error matrix_sheet(lxw_worksheet *ws, const wp__ledger *l, formats *f)
{
    lxw_error e = worksheet_write_string(ws, 0, 0, "责任单位", f->head);
    lxw_col_t last = (lxw_col_t)(l->n_columns + 2);
    double first_w = 10;
    e = e ? e : worksheet_write_string(ws, 0, 1, "牵头合计", f->head);
    e = e ? e : worksheet_write_string(ws, 0, 2, "配合合计", f->head);
    for (size_t c = 0; c < l->n_columns && !e; c++)
        e = write_text(ws, 0, (lxw_col_t)(c + 3), l->columns[c][0] ? l->columns[c] : "（无篇章）",
                       f->head);
    for (size_t u = 0; u < l->n_units && !e; u++) {
        unsigned lead = 0, support = 0;
        double w = (double)wp__text_width(l->units[u]) + 2;
        if (w > first_w)
            first_w = w;
        e = write_text(ws, (lxw_row_t)(u + 1), 0, l->units[u], f->text);
        for (size_t c = 0; c < l->n_columns && !e; c++) {
            unsigned a = l->lead[u * l->n_columns + c], b = l->support[u * l->n_columns + c];
            lead += a, support += b;
            /* the cell counts the tasks the unit leads or supports there */
            if (a + b > 0)
                e = worksheet_write_number(ws, (lxw_row_t)(u + 1), (lxw_col_t)(c + 3), a + b,
                                           f->num);
        }
        e = e ? e : worksheet_write_number(ws, (lxw_row_t)(u + 1), 1, lead, f->num);
        e = e ? e : worksheet_write_number(ws, (lxw_row_t)(u + 1), 2, support, f->num);
    }
    worksheet_set_column(ws, 0, 0, first_w > 30 ? 30 : first_w, f->text);
    worksheet_set_column(ws, 1, 2, 10, f->num);
    if (l->n_columns > 0)
        worksheet_set_column(ws, 3, last, 14, f->num);
    worksheet_set_row(ws, 0, 48, f->head);
    if (!e)
        worksheet_freeze_panes(ws, 1, 1);
    if (!e && l->n_units > 0 && l->n_columns > 0) {
        lxw_conditional_format cf;
        memset(&cf, 0, sizeof cf);
        cf.type = LXW_CONDITIONAL_2_COLOR_SCALE;
        cf.min_color = 0xFFFFFF;
        cf.max_color = 0xF8696B;
        e = worksheet_conditional_format_range(ws, 1, 3, (lxw_row_t)l->n_units, last, &cf);
    }
    return e;
}

int wp_export_xlsx(const char *path, const wp_plan *const *plans, size_t n,
                   const wp_export_options *options)
{
    wp__ledger l;
    lxw_workbook *wb;
    lxw_workbook_options wo = {LXW_FALSE, NULL, LXW_FALSE};
    formats f;
    char *tmp;
    char (*names)[128] = NULL;
    int fd, rc;
    lxw_error e = LXW_NO_ERROR;
    if (path == NULL)
        return wp__err(WP_EINVAL, "wp_export_xlsx: NULL path");
    if ((rc = wp__ledger_build(&l, plans, n, options, "wp_export_xlsx")) < 0)
        return rc;
    if ((tmp = wp__malloc(strlen(path) + 16)) == NULL ||
        (names = wp__malloc((n + 1) * sizeof *names)) == NULL) {
        wp__free(tmp);
        wp__ledger_free(&l);
        return wp__err_nomem();
    }
    sprintf(tmp, "%s.tmpXXXXXX", path);
    if ((fd = mkstemp(tmp)) < 0) {
        rc = wp__err(WP_EIO, "export: cannot write %s: %s", path, strerror(errno));
        goto done;
    }
    (void)fchmod(fd, 0644); /* mkstemp makes it 0600: a workbook is shared */
    close(fd);
    if ((wb = workbook_new_opt(tmp, &wo)) == NULL) {
        rc = wp__err(WP_ENOMEM, "export: cannot start the workbook %s", path);
        unlink(tmp);
        goto done;
    }
    f.head = workbook_add_format(wb);
    format_set_bold(f.head);
    format_set_text_wrap(f.head);
    format_set_align(f.head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(f.head, 0xDDEBF7);
    format_set_border(f.head, LXW_BORDER_THIN);
    f.text = workbook_add_format(wb);
    format_set_text_wrap(f.text);
    format_set_align(f.text, LXW_ALIGN_VERTICAL_TOP);
    f.num = workbook_add_format(wb);
    format_set_align(f.num, LXW_ALIGN_VERTICAL_TOP);
    f.date = workbook_add_format(wb);
    format_set_num_format(f.date, "yyyy-mm-dd");
    format_set_align(f.date, LXW_ALIGN_VERTICAL_TOP);
    f.overdue = workbook_add_format(wb);
    format_set_font_color(f.overdue, 0xC00000);
    format_set_bold(f.overdue);
    format_set_align(f.overdue, LXW_ALIGN_VERTICAL_TOP);
    for (size_t p = 0; p < n && !e; p++) {
        lxw_worksheet *ws;
        sheet_name(names[p], sizeof names[p], wp_plan_title(plans[p]), names, p);
        if ((ws = workbook_add_worksheet(wb, names[p])) == NULL) {
            e = LXW_ERROR_SHEETNAME_ALREADY_USED;
            break;
        }
        e = ledger_sheet(ws, &l, p, &f);
    }
    if (!e) {
        lxw_worksheet *ws = workbook_add_worksheet(wb, "责任矩阵");
        e = ws ? matrix_sheet(ws, &l, &f) : LXW_ERROR_SHEETNAME_ALREADY_USED;
    }
    {
        lxw_error ce = workbook_close(wb); /* frees the workbook */
        if (!e)
            e = ce;
    }
    if (e) {
        rc = lxw_fail(e, path);
        unlink(tmp);
        goto done;
    }
    if (rename(tmp, path) != 0) {
        rc = wp__err(WP_EIO, "export: cannot rename %s to %s: %s", tmp, path, strerror(errno));
        unlink(tmp);
        goto done;
    }
    rc = 0;
done:
    wp__free(names);
    wp__free(tmp);
    wp__ledger_free(&l);
    return rc;
}
