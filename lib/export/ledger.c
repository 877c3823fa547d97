/*
 * The task ledger: one row per task with its effective responsibility, and
 * the responsibility matrix; shared by the CSV, xlsx and HTML writers.
 */
#include "exportx.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

const char *const wp__ledger_headers[WP__N_COLS] = {
    "序号", "篇章", "类别", "任务", "牵头单位", "配合单位", "完成时限", "指标", "状态", "最新进展", "编号"};

const char *wp__status_word(wp_status s)
{
    switch (s) {
    case WP_STATUS_NOT_STARTED: return "未开始";
    case WP_STATUS_IN_PROGRESS: return "进行中";
    case WP_STATUS_DONE: return "已完成";
    case WP_STATUS_DELAYED: return "滞后";
    case WP_STATUS_EXTENDED: return "已延期";
    case WP_STATUS_CANCELLED: return "已取消";
    }
    return "";
}

size_t wp__text_width(const char *s)
{
    size_t w = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (p && *p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n <= 0)
            break;
        if (cp >= 0x20)
            w += (size_t)(utf8proc_charwidth(cp) > 0 ? utf8proc_charwidth(cp) : 0);
        p += n;
    }
    return w;
}

static char *dup_sb(wp__sb *sb, int *rc)
{
    char *s;
    if (sb->rc < 0) {
        *rc = sb->rc;
        wp__sb_free(sb);
        return NULL;
    }
    if (sb->s == NULL) {
        if ((s = wp__malloc(1)) == NULL) {
            *rc = wp__err_nomem();
            return NULL;
        }
        s[0] = '\0';
        return s;
    }
    s = sb->s;
    sb->s = NULL;
    wp__sb_free(sb);
    return s;
}

static char *dup(const char *t, int *rc)
{
    wp__sb sb = {0};
    wp__sb_puts(&sb, t ? t : "");
    return dup_sb(&sb, rc);
}

/* A ledger row: a task; or a point or item with no task, point or item under
 * it; or a section or subsection with none of those under it that states
 * something (text, units, indicators or a deadline). */
bool wp__ledger_is_row(const wp_node *n)
{
    wp_node_kind k = wp_node_kind_of(n);
    if (k == WP_NODE_TASK)
        return true;
    if (k == WP_NODE_PARAGRAPH || k == WP_NODE_ATTACHMENT)
        return false;
    for (const wp_node *c = wp_node_first_child(n); c; c = wp_node_next(c)) {
        wp_node_kind ck = wp_node_kind_of(c);
        if (ck != WP_NODE_PARAGRAPH && ck != WP_NODE_ATTACHMENT)
            return false;
    }
    if (k == WP_NODE_POINT || k == WP_NODE_ITEM)
        return true;
    return wp_node_text(n) != NULL || wp_node_assignment_count(n) > 0 ||
           wp_node_indicator_count(n) > 0 || wp_node_deadline(n) != NULL;
}

static void heading(wp__sb *sb, const wp_node *n)
{
    const char *label = wp_node_label(n), *title = wp_node_title(n);
    if (wp_node_kind_of(n) == WP_NODE_ATTACHMENT) {
        wp__sb_puts(sb, title ? title : "附件");
        return;
    }
    if (label) {
        wp__sb_puts(sb, label);
        if (wp_node_kind_of(n) == WP_NODE_SECTION)
            wp__sb_puts(sb, "、");
        else if (wp_node_kind_of(n) == WP_NODE_POINT)
            wp__sb_puts(sb, ".");
    }
    wp__sb_puts(sb, title ? title : (wp_node_text(n) && !label ? wp_node_text(n) : ""));
}

static int add_name(char ***list, size_t *n, const char *name, size_t *index)
{
    char **grown;
    int rc = 0;
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*list)[i], name) == 0) {
            *index = i;
            return 0;
        }
    if ((grown = wp__realloc(*list, (*n + 1) * sizeof *grown)) == NULL)
        return wp__err_nomem();
    *list = grown;
    if ((grown[*n] = dup(name, &rc)) == NULL)
        return rc;
    *index = (*n)++;
    return 0;
}

