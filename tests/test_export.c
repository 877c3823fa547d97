/* Ledger export (CSV, xlsx) and the HTML report. */
#include "helpers.h"
#include "formats_util.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

static wp_node *add(wp_plan *plan, wp_node *parent, wp_node_kind kind, const char *label,
                    const char *title, const char *text)
{
    wp_node *n;
    OK(wp_node_new(&n, plan, kind));
    if (parent)
        OK(wp_node_append_child(parent, n));
    else
        OK(wp_plan_append_node(plan, n));
    if (label)
        OK(wp_node_set_label(n, label));
    if (title)
        OK(wp_node_set_title(n, title));
    if (text)
        OK(wp_node_set_text(n, text));
    return n;
}

static void due(wp_node *n, int y, int m, int d)
{
    wp_deadline dl = {NULL, 0, wp_date_make(y, m, d), WP_PRECISION_DAY, false};
    OK(wp_node_set_deadline(n, &dl));
}

/* 一、两个任务 / 1. a point led by 办公室 (two tasks, one with its own
 * units); 二、 a leaf subsection; an attachment row. */
static wp_plan *sample(const char *title)
{
    wp_plan *p;
    wp_unit *office, *pr, *tech;
    wp_node *s1, *pt, *t1, *t2, *s2, *sub, *att, *row;
    wp_report *r;
    wp_indicator *ind;
    OK(wp_plan_new(&p));
    OK(wp_plan_set_title(p, title));
    OK(wp_unit_add(&office, p, "办公室", NULL));
    OK(wp_unit_add(&pr, p, "宣传部", NULL));
    OK(wp_unit_add(&tech, p, "<科技>部", NULL));
    s1 = add(p, NULL, WP_NODE_SECTION, "一", "加强宣传", NULL);
    pt = add(p, s1, WP_NODE_POINT, "1", "办好活动", NULL);
    OK(wp_node_assign(pt, office, WP_ROLE_LEAD, NULL));
    t1 = add(p, pt, WP_NODE_TASK, NULL, NULL, "举办讲座，\"科普\"进社区\n全年10场");
    due(t1, 2025, 6, 30);
    OK(wp_node_set_status(t1, WP_STATUS_IN_PROGRESS));
    OK(wp_node_add_indicator(&ind, t1, "全年10场"));
    OK(wp_indicator_set_value(ind, 10));
    OK(wp_node_add_report(&r, t1, wp_date_make(2025, 5, 1)));
    OK(wp_report_set_text(r, "已办4场"));
    OK(wp_report_set_percent(r, 40));
    OK(wp_report_set_state(r, WP_REPORT_APPROVED));
    OK(wp_report_set_actual(r, ind, 4));
    t2 = add(p, pt, WP_NODE_TASK, NULL, NULL, "编印<b>手册</b>");
    OK(wp_node_assign(t2, pr, WP_ROLE_LEAD, NULL));
    OK(wp_node_assign(t2, office, WP_ROLE_SUPPORT, NULL));
    due(t2, 2025, 3, 31);
    OK(wp_node_set_status(t2, WP_STATUS_DONE));
    s2 = add(p, NULL, WP_NODE_SECTION, "二", "服务会员", NULL);
    sub = add(p, s2, WP_NODE_SUBSECTION, "（一）", "做好举荐", "推荐人才30名。");
    OK(wp_node_assign(sub, tech, WP_ROLE_RESPONSIBLE, NULL));
    add(p, s2, WP_NODE_PARAGRAPH, NULL, NULL, "一段说明。");
    att = add(p, NULL, WP_NODE_ATTACHMENT, NULL, "任务分工表", NULL);
    row = add(p, att, WP_NODE_TASK, "1", NULL, "建设站点");
    OK(wp_node_set_category(row, "阵地"));
    OK(wp_node_assign(row, tech, WP_ROLE_LEAD, NULL));
    due(row, 2025, 9, 30);
    OK(wp_plan_assign_ids(p));
    return p;
}

static const char expected_csv[] =
    "\xEF\xBB\xBF"
    "序号,篇章,类别,任务,牵头单位,配合单位,完成时限,指标,状态,最新进展,编号\r\n"
    "1,一、加强宣传,办好活动,\"举办讲座，\"\"科普\"\"进社区\n全年10场\",办公室,,2025-06-30,全年10场,逾期,"
    "2025-05-01 已办4场（40%）,1.1.t1\r\n"
    "2,一、加强宣传,办好活动,编印<b>手册</b>,宣传部,办公室,2025-03-31,,已完成,,1.1.t2\r\n"
    "3,二、服务会员,,做好举荐 推荐人才30名。,<科技>部,,,,未开始,,2.1\r\n"
    "4,任务分工表,阵地,建设站点,<科技>部,,2025-09-30,,未开始,,a1.r1\r\n";

static void test_csv(void **state)
{
    wp_plan *p = sample("样例计划");
    const wp_plan *plans[1] = {p};
    wp_export_options o = WP_EXPORT_OPTIONS_INIT;
    char *csv;
    size_t len;
    (void)state;
    o.as_of = "2025-07-01";
    OK(wp_export_csv(&csv, &len, plans, 1, &o));
    assert_int_equal(strlen(csv), len);
    assert_string_equal(csv, expected_csv);
    wp_free(csv);
    o.bom = false;
    OK(wp_export_csv(&csv, NULL, plans, 1, &o));
    assert_string_equal(csv, expected_csv + 3);
    wp_free(csv);
    /* before the deadline: not overdue */
    o.as_of = "2025-06-30";
    OK(wp_export_csv(&csv, NULL, plans, 1, &o));
    assert_null(strstr(csv, "逾期"));
    wp_free(csv);
    /* bad arguments */
    o.as_of = "2025-13-01";
    FAILS(WP_EINVAL, wp_export_csv(&csv, NULL, plans, 1, &o));
    assert_null(csv);
    o.as_of = NULL;
    FAILS(WP_EINVAL, wp_export_csv(&csv, NULL, plans, 0, &o));
    FAILS(WP_EINVAL, wp_export_csv(NULL, NULL, plans, 1, &o));
    o.version = 99;
    FAILS(WP_EINVAL, wp_export_csv(&csv, NULL, plans, 1, &o));
    {
        const wp_plan *none[1] = {NULL};
        FAILS(WP_EINVAL, wp_export_csv(&csv, NULL, none, 1, NULL));
    }
    wp_plan_free(p);
}

/* CSV injection: a cell that a spreadsheet would evaluate as a formula
 * gets a leading apostrophe (and quotes); plain numbers stay as they are. */
static void test_csv_formula_guard(void **state)
{
    static const char *const texts[] = {
        "=HYPERLINK(\"http://x.example/\",\"点击\")", "+1+2", "-A1", "@SUM(A1:A9)",
        "\t=1", "-5", "+3.5", "-12.5%", "a=b", "－全角不算"};
    static const char *const cells[] = {
        "\"'=HYPERLINK(\"\"http://x.example/\"\",\"\"点击\"\")\"", "\"'+1+2\"", "\"'-A1\"",
        "\"'@SUM(A1:A9)\"", "\"'\t=1\"", ",-5,", ",+3.5,", ",-12.5%,", ",a=b,", ",－全角不算,"};
    wp_plan *p;
    char *csv;
    (void)state;
    OK(wp_plan_new(&p));
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        add(p, NULL, WP_NODE_TASK, NULL, NULL, texts[i]);
    OK(wp_export_csv(&csv, NULL, (const wp_plan *const[]){p}, 1, NULL));
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++)
        if (strstr(csv, cells[i]) == NULL)
            fail_msg("cell %zu: %s not in\n%s", i, cells[i], csv);
    wp_free(csv);
    wp_plan_free(p);
}