static void units_of(wp__sb *lead, wp__sb *support, const wp_node *holder)
{
    for (size_t i = 0; holder && i < wp_node_assignment_count(holder); i++) {
        const wp_unit *u = wp_node_assignment_unit(holder, i);
        wp__sb *sb = wp_node_assignment_role(holder, i) == WP_ROLE_SUPPORT ? support : lead;
        if (u == NULL)
            continue;
        if (sb->len > 0)
            wp__sb_puts(sb, "、");
        wp__sb_puts(sb, wp_unit_name(u));
    }
}

/* The latest progress report (by date; approved ones first). */
static void progress(wp__sb *sb, const wp_node *n)
{
    const wp_report *best = NULL;
    char date[16];
    for (size_t i = 0; i < wp_node_report_count(n); i++) {
        const wp_report *r = wp_node_report(n, i);
        if (best == NULL || wp_report_date(r) >= wp_report_date(best))
            best = r;
    }
    if (best == NULL)
        return;
    if (wp_date_format(date, sizeof date, wp_report_date(best)) == 0) {
        wp__sb_puts(sb, date);
        wp__sb_putc(sb, ' ');
    }
    if (wp_report_text(best))
        wp__sb_puts(sb, wp_report_text(best));
    if (!isnan(wp_report_percent(best))) {
        char pct[32];
        snprintf(pct, sizeof pct, "（%g%%）", wp_report_percent(best));
        wp__sb_puts(sb, pct);
    }
    if (wp_report_state_of(best) != WP_REPORT_APPROVED) {
        wp__sb_puts(sb, "［");
        wp__sb_puts(sb, wp_report_state_name(wp_report_state_of(best)));
        wp__sb_puts(sb, "］");
    }
}

static int today(wp_date *out)
{
    time_t t = time(NULL);
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL)
        return wp__err(WP_ERROR, "export: the clock cannot be read");
    *out = wp_date_make(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return 0;
}

static int add_row(wp__ledger *l, size_t plan, const wp_node *n, int seq, wp__ledger_row **out)
{
    wp__ledger_row *rows = wp__realloc(l->rows, (l->n_rows + 1) * sizeof *rows);
    if (rows == NULL)
        return wp__err_nomem();
    l->rows = rows;
    *out = &rows[l->n_rows++];
    memset(*out, 0, sizeof **out);
    (*out)->plan = plan;
    (*out)->node = n;
    (*out)->seq = seq;
    return 0;
}

static int fill_row(wp__ledger *l, wp__ledger_row *row, const wp_plan *plan, size_t col)
{
    const wp_node *n = row->node, *top = n, *group = NULL;
    wp__sb sb[WP__N_COLS];
    const wp_deadline *dl = wp_node_deadline(n);
    int rc = 0;
    size_t sec, unit;
    char seq[24];
    memset(sb, 0, sizeof sb);
    while (wp_node_parent(top) != NULL)
        top = wp_node_parent(top);
    /* 类别: the category up the tree, else the heading just above. */
    {
        const wp_node *a = n;
        while (a && !wp_node_category(a))
            a = wp_node_parent(a);
        if (a) {
            wp__sb_puts(&sb[WP__COL_CATEGORY], wp_node_category(a));
        } else {
            /* the nearest heading with a title below the 篇章 */
            for (group = wp_node_parent(n); group && group != top; group = wp_node_parent(group))
                if (wp_node_title(group)) {
                    wp__sb_puts(&sb[WP__COL_CATEGORY], wp_node_title(group));
                    break;
                }
        }
    }
    snprintf(seq, sizeof seq, "%d", row->seq);
    wp__sb_puts(&sb[WP__COL_SEQ], seq);
    if (top != n)
        heading(&sb[WP__COL_SECTION], top);
    if (wp_node_kind_of(n) == WP_NODE_TASK) {
        wp__sb_puts(&sb[WP__COL_TASK], wp_node_text(n) ? wp_node_text(n) : wp_node_title(n) ? wp_node_title(n) : "");
    } else {
        /* a point or item: its title and text */
        if (wp_node_title(n))
            wp__sb_puts(&sb[WP__COL_TASK], wp_node_title(n));
        if (wp_node_title(n) && wp_node_text(n))
            wp__sb_putc(&sb[WP__COL_TASK], ' ');
        if (wp_node_text(n))
            wp__sb_puts(&sb[WP__COL_TASK], wp_node_text(n));
    }
    units_of(&sb[WP__COL_LEAD], &sb[WP__COL_SUPPORT], wp_node_assignment_source(n));
    if (dl != NULL) {
        char date[16];
        row->due = dl->end;
        if (wp_date_format(date, sizeof date, dl->end) == 0)
            wp__sb_puts(&sb[WP__COL_DUE], date);
    }
    for (size_t i = 0; i < wp_node_indicator_count(n); i++) {
        if (i > 0)
            wp__sb_puts(&sb[WP__COL_INDICATORS], "；");
        wp__sb_puts(&sb[WP__COL_INDICATORS], wp_indicator_text(wp_node_indicator(n, i)));
    }
    row->overdue = wp_node_is_overdue(n, l->as_of);
    wp__sb_puts(&sb[WP__COL_STATUS], row->overdue ? "逾期" : wp__status_word(wp_node_status(n)));
    progress(&sb[WP__COL_PROGRESS], n);
    wp__sb_puts(&sb[WP__COL_ID], wp_node_id(n) ? wp_node_id(n) : "");
    for (int c = 0; c < WP__N_COLS; c++) {
        if (rc < 0) {
            wp__sb_free(&sb[c]);
            continue;
        }
        row->cell[c] = dup_sb(&sb[c], &rc);
    }
    if (rc < 0)
        return rc;
    if ((rc = add_name(&l->sections, &l->n_sections, row->cell[WP__COL_SECTION], &sec)) < 0)
        return rc;
    row->section = sec;
    /* The matrix: one count per unit and column. */
    (void)plan;
    {
        const wp_node *holder = wp_node_assignment_source(n);
        for (size_t i = 0; holder && i < wp_node_assignment_count(holder); i++) {
            const wp_unit *u = wp_node_assignment_unit(holder, i);
            size_t old = l->n_units;
            if (u == NULL)
                continue;
            if ((rc = add_name(&l->units, &l->n_units, wp_unit_name(u), &unit)) < 0)
                return rc;
            if (l->n_units > old) {
                unsigned *a = wp__realloc(l->lead, l->n_units * l->n_columns * sizeof *a);
                unsigned *b = a ? wp__realloc(l->support, l->n_units * l->n_columns * sizeof *b) : NULL;
                if (a)
                    l->lead = a;
                if (b == NULL)
                    return wp__err_nomem();
                l->support = b;
                memset(l->lead + old * l->n_columns, 0, l->n_columns * sizeof *a);
                memset(l->support + old * l->n_columns, 0, l->n_columns * sizeof *b);
            }
            if (wp_node_assignment_role(holder, i) == WP_ROLE_SUPPORT)
                l->support[unit * l->n_columns + col]++;
            else
                l->lead[unit * l->n_columns + col]++;
        }
    }
    return 0;
}