/* A corpus: a first column 计划, sequence numbers per plan. */
static void test_csv_corpus(void **state)
{
    wp_plan *a = sample("甲计划"), *b = sample("乙,计划");
    const wp_plan *plans[2] = {a, b};
    char *csv;
    (void)state;
    OK(wp_export_csv(&csv, NULL, plans, 2, NULL));
    assert_true(strncmp(csv, "\xEF\xBB\xBF计划,序号,篇章,", 3 + 16) == 0);
    assert_non_null(strstr(csv, "\r\n甲计划,4,任务分工表,"));
    assert_non_null(strstr(csv, "\r\n\"乙,计划\",1,一、加强宣传,"));
    wp_free(csv);
    wp_plan_free(a);
    wp_plan_free(b);
}

static char *zip_part(const char *path, const char *name)
{
    int err;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    zip_file_t *f;
    zip_stat_t st;
    char *buf;
    assert_non_null(z);
    if (zip_stat(z, name, 0, &st) < 0) {
        zip_close(z);
        return NULL;
    }
    buf = malloc(st.size + 1);
    f = zip_fopen(z, name, 0);
    assert_true(zip_fread(f, buf, st.size) == (zip_int64_t)st.size);
    buf[st.size] = '\0';
    zip_fclose(f);
    zip_close(z);
    return buf;
}