int wp__ledger_build(wp__ledger *l, const wp_plan *const *plans, size_t n,
                     const wp_export_options *options, const char *who)
{
    wp_export_options dflt = WP_EXPORT_OPTIONS_INIT;
    int rc;
    memset(l, 0, sizeof *l);
    if (plans == NULL || n == 0)
        return wp__err(WP_EINVAL, "%s: no plans", who);
    for (size_t i = 0; i < n; i++)
        if (plans[i] == NULL)
            return wp__err(WP_EINVAL, "%s: plan %zu is NULL", who, i);
    if (options == NULL)
        options = &dflt;
    if (options->version != WP_EXPORT_OPTIONS_VERSION)
        return wp__err(WP_EINVAL, "%s: options version %u, expected %d", who, options->version,
                       WP_EXPORT_OPTIONS_VERSION);
    if (options->as_of != NULL) {
        if (wp_date_parse(&l->as_of, options->as_of) < 0)
            return wp__err(WP_EINVAL, "%s: as_of '%s' is not a date (YYYY-MM-DD)", who,
                           options->as_of);
    } else if ((rc = today(&l->as_of)) < 0) {
        return rc;
    }
    l->corpus = n > 1;
    /* The matrix columns: the plans, or the sections of the one plan. */
    if (l->corpus) {
        for (size_t i = 0; i < n; i++) {
            char name[64];
            const char *t = wp_plan_title(plans[i]);
            size_t idx;
            if (t == NULL || *t == '\0')
                snprintf(name, sizeof name, "计划%zu", i + 1), t = name;
            /* duplicate titles still get a column each */
            for (size_t k = 0; k < l->n_columns; k++)
                if (strcmp(l->columns[k], t) == 0) {
                    snprintf(name, sizeof name, "计划%zu", i + 1);
                    t = name;
                }
            if ((rc = add_name(&l->columns, &l->n_columns, t, &idx)) < 0)
                goto fail;
        }
    } else {
        for (const wp_node *top = wp_plan_first_node(plans[0]); top; top = wp_node_next(top)) {
            wp__sb sb = {0};
            size_t idx;
            char *s;
            if (wp_node_kind_of(top) == WP_NODE_PARAGRAPH)
                continue;
            heading(&sb, top);
            if ((s = dup_sb(&sb, &rc)) == NULL)
                goto fail;
            rc = add_name(&l->columns, &l->n_columns, s, &idx);
            wp__free(s);
            if (rc < 0)
                goto fail;
        }
        if (l->n_columns == 0 && (rc = add_name(&l->columns, &l->n_columns, "", &(size_t){0})) < 0)
            goto fail;
    }
    for (size_t p = 0; p < n; p++) {
        wp_iter *it;
        int seq = 0;
        if ((rc = wp_iter_new(&it, (wp_plan *)plans[p])) < 0)
            goto fail;
        wp_event ev;
        while ((ev = wp_iter_next(it)) != WP_EVENT_DONE) {
            const wp_node *node = wp_iter_node(it);
            wp__ledger_row *row = NULL;
            size_t col = p;
            if (ev != WP_EVENT_ENTER || !wp__ledger_is_row(node))
                continue;
            if (!l->corpus) {
                const wp_node *top = node;
                wp__sb sb = {0};
                char *s;
                while (wp_node_parent(top))
                    top = wp_node_parent(top);
                heading(&sb, top);
                if ((s = dup_sb(&sb, &rc)) == NULL)
                    break;
                col = 0;
                for (size_t k = 0; k < l->n_columns; k++)
                    if (strcmp(l->columns[k], s) == 0)
                        col = k;
                wp__free(s);
            }
            if ((rc = add_row(l, p, node, ++seq, &row)) < 0 ||
                (rc = fill_row(l, row, plans[p], col)) < 0)
                break;
        }
        wp_iter_free(it);
        if (rc < 0)
            goto fail;
    }
    return 0;
fail:
    wp__ledger_free(l);
    return rc;
}

void wp__ledger_free(wp__ledger *l)
{
    for (size_t i = 0; i < l->n_rows; i++)
        for (int c = 0; c < WP__N_COLS; c++)
            wp__free(l->rows[i].cell[c]);
    wp__free(l->rows);
    for (size_t i = 0; i < l->n_units; i++)
        wp__free(l->units[i]);
    wp__free(l->units);
    for (size_t i = 0; i < l->n_columns; i++)
        wp__free(l->columns[i]);
    wp__free(l->columns);
    for (size_t i = 0; i < l->n_sections; i++)
        wp__free(l->sections[i]);
    wp__free(l->sections);
    wp__free(l->lead);
    wp__free(l->support);
    memset(l, 0, sizeof *l);
}

int wp__export_begin(wp__ledger *l, char **out, size_t *len, const wp_plan *const *plans,
                     size_t n, const wp_export_options *options, const char *who)
{
    if (out == NULL)
        return wp__err(WP_EINVAL, "%s: NULL argument", who);
    *out = NULL;
    if (len != NULL)
        *len = 0;
    return wp__ledger_build(l, plans, n, options, who);
}

int wp__export_end(wp__ledger *l, wp__sb *sb, char **out, size_t *len)
{
    wp__ledger_free(l);
    if (sb->rc < 0) {
        int rc = sb->rc;
        wp__sb_free(sb);
        return rc;
    }
    *out = sb->s;
    if (len != NULL)
        *len = sb->len;
    return 0;
}