static size_t count_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void test_xlsx(void **state)
{
    char dir[] = "/tmp/wp_test_xlsxXXXXXX", path[256], bad[300];
    wp_plan *a = sample("一个很长很长的标题：关于印发[2025]年度*重点*工作任务/分工方案?的通知（第二稿）"),
            *b = sample("一个很长很长的标题：关于印发[2025]年度*重点*工作任务/分工方案?的通知（第二稿）"),
            *c = sample("责任矩阵");
    const wp_plan *plans[3] = {a, b, c};
    char *wb, *sheet, *strings;
    struct stat st;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/台账.xlsx", dir);
    OK(wp_export_xlsx(path, plans, 3, NULL));
    assert_int_equal(count_files(dir), 1); /* no temporary file left */
    assert_int_equal(stat(path, &st), 0);
    assert_true((st.st_mode & 0777) == 0644);
    wb = zip_part(path, "xl/workbook.xml");
    assert_non_null(wb);
    /* 31 characters at most, forbidden characters removed, unique */
    assert_non_null(strstr(wb, "name=\"一个很长很长的标题：关于印发2025年度重点工作任务分工方案的\""));
    assert_non_null(strstr(wb, "name=\"一个很长很长的标题：关于印发2025年度重点工作任务分工(2)\""));
    assert_non_null(strstr(wb, "name=\"责任矩阵(2)\""));
    assert_non_null(strstr(wb, "name=\"责任矩阵\""));
    assert_non_null(strstr(wb, "_xlnm._FilterDatabase"));
    sheet = zip_part(path, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
    assert_non_null(strstr(sheet, "<autoFilter ref=\"A1:K5\"/>"));
    assert_non_null(strstr(sheet, "<c r=\"G2\" s=\"")); /* a date cell: a number … */
    assert_non_null(strstr(sheet, "<v>45838</v>"));  /* … 2025-06-30 as an Excel serial */
    strings = zip_part(path, "xl/sharedStrings.xml");
    assert_non_null(strstr(strings, "编印&lt;b&gt;手册&lt;/b&gt;"));
    free(wb);
    free(sheet);
    free(strings);
    sheet = zip_part(path, "xl/worksheets/sheet4.xml"); /* the matrix */
    assert_non_null(strstr(sheet, "<colorScale>"));
    free(sheet);
    /* a folder that does not exist: WP_EIO, nothing written */
    snprintf(bad, sizeof bad, "%s/missing/台账.xlsx", dir);
    FAILS(WP_EIO, wp_export_xlsx(bad, plans, 1, NULL));
    assert_non_null(strstr(wp_error_last()->message, "missing"));
    /* the old file stays when the export fails on bad options */
    {
        wp_export_options o = WP_EXPORT_OPTIONS_INIT;
        o.as_of = "yesterday";
        FAILS(WP_EINVAL, wp_export_xlsx(path, plans, 1, &o));
        assert_int_equal(stat(path, &st), 0);
    }
    unlink(path);
    rmdir(dir);
    wp_plan_free(a);
    wp_plan_free(b);
    wp_plan_free(c);
}

/* A task text longer than an Excel cell holds: cut and marked, not an
 * error. */
static void test_xlsx_long_text(void **state)
{
    wp_plan *p = sample("长文本");
    const wp_plan *plans[1] = {p};
    size_t n = 40000;
    char *text = malloc(n * 3 + 1), *strings;
    (void)state;
    for (size_t i = 0; i < n; i++)
        memcpy(text + 3 * i, "长", 3);
    text[n * 3] = '\0';
    OK(wp_node_set_text(wp_plan_find_node(p, "1.1.t1"), text));
    OK(wp_export_xlsx("/tmp/wp_test_long.xlsx", plans, 1, NULL));
    strings = zip_part("/tmp/wp_test_long.xlsx", "xl/sharedStrings.xml");
    assert_non_null(strstr(strings, "长长…（截断）<"));
    free(strings);
    unlink("/tmp/wp_test_long.xlsx");
    free(text);
    wp_plan_free(p);
}

static void test_report(void **state)
{
    wp_plan *p = sample("样例<计划>");
    const wp_plan *plans[1] = {p};
    wp_export_options o = WP_EXPORT_OPTIONS_INIT;
    char *html;
    size_t len;
    (void)state;
    o.as_of = "2025-07-01";
    OK(wp_export_report_html(&html, &len, plans, 1, &o));
    assert_int_equal(strlen(html), len);
    assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
    assert_non_null(strstr(html, "<meta name=\"viewport\""));
    assert_non_null(strstr(html, "<title>样例&lt;计划&gt;</title>"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "http:"));
    assert_null(strstr(html, "https:"));
    assert_null(strstr(html, "<b>手册"));
    assert_non_null(strstr(html, "举办讲座，&quot;科普&quot;进社区"));
    assert_non_null(strstr(html, "<th>&lt;科技&gt;部</th>"));  /* the matrix */
    assert_non_null(strstr(html, "width:40%"));               /* 4 of 10 */
    assert_non_null(strstr(html, ">逾期任务</h2>"));
    assert_non_null(strstr(html, "<li><details open><summary>一、加强宣传 <span class=\"count\">2项任务</span></summary>"));
    assert_non_null(strstr(html, "<td class=\"n\">1.1.t1</td><td>举办讲座"));
    wp_free(html);
    FAILS(WP_EINVAL, wp_export_report_html(NULL, NULL, plans, 1, NULL));
    wp_plan_free(p);
}

static wp_plan *sweep_plan;

static int sweep_csv(void)
{
    const wp_plan *plans[2] = {sweep_plan, sweep_plan};
    char *out = NULL;
    int rc = wp_export_csv(&out, NULL, plans, 2, NULL);
    wp_free(out);
    return rc;
}

static int sweep_report(void)
{
    const wp_plan *plans[1] = {sweep_plan};
    char *out = NULL;
    int rc = wp_export_report_html(&out, NULL, plans, 1, NULL);
    wp_free(out);
    return rc;
}

static int sweep_xlsx(void)
{
    const wp_plan *plans[1] = {sweep_plan};
    int rc = wp_export_xlsx("/tmp/wp_test_sweep.xlsx", plans, 1, NULL);
    unlink("/tmp/wp_test_sweep.xlsx");
    return rc;
}

/* Every allocation failure: WP_ENOMEM, nothing leaked, no file left. */
static void test_alloc_failures(void **state)
{
    (void)state;
    sweep_plan = sample("样例");
    assert_true(alloc_sweep(sweep_csv, "csv") > 20);
    assert_true(alloc_sweep(sweep_report, "report") > 20);
    assert_true(alloc_sweep(sweep_xlsx, "xlsx") > 20);
    assert_int_equal(access("/tmp/wp_test_sweep.xlsx", F_OK), -1);
    wp_plan_free(sweep_plan);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_csv_corpus),
        cmocka_unit_test(test_csv_formula_guard),
        cmocka_unit_test(test_xlsx),
        cmocka_unit_test(test_xlsx_long_text),
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_alloc_failures),
    };
    (void)argc;
    (void)argv;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
