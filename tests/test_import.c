/* The importer: one test per rule, on small texts and on examples/plans. */
#include "helpers.h"
#include "internal.h"
#include "textnorm.h"

#include <dirent.h>
#include <iconv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static const char *plans_dir; /* examples/plans, from argv or the environment */
static const char *seeds_dir; /* ../shared/seeds: absent from a user's clone */

static wp_plan *import(const char *text, wp_import_report **rep)
{
    wp_plan *p;
    OK(wp_import_text(&p, rep, text, strlen(text), NULL));
    return p;
}

static wp_plan *import_example(const char *name)
{
    char path[1024];
    wp_plan *p;
    snprintf(path, sizeof path, "%s/%s", plans_dir, name);
    OK(wp_import_file(&p, NULL, path, NULL));
    return p;
}

static size_t count(wp_plan *p, const char *q)
{
    wp_query *query;
    size_t n;
    OK(wp_query_parse(&query, q));
    OK(wp_query_count(&n, query, p));
    wp_query_free(query);
    return n;
}

static wp_node *node(wp_plan *p, const char *id)
{
    wp_node *n = wp_plan_find_node(p, id);
    if (n == NULL)
        fail_msg("no node %s", id);
    return n;
}

static void test_metadata(void **state)
{
    wp_plan *p;
    const wp_doc_number *dn;
    (void)state;
    p = import_example("work_plan.txt");
    assert_string_equal(wp_plan_title(p), "示例市科协2025年工作要点");
    assert_int_equal(wp_plan_kind_of(p), WP_PLAN_WORK_PLAN);
    assert_string_equal(wp_plan_issuer(p), "示例市科学技术协会");
    dn = wp_plan_doc_number(p);
    assert_non_null(dn);
    assert_string_equal(dn->prefix, "示科协发");
    assert_int_equal(dn->year, 2025);
    assert_int_equal(dn->serial, 3);
    assert_string_equal(wp_plan_id(p), "示科协发【2025】3号");
    assert_int_equal(wp_plan_issued(p), wp_date_make(2025, 2, 18)); /* 二〇二五年二月十八日 */
    assert_int_equal(wp_plan_published(p), wp_date_make(2025, 2, 20));
    assert_string_equal(wp_plan_publisher(p), "示例市科学技术协会办公室");
    assert_int_equal(wp_plan_year(p), 2025);
    assert_string_equal(wp_plan_script(p), "zh-Hans");
    assert_int_equal(wp_plan_recipient_count(p), 3);
    assert_string_equal(wp_plan_recipient(p, 1), "各市级学会（协会、研究会）");
    assert_non_null(strstr(wp_plan_preamble(p), "收官之年"));
    /* The cited plan, with its document number; not the plan itself. */
    assert_int_equal(wp_plan_reference_count(p), 1);
    assert_string_equal(wp_plan_reference_title(p, 0), "示例市科协事业发展规划");
    assert_int_equal(wp_plan_reference_doc_number(p, 0)->serial, 12);
    /* Web furniture (当前位置, 发布时间, 此页无正文, the .pdf link) is not content. */
    assert_int_equal(count(p, "当前位置 OR 浏览次数 OR 此页无正文 OR pdf"), 0);
    wp_plan_free(p);
}

/* GB/T 9704 without a notice: the signature and 成文日期 at the end, then
 * 版记 (此件主动公开, 抄送, 印发) — metadata, not tasks of the last point. */
static void test_trailing_signature(void **state)
{
    const char *text = "示例市科协2025年工作要点\n一、甲\n1.乙。开展活动3场。\n示例市科学技术协会\n"
                       "2025年1月5日\n（此件主动公开）\n抄送：市委办公厅，市政府办公厅。\n"
                       "示例市科协办公室                2025年1月6日印发\n";
    wp_plan *p = import(text, NULL);
    (void)state;
    assert_string_equal(wp_plan_issuer(p), "示例市科学技术协会");
    assert_int_equal(wp_plan_issued(p), wp_date_make(2025, 1, 5));
    assert_int_equal(wp_plan_published(p), wp_date_make(2025, 1, 6));
    assert_int_equal(wp_node_child_count(node(p, "1.1")), 1);
    assert_int_equal(count(p, "抄送 OR 主动公开 OR 协会"), 0);
    wp_plan_free(p);
    /* A web page's footer is furniture too. */
    p = import("示例要点\n一、甲\n1.乙。开展活动3场。\n【打印本页】【关闭窗口】\n"
               "版权所有：示例市科学技术协会  主办单位：示例市科协\n"
               "示ICP备12345678号  示公网安备 50010302000001号\n网站标识码：5000000001\n", NULL);
    assert_int_equal(wp_plan_node_count(p), 3);
    wp_plan_free(p);
}

static void test_hierarchy(void **state)
{
    wp_plan *p;
    wp_import_report *rep;
    (void)state;
    p = import_example("work_plan.txt");
    assert_int_equal(count(p, "kind:section"), 3);
    assert_int_equal(count(p, "kind:subsection"), 2);
    assert_int_equal(count(p, "kind:point"), 6);
    assert_int_equal(count(p, "kind:item"), 2);
    /* 1.深化理论学习。… : title is the short first sentence; the rest are tasks. */
    assert_string_equal(wp_node_title(node(p, "1.1.1")), "深化理论学习");
    assert_string_equal(wp_node_label(node(p, "1.1.1")), "1");
    assert_string_equal(wp_node_label(node(p, "1.1")), "（一）");
    assert_string_equal(wp_node_label(node(p, "1")), "一");
    assert_int_equal(wp_node_number(node(p, "2.5.2")), 2);
    assert_int_equal(wp_node_child_count(node(p, "1.1.1")), 2);
    assert_string_equal(wp_node_text(node(p, "1.1.1.t1")), "组织开展理论学习中心组学习不少于12次。");
    /* Split at ；: two tasks in 1.1.2. */
    assert_int_equal(wp_node_child_count(node(p, "1.1.2")), 2);
    /* ① under （2） are tasks of that item. */
    assert_int_equal(wp_node_kind_of(node(p, "2.5.2.t1")), WP_NODE_TASK);
    /* A heading alone on its line: title only, no tasks. */
    assert_string_equal(wp_node_title(node(p, "2.5")), "优化人才服务");
    wp_plan_free(p);
    /* Half- and full-width variants: 1． 1、 (1) （1）. */
    p = import("一、甲\n1．第一点。开展活动。\n2、第二点。开展活动。\n(1)子项一；\n（2）子项二；\n", &rep);
    assert_int_equal(count(p, "kind:point"), 2);
    assert_int_equal(count(p, "kind:item"), 2);
    assert_int_equal(wp_import_report_count(rep, WP_IMPORT_POINTS), 2);
    wp_import_report_free(rep);
    wp_plan_free(p);
    /* A run-in title closed by ：, then tasks; not for a 牵头单位： key. */
    p = import("一、甲\n1.加强组织建设：一是健全制度；二是新建组织10个。\n2.牵头单位：办公室\n", NULL);
    assert_string_equal(wp_node_title(node(p, "1.1")), "加强组织建设");
    assert_int_equal(wp_node_child_count(node(p, "1.1")), 2);
    assert_string_equal(wp_node_text(node(p, "1.1.t1")), "一是健全制度；");
    assert_string_equal(wp_node_title(node(p, "1.2")), "牵头单位：办公室"); /* not cut at ： */
    wp_plan_free(p);
    /* 一. 二． sections, １． points, 1） 2) items. */
    p = import("示例要点\n一.甲\n１．乙。开展活动。\n二．丙\n1）丁。培训300人次以上。\n2)戊\n", NULL);
    assert_int_equal(count(p, "kind:section"), 2);
    assert_int_equal(count(p, "kind:point"), 1);
    assert_int_equal(count(p, "kind:item"), 2);
    assert_string_equal(wp_plan_title(p), "示例要点");
    assert_string_equal(wp_node_title(node(p, "2.2")), "戊");
    wp_plan_free(p);
    /* A plain line after ① belongs to the point, not to the task (the
     * import failed with "a task cannot contain a paragraph"). */
    p = import("一、甲\n1.乙。\n①任务一；\n补充说明一句。\n", NULL);
    assert_int_equal(wp_node_child_count(node(p, "1.1")), 2);
    assert_string_equal(wp_node_text(node(p, "1.1.t2")), "补充说明一句。");
    wp_plan_free(p);
    p = import("示例县2024年十件大事\n一、甲\n①任务一\n补充说明一句，有标点。\n", NULL);
    wp_plan_free(p);
    /* A section whose body is a paragraph keeps it as a paragraph node. */
    p = import_example("implementation_plan.txt");
    assert_int_equal(wp_node_kind_of(wp_node_first_child(node(p, "1"))), WP_NODE_PARAGRAPH);
    wp_plan_free(p);
}

typedef struct want_ind {
    const char *node;
    wp_op op;
    double value;
    const char *unit;
} want_ind;

static void has_indicator(wp_plan *p, const want_ind *w)
{
    wp_node *n = node(p, w->node);
    for (size_t i = 0; i < wp_node_indicator_count(n); i++) {
        wp_indicator *ind = wp_node_indicator(n, i);
        if (wp_indicator_op(ind) == w->op && wp_indicator_value(ind) == w->value &&
            strcmp(wp_indicator_unit(ind), w->unit) == 0)
            return;
    }
    fail_msg("%s: no indicator %s %g %s", w->node, wp_op_name(w->op), w->value, w->unit);
}

static void test_indicators(void **state)
{
    static const want_ind want[] = {
        {"1.1.1.t1", WP_OP_GE, 12, "次"},       /* 不少于12次 */
        {"1.1.2.t1", WP_OP_GE, 100, "场次"},    /* 100场次以上 */
        {"1.1.2.t2", WP_OP_EQ, 2, "家"},        /* 两家 */
        {"2.4.t1", WP_OP_GE, 5, "家"},          /* 5家以上 */
        {"2.4.t1", WP_OP_EQ, 10000, "家"},      /* 1万家 */
        {"2.4.t1", WP_OP_EQ, 1000, "万元"},     /* 1000万元: 万元 is the unit */
        {"2.5.1", WP_OP_GE, 80, "%"},           /* 达到百分之八十 */
        {"2.5.2", WP_OP_APPROX, 20, "名"},      /* 约二十名 */
        {"2.5.2.t1", WP_OP_LE, 30, "场"},       /* 不超过30场 */
        {"3.6.t1", WP_OP_LE, 50, "个"},         /* 控制在50个以内 */
    };
    wp_plan *p;
    wp_indicator *ind;
    (void)state;
    p = import_example("work_plan.txt");
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        has_indicator(p, &want[i]);
    wp_plan_free(p);
    /* 达 as ≥, a comparator before a verb, subjects before 提高到 / of a
     * rate noun (覆盖率), the verb as subject when nothing else is counted. */
    p = import("一、甲\n1.乙。比例提高到15%以上；覆盖率达90%；每月至少开展1次活动；培训2000人次。\n", NULL);
    has_indicator(p, &(want_ind){"1.1.t1", WP_OP_GE, 15, "%"});
    assert_string_equal(wp_indicator_subject(wp_node_indicator(node(p, "1.1.t1"), 0)), "比例");
    has_indicator(p, &(want_ind){"1.1.t2", WP_OP_GE, 90, "%"});
    assert_string_equal(wp_indicator_subject(wp_node_indicator(node(p, "1.1.t2"), 0)), "覆盖率");
    has_indicator(p, &(want_ind){"1.1.t3", WP_OP_GE, 1, "次"});
    assert_string_equal(wp_indicator_subject(wp_node_indicator(node(p, "1.1.t4"), 0)), "培训");
    wp_plan_free(p);
    p = import_example("work_plan.txt");
    /* Not indicators: 第十四届, 第37届, 首届, “1531”, 等4个模块, 2025年, 十四五. */
    assert_int_equal(wp_node_indicator_count(node(p, "1.1.1.t2")), 0);
    assert_int_equal(wp_node_indicator_count(node(p, "1.2.3.t1")), 0);
    assert_int_equal(wp_node_indicator_count(node(p, "2.4.t2")), 0);
    assert_int_equal(count(p, "has:indicator"), 8);
    /* Aspirational (力争) and the counted subject. */
    ind = wp_node_indicator(node(p, "1.1.2.t2"), 0);
    assert_true(wp_indicator_aspirational(ind));
    assert_false(wp_indicator_aspirational(wp_node_indicator(node(p, "1.1.1.t1"), 0)));
    assert_string_equal(wp_indicator_subject(wp_node_indicator(node(p, "1.1.2.t1"), 0)),
                        "科学家精神宣讲活动");
    assert_string_equal(wp_indicator_text(wp_node_indicator(node(p, "1.1.1.t1"), 0)),
                        "不少于12次");
    /* A rate is not cumulative; a count of events is. */
    assert_false(wp_indicator_cumulative(wp_node_indicator(node(p, "2.5.1"), 0)));
    assert_true(wp_indicator_cumulative(wp_node_indicator(node(p, "1.1.1.t1"), 0)));
    wp_plan_free(p);
}

static void due(wp_plan *p, const char *id, wp_date start, wp_date end, wp_precision prec,
                bool asp)
{
    const wp_deadline *d = wp_node_deadline(node(p, id));
    if (d == NULL)
        fail_msg("%s has no deadline", id);
    assert_int_equal(d->start, start);
    assert_int_equal(d->end, end);
    assert_int_equal(d->precision, prec);
    assert_int_equal(d->aspirational, asp);
}

static void test_deadlines(void **state)
{
    wp_plan *p;
    (void)state;
    p = import_example("work_plan.txt");
    due(p, "1.1.2.t2", wp_date_make(2025, 1, 1), wp_date_make(2025, 6, 30), WP_PRECISION_HALF,
        true);                                                                  /* 力争在上半年 */
    due(p, "1.2.3.t1", 0, wp_date_make(2025, 9, 30), WP_PRECISION_DAY, true);   /* 2025年9月30日前 */
    due(p, "2.4.t2", wp_date_make(2025, 7, 1), wp_date_make(2025, 9, 30), WP_PRECISION_QUARTER,
        false);                                                                 /* 三季度 */
    due(p, "2.5.2", 0, wp_date_make(2025, 6, 30), WP_PRECISION_MONTH, false);  /* 6月底前 */
    due(p, "3.6.t1", 0, wp_date_make(2025, 12, 31), WP_PRECISION_YEAR, false); /* 年内 */
    assert_string_equal(wp_node_deadline(node(p, "3.6.t1"))->text, "年内");
    assert_int_equal(count(p, "overdue:2025-07-01"), 2);
    wp_plan_free(p);
    /* A month right at the start of a task, after one ASCII byte: the check
     * for 个 / 第 before it read before the buffer (ASan, found by fuzz_import). */
    {
        wp_import_options o = WP_IMPORT_OPTIONS_INIT;
        const char *t = "一、甲\n1.乙。a5月底前完成。\n";
        o.year_hint = 2025;
        OK(wp_import_text(&p, NULL, t, strlen(t), &o));
        due(p, "1.1.t1", 0, wp_date_make(2025, 5, 31), WP_PRECISION_MONTH, false);
        wp_plan_free(p);
    }
    /* A huge figure before 月 is no month (converting it to int was
     * undefined: UBSan, found by fuzz_import). */
    p = import("示例2025年工作要点\n一、甲\n1.乙。11111111111111111111111111月底前完成；2025年99999999999月1日前。\n", NULL);
    assert_null(wp_node_deadline(node(p, "1.1.t1")));
    wp_plan_free(p);
    /* 年中 (not inside 青少年中 / 今年中), 10月中旬 as a ten-day window. */
    p = import("示例2025年工作要点\n一、甲\n1.乙。年中完成评估；在青少年中开展活动；今年中央财政支持；"
               "10月中旬召开大会。\n", NULL);
    due(p, "1.1.t1", 0, wp_date_make(2025, 6, 30), WP_PRECISION_HALF, false);
    assert_null(wp_node_deadline(node(p, "1.1.t2")));
    assert_null(wp_node_deadline(node(p, "1.1.t3")));
    due(p, "1.1.t4", wp_date_make(2025, 10, 11), wp_date_make(2025, 10, 20), WP_PRECISION_DAY, false);
    wp_plan_free(p);
    /* A long run of digit characters before 年 is not a year (it overflowed
     * an int: found by fuzz_import under UBSan). */
    p = import("一、甲\n1.乙。四四四四四四四四四四四四年底完成；9999999999999年内完成。\n", NULL);
    assert_null(wp_node_deadline(node(p, "1.1.t1")));
    wp_plan_free(p);
    /* 2024年底, resolved without a plan year; 五年内 is a duration. */
    p = import("一、甲\n1.建设平台。力争在2024年底上线试运行；五年内完成改造。\n", NULL);
    due(p, "1.1.t1", 0, wp_date_make(2024, 12, 31), WP_PRECISION_YEAR, true);
    assert_null(wp_node_deadline(node(p, "1.1.t2")));
    wp_plan_free(p);
}

static void test_responsibility(void **state)
{
    wp_plan *p;
    wp_node *n;
    (void)state;
    p = import_example("work_plan.txt");
    /* （牵头部门：办公室；配合部门：组织人事部、宣传部） on the point. */
    n = node(p, "1.1.1");
    assert_int_equal(wp_node_assignment_count(n), 3);
    assert_string_equal(wp_unit_name(wp_node_assignment_unit(n, 0)), "办公室");
    assert_int_equal(wp_node_assignment_role(n, 0), WP_ROLE_LEAD);
    assert_int_equal(wp_node_assignment_role(n, 2), WP_ROLE_SUPPORT);
    /* （市宣传部牵头，学会部配合）: 市宣传部 is an alias of 宣传部. */
    n = node(p, "1.1.2");
    assert_ptr_equal(wp_node_assignment_unit(n, 0), wp_unit_find(p, "宣传部"));
    assert_non_null(wp_unit_find(p, "市宣传部"));
    assert_int_equal(wp_node_assignment_role(n, 1), WP_ROLE_SUPPORT);
    assert_int_equal(count(p, "own.unit:办公室 role:responsible"), 1);
    /* The annotation is data, not text. */
    assert_int_equal(count(p, "牵头"), 0);
    wp_plan_free(p);
}

static void test_tables(void **state)
{
    wp_plan *p;
    wp_node *att, *row;
    (void)state;
    /* One cell a line, blank category = the one above, a repeated cell. */
    p = import_example("implementation_plan.txt");
    att = node(p, "a1");
    assert_int_equal(wp_node_kind_of(att), WP_NODE_ATTACHMENT);
    assert_string_equal(wp_node_title(att), "科普惠民行动重点任务分工表");
    assert_int_equal(wp_node_child_count(att), 3);
    row = node(p, "a1.r2");
    assert_string_equal(wp_node_category(row), "建设科普阵地");
    assert_string_equal(wp_node_category(node(p, "a1.r3")), "培育科普队伍");
    assert_int_equal(wp_node_assignment_count(node(p, "a1.r1")), 2);
    assert_int_equal(wp_node_assignment_role(node(p, "a1.r1"), 0), WP_ROLE_RESPONSIBLE);
    /* A row restating a body task is linked to it. */
    assert_string_equal(wp_attrs_get(wp_node_attrs(node(p, "a1.r1")), "restates")->as.text,
                        "2.1.t1");
    assert_int_equal(wp_plan_attachment_count(p), 1);
    wp_plan_free(p);
    /* "附件：" alone: the title is the next line, not a task of the last point. */
    p = import("示例要点\n一、甲\n1.乙。开展活动。\n附件：\n重点任务分工表\n序号\t类别\t重点任务\t责任部室\n"
               "1\t党建\t开展学习\t办公室\n", NULL);
    assert_string_equal(wp_node_title(node(p, "a1")), "重点任务分工表");
    assert_int_equal(wp_node_child_count(node(p, "1.1")), 1);
    assert_string_equal(wp_node_category(node(p, "a1.r1")), "党建");
    wp_plan_free(p);
    /* Cells separated by runs of spaces; 牵头 + 配合 columns. */
    p = import_example("spaced_table.txt");
    assert_int_equal(count(p, "kind:task"), 3);
    row = node(p, "a1.r3");
    assert_string_equal(wp_unit_name(wp_node_assignment_unit(row, 0)), "信息中心");
    assert_int_equal(wp_node_assignment_role(row, 0), WP_ROLE_LEAD);
    assert_int_equal(wp_node_assignment_role(row, 1), WP_ROLE_SUPPORT); /* 科技部 */
    assert_int_equal(wp_node_assignment_role(row, 2), WP_ROLE_SUPPORT); /* 财务部 */
    assert_string_equal(wp_node_category(node(p, "a1.r2")), "党建");
    assert_non_null(wp_node_deadline(row)); /* 年底前 */
    has_indicator(p, &(want_ind){"a1.r2", WP_OP_GE, 4, "次"});
    wp_plan_free(p);
}

static void test_traditional_and_damage(void **state)
{
    wp_plan *p;
    wp_import_report *rep;
    char path[1024];
    (void)state;
    snprintf(path, sizeof path, "%s/traditional.txt", plans_dir);
    OK(wp_import_file(&p, &rep, path, NULL));
    assert_string_equal(wp_plan_script(p), "zh-Hant");
    assert_string_equal(wp_plan_title(p), "示例縣科協2024年工作要點");
    assert_non_null(wp_plan_doc_number(p));
    assert_int_equal(wp_plan_doc_number(p)->serial, 8); /* [2024]…號 */
    /* As printed, not in the folded (Simplified) working copy. */
    assert_string_equal(wp_plan_doc_number(p)->text, "示縣科協發[2024]8號");
    assert_string_equal(wp_plan_doc_number(p)->prefix, "示縣科協發");
    /* Pinyin glosses removed: 社區(qū) → 社區, 協(xié) → 協. */
    assert_int_equal(count(p, "qū OR xié"), 0);
    assert_int_equal(count(p, "text:科普進社區活動"), 1);
    /* A replacement character is dropped with a warning, the text kept. */
    assert_int_equal(count(p, "text:科普隊伍10支"), 1);
    assert_true(wp_import_report_warning_count(rep) >= 1);
    assert_int_equal(wp_import_report_warning_line(rep, 0), 18);
    /* Traditional words: 以上, 不少於, 力爭, 牽頭單位, 責任單位, 年底前. */
    has_indicator(p, &(want_ind){"1.1.t1", WP_OP_GE, 20, "場"});
    has_indicator(p, &(want_ind){"1.2.t1", WP_OP_GE, 500, "人次"});
    has_indicator(p, &(want_ind){"1.2.t1", WP_OP_EQ, 10, "支"});
    assert_false(wp_indicator_aspirational(wp_node_indicator(node(p, "1.2.t1"), 0)));
    assert_true(wp_indicator_aspirational(wp_node_indicator(node(p, "1.2.t1"), 1)));
    assert_int_equal(count(p, "own.unit:科普部 role:lead"), 1);
    assert_int_equal(count(p, "own.unit:辦公室 role:responsible"), 1);
    due(p, "2.3.t1", 0, wp_date_make(2024, 6, 30), WP_PRECISION_DAY, false);
    wp_import_report_free(rep);
    wp_plan_free(p);
    /* Traditional role words: 牽頭 … 協辦, keyed and free-form. */
    p = import("示例要點\n一、甲\n1.乙。開展活動。（科普部牽頭，辦公室、學會部協辦）\n"
               "2.丙。舉辦培訓。（牽頭單位：科普部；協辦單位：財務部）\n", NULL);
    assert_int_equal(count(p, "own.unit:科普部 role:lead"), 2);
    assert_int_equal(count(p, "own.unit:學會部 role:support"), 1);
    assert_int_equal(count(p, "own.unit:財務部 role:support"), 1);
    assert_int_equal(count(p, "協辦"), 0);
    wp_plan_free(p);
}

static void test_summary(void **state)
{
    wp_plan *p;
    wp_import_report *rep;
    wp_node *item;
    (void)state;
    {
        char path[1024];
        snprintf(path, sizeof path, "%s/summary.txt", plans_dir);
        OK(wp_import_file(&p, &rep, path, NULL));
    }
    assert_int_equal(wp_plan_kind_of(p), WP_PLAN_SUMMARY);
    /* Items under their list heading, each with title and body. */
    assert_int_equal(count(p, "kind:point under:1"), 3);
    item = node(p, "1.1");
    assert_string_equal(wp_node_title(item), "成功举办第五届科技创新大会");
    assert_non_null(strstr(wp_node_text(item), "分论坛12场"));
    /* Captions are not items (and are reported). */
    assert_int_equal(count(p, "大会现场 OR 基地授牌仪式"), 0);
    assert_int_equal(wp_import_report_count(rep, WP_IMPORT_LINES_SKIPPED), 2);
    /* Figures are achievements: an approved actual equal to the value. */
    assert_true(wp_indicator_actual(wp_node_indicator(item, 0)) == 12);
    assert_true(wp_indicator_met(wp_node_indicator(item, 0)));
    /* 第五届 is an ordinal, not a figure. */
    assert_int_equal(wp_node_indicator_count(item), 3);
    wp_import_report_free(rep);
    wp_plan_free(p);
}

/* A table with 重点任务 and 具体措施 columns (the first groups rows, as a
 * category) and a keyed annotation inside the 责任单位 cell. */
static void test_task_list(void **state)
{
    wp_plan *p = import_example("task_list.txt");
    wp_node *row;
    (void)state;
    assert_int_equal(count(p, "kind:task under:a1"), 2);
    row = node(p, "a1.r1");
    assert_string_equal(wp_node_text(row), "新建科普e站10个");
    assert_string_equal(wp_node_category(row), "阵地建设");
    assert_int_equal(wp_node_assignment_role(row, 0), WP_ROLE_LEAD);    /* 牵头单位：区科协 */
    assert_int_equal(wp_node_assignment_role(row, 1), WP_ROLE_SUPPORT); /* 配合单位：各街道 */
    assert_null(wp_unit_find(p, "牵头单位：区科协"));
    assert_int_equal(wp_node_deadline(row)->end, wp_date_make(2025, 10, 31));
    row = node(p, "a1.r2");
    assert_int_equal(wp_node_assignment_role(row, 1), WP_ROLE_RESPONSIBLE);
    assert_string_equal(wp_node_category(row), "人才培养");
    wp_plan_free(p);
}

/* 亮点一： items; 2万余人次; a caption between items. */
static void test_highlights(void **state)
{
    wp_plan *p = import_example("highlights.txt");
    (void)state;
    assert_int_equal(wp_plan_kind_of(p), WP_PLAN_SUMMARY);
    assert_string_equal(wp_plan_title(p), "示例市科协2024年度十大亮点工作"); /* not joined with 亮点一 */
    assert_int_equal(count(p, "kind:point"), 3);
    assert_string_equal(wp_node_title(node(p, "2")), "院士专家工作站建设提档升级");
    assert_int_equal(wp_node_number(node(p, "3")), 3);
    has_indicator(p, &(want_ind){"1", WP_OP_GT, 320, "场"});
    has_indicator(p, &(want_ind){"1", WP_OP_GE, 1500000, "人次"}); /* 达150万人次 */
    has_indicator(p, &(want_ind){"2", WP_OP_GT, 20000, "人次"}); /* 2万余人次 */
    assert_int_equal(count(p, "活动现场"), 0);
    assert_int_equal(wp_plan_published(p), wp_date_make(2025, 1, 8));
    wp_plan_free(p);
}

/* Encodings and line endings: GB18030, BOM, CRLF, NBSP. */
static void test_encodings(void **state)
{
    const char *utf8 = "示例市2024年工作要点\r\n\r\n一、加强建设\r\n1.\xC2\xA0建好平台。新建站点3个以上。\r\n";
    char gb[512], *in = (char *)utf8, *outp = gb;
    size_t inleft = strlen(utf8), outleft = sizeof gb;
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    wp_plan *p;
    wp_import_report *rep;
    (void)state;
    assert_true(cd != (iconv_t)-1);
    assert_true(iconv(cd, &in, &inleft, &outp, &outleft) != (size_t)-1);
    iconv_close(cd);
    OK(wp_import_text(&p, &rep, gb, (size_t)(outp - gb), NULL));
    assert_string_equal(wp_plan_title(p), "示例市2024年工作要点");
    assert_string_equal(wp_node_title(node(p, "1.1")), "建好平台");
    has_indicator(p, &(want_ind){"1.1.t1", WP_OP_GE, 3, "个"});
    assert_non_null(strstr(wp_import_report_warning(rep, 0), "GB18030"));
    wp_import_report_free(rep);
    wp_plan_free(p);
    /* A BOM is skipped. */
    p = import("\xEF\xBB\xBF示例要点\n一、甲\n", NULL);
    assert_string_equal(wp_plan_title(p), "示例要点");
    wp_plan_free(p);
}

static void test_errors_and_options(void **state)
{
    wp_plan *p;
    wp_import_report *rep;
    wp_import_options opt = WP_IMPORT_OPTIONS_INIT;
    (void)state;
    FAILS(WP_EINVAL, wp_import_text(NULL, NULL, "x", 1, NULL));
    FAILS(WP_EINVAL, wp_import_text(&p, NULL, NULL, 1, NULL));
    opt.version = 7;
    FAILS(WP_EINVAL, wp_import_text(&p, NULL, "x", 1, &opt));
    opt = (wp_import_options)WP_IMPORT_OPTIONS_INIT;
    opt.year_hint = -1;
    FAILS(WP_EINVAL, wp_import_text(&p, NULL, "x", 1, &opt));
    /* Empty text: no content. */
    FAILS(WP_EFORMAT, wp_import_text(&p, &rep, "", 0, NULL));
    assert_non_null(rep);
    wp_import_report_free(rep);
    /* A NUL byte: not text, with its offset. */
    FAILS(WP_EFORMAT, wp_import_text(&p, NULL, "ab\0cd", 5, NULL));
    assert_int_equal(wp_error_last()->offset, 2);
    /* Bytes that are neither UTF-8 nor GB18030. */
    FAILS(WP_EFORMAT, wp_import_text(&p, NULL, "\x81\x30\xFF\xFF", 4, NULL));
    /* UTF-8 with one bad byte (issue 10 defect 9): the error names that
     * byte (38), not the first UTF-8 character GB18030 cannot read. */
    {
        static const char mixed[] = "一、加强组织建设\n1.完善制度和\xFF措施。\n";
        const char *bad = strchr(mixed, '\xFF');
        FAILS(WP_EFORMAT, wp_import_text(&p, NULL, mixed, sizeof mixed - 1, NULL));
        assert_int_equal(wp_error_last()->offset, (size_t)(bad - mixed));
        assert_int_equal(wp_error_last()->line, 2);
    }
    FAILS(WP_EIO, wp_import_file(&p, NULL, "/nonexistent/plan.txt", NULL));
    FAILS(WP_EINVAL, wp_import_file(&p, NULL, NULL, NULL));
    /* The year hint resolves 年底 when the text has no year; spans on/off. */
    opt.year_hint = 2030;
    opt.keep_spans = false;
    OK(wp_import_text(&p, &rep, "一、甲\n1.乙。年底前完成。\n", strlen("一、甲\n1.乙。年底前完成。\n"),
                      &opt));
    assert_int_equal(wp_node_deadline(node(p, "1.1.t1"))->end, wp_date_make(2030, 12, 31));
    assert_false(wp_node_source(node(p, "1.1.t1"), NULL, NULL));
    wp_plan_free(p);
    wp_import_report_free(rep);
    /* Without a year, 年底 is left alone and the report says why. */
    p = import("一、甲\n1.乙。年底前完成。\n", &rep);
    assert_null(wp_node_deadline(node(p, "1.1.t1")));
    {
        size_t w = 0; /* the kind judged from the body is reported first */
        while (w < wp_import_report_warning_count(rep) &&
               strstr(wp_import_report_warning(rep, w), "year") == NULL)
            w++;
        assert_true(w < wp_import_report_warning_count(rep));
        assert_int_equal(wp_import_report_warning_line(rep, w), 0);
    }
    assert_null(wp_import_report_warning(rep, 99));
    assert_int_equal(wp_import_report_count(rep, (wp_import_count)99), 0);
    wp_import_report_free(rep);
    wp_import_report_free(NULL);
    wp_plan_free(p);
}

/* Source spans point at the text of the node in the input. */
static void test_spans(void **state)
{
    const char *text = "一、甲\n1.乙。开展活动3场以上。\n";
    wp_plan *p = import(text, NULL);
    size_t off, len;
    (void)state;
    assert_true(wp_node_source(node(p, "1.1.t1"), &off, &len));
    assert_int_equal(len, strlen("开展活动3场以上。"));
    assert_memory_equal(text + off, "开展活动3场以上。", len);
    wp_plan_free(p);
}

/* Annotation variants: a person key, 参与, 【】, key lines after the
 * point, an annotation closing several tasks, half-width keys; a
 * one-sentence point keeps its target; a tab-separated table with 牵头 /
 * 配合 / 完成时限 columns and a blank (merged) category. */
static void test_annotation_variants(void **state)
{
    wp_plan *p;
    wp_node *n;
    (void)state;
    p = import_example("annotations.txt");
    assert_string_equal(wp_plan_doc_number(p)->prefix, "示区科协"); /* （2026） brackets */
    n = node(p, "1.1");
    assert_int_equal(wp_node_assignment_count(n), 2); /* 王明 is a person, not a unit */
    assert_string_equal(wp_node_assignment_person(n, 0), "王明");
    assert_int_equal(wp_node_assignment_role(n, 1), WP_ROLE_SUPPORT); /* 参与单位 */
    assert_null(wp_unit_find(p, "王明"));
    has_indicator(p, &(want_ind){"1.1.t1", WP_OP_GE, 12, "场"});     /* １２场以上 */
    has_indicator(p, &(want_ind){"1.1.t1", WP_OP_EQ, 1000, "人次"}); /* 1,000人次 */
    has_indicator(p, &(want_ind){"1.1.t1", WP_OP_EQ, 120, "份"});    /* 一百二十份 */
    /* The annotation inside the last of several tasks is the point's. */
    assert_int_equal(wp_node_assignment_count(node(p, "1.2")), 1);
    assert_int_equal(wp_node_assignment_count(node(p, "1.2.t2")), 0);
    /* 牵头单位：… on its own lines, after the point; 区科技馆 = 科技馆 later. */
    n = node(p, "1.3");
    assert_int_equal(wp_node_child_count(n), 1);
    assert_string_equal(wp_unit_name(wp_node_assignment_unit(n, 0)), "区科技馆");
    assert_int_equal(wp_node_assignment_role(n, 1), WP_ROLE_SUPPORT);
    assert_int_equal(count(p, "own.unit:科普部 role:lead"), 4); /* 1.1, 【】 1.4, two rows */
    assert_int_equal(count(p, "own.unit:宣传部 role:lead"), 1);   /* (牵头部门:宣传部;…) */
    assert_int_equal(count(p, "own.unit:各学会 role:support"), 1);
    /* 1.继续实施…，力争全年开展活动100场次以上。 */
    n = node(p, "1.5");
    assert_non_null(wp_node_title(n)); /* MODEL.md "headings": the sentence is the title */
    has_indicator(p, &(want_ind){"1.5", WP_OP_GE, 100, "场次"});
    assert_true(wp_indicator_aspirational(wp_node_indicator(n, 0)));
    /* Keys separated by ， (not ；), and an annotation alone on the next line. */
    {
        wp_plan *q = import("一、甲\n1.乙。开展活动。（牵头部室：科普部，配合部室：学会部、宣传部）\n"
                            "2.丙。\n（牵头部室：办公室）\n", NULL);
        n = node(q, "1.1");
        assert_int_equal(wp_node_assignment_count(n), 3);
        assert_string_equal(wp_unit_name(wp_node_assignment_unit(n, 1)), "学会部");
        assert_int_equal(wp_node_assignment_role(n, 1), WP_ROLE_SUPPORT);
        assert_int_equal(count(q, "own.unit:办公室 role:lead"), 1);
        assert_int_equal(wp_node_child_count(node(q, "1.2")), 0);
        wp_plan_free(q);
    }
    /* The table: columns by tab, blank cells kept in place. */
    n = node(p, "a1.r1");
    assert_int_equal(wp_node_assignment_role(n, 1), WP_ROLE_SUPPORT);
    assert_string_equal(wp_unit_name(wp_node_assignment_unit(n, 1)), "办公室");
    assert_int_equal(wp_node_deadline(n)->end, wp_date_make(2026, 9, 30));
    n = node(p, "a1.r2");
    assert_string_equal(wp_node_category(n), "阵地");
    assert_int_equal(wp_node_assignment_count(n), 1);
    assert_int_equal(wp_node_deadline(n)->end, wp_date_make(2026, 6, 30));
    wp_plan_free(p);
}

/* Damaged documents: seeded random edits of each sample (bytes replaced,
 * deleted, or the genre's delimiters inserted) must import or fail with
 * WP_EFORMAT, never crash or leak (this suite also runs under ASan and
 * valgrind). */
static void test_mutations(void **state)
{
    static const char *const files[] = {"work_plan.txt", "traditional.txt", "summary.txt",
                                        "implementation_plan.txt", "spaced_table.txt",
                                        "annotations.txt", "highlights.txt", "task_list.txt"};
    static const char *const pieces[] = {"（", "）", "(", ")", "\t", "\n", "：", "、", "；", "。",
                                         "一、", "（一）", "1.", "①", "牵头单位：", "以上",
                                         "万", "百分之", "年底前", "序号", "\xEF\xBF\xBD", "  "};
    unsigned seed = 20261122u;
    int rounds = getenv("WP_MUTATIONS") ? atoi(getenv("WP_MUTATIONS")) : 150; /* deeper runs */
    (void)state;
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char path[1024], *orig, *buf;
        size_t len;
        FILE *fp;
        snprintf(path, sizeof path, "%s/%s", plans_dir, files[f]);
        fp = fopen(path, "rb");
        assert_non_null(fp);
        orig = malloc(1 << 16);
        buf = malloc(1 << 17);
        len = fread(orig, 1, 1 << 16, fp);
        fclose(fp);
        for (int round = 0; round < rounds; round++) {
            size_t n = len;
            wp_plan *p = NULL;
            wp_import_report *rep = NULL;
            int rc;
            memcpy(buf, orig, len);
            for (int e = 0; e < 1 + round % 8; e++) {
                size_t at;
                seed = seed * 1103515245u + 12345u;
                at = n ? (seed >> 8) % n : 0;
                switch ((seed >> 4) % 3) {
                case 0: /* a byte replaced: may break UTF-8 */
                    if (n)
                        buf[at] = (char)(seed >> 16);
                    break;
                case 1: /* a run deleted */
                    if (n) {
                        size_t k = 1 + (seed >> 20) % 12;
                        if (at + k > n)
                            k = n - at;
                        memmove(buf + at, buf + at + k, n - at - k);
                        n -= k;
                    }
                    break;
                default: { /* a delimiter inserted */
                    const char *piece = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
                    size_t k = strlen(piece);
                    if (n + k < (1u << 17)) {
                        memmove(buf + at + k, buf + at, n - at);
                        memcpy(buf + at, piece, k);
                        n += k;
                    }
                }
                }
            }
            rc = wp_import_text(&p, &rep, buf, n, NULL);
            if (rc != 0 && rc != WP_EFORMAT)
                fail_msg("%s round %d: %d %s", files[f], round, rc, wp_error_last()->message);
            if (rc != 0 && wp_error_last()->code != rc)
                fail_msg("%s round %d: returned %d, error says %d", files[f], round, rc,
                         wp_error_last()->code);
            wp_import_report_free(rep);
            wp_plan_free(p);
        }
        free(orig);
        free(buf);
    }
}

/* Text placed at the very end of a readable page, the next page
 * inaccessible: reading one byte past the text faults (without ASan). */
static char *guarded(const char *text, size_t len, void **map, size_t *map_len)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), pages = (len + page - 1) / page + 1;
    char *m;
    *map_len = (pages + 1) * page;
    m = mmap(NULL, *map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(m != MAP_FAILED);
    assert_int_equal(mprotect(m + pages * page, page, PROT_NONE), 0);
    *map = m;
    memcpy(m + pages * page - len, text, len);
    return m + pages * page - len;
}

/* Issue 10, defect 3: a text ending in a CJK character then '(' made the
 * pinyin-gloss scan read past the buffer. */
static void test_gloss_at_end(void **state)
{
    static const char *const texts[] = {"一、加强组织\n1.市科协办(", "办（", "區(q", "區(qū"};
    (void)state;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        void *map;
        size_t map_len, len = strlen(texts[i]);
        const char *t = guarded(texts[i], len, &map, &map_len);
        wp_plan *p = NULL;
        wp_import_report *rep = NULL;
        int rc = wp_import_text(&p, &rep, t, len, NULL);
        assert_true(rc == 0 || rc == WP_EFORMAT);
        wp_plan_free(p);
        wp_import_report_free(rep);
        munmap(map, map_len);
    }
}

/* Issue 10, defect 4: a notice headline whose 《 is never closed left a
 * half-copied title behind (glued to the next lines, or cut inside a
 * character: WP_EUTF8 while wp_error_last() said WP_OK). */
static void test_unclosed_notice_title(void **state)
{
    static const char tiny[] = "关于《\n关于《f";
    const char *bad = "关于印发《某县科协2024年工作要点〉的通知\n"
                      "各乡镇科协：\n现将有关事项通知如下。\n"
                      "一、加强组织建设\n1.完善制度。\n";
    const char *open = "关于印发《某县科协2024年工作要点\n一、加强组织建设\n1.完善制度。\n";
    wp_plan *p = NULL;
    wp_import_report *rep = NULL;
    int rc;
    (void)state;
    assert_int_equal(sizeof tiny - 1, 20);
    rc = wp_import_text(&p, &rep, tiny, sizeof tiny - 1, NULL);
    if (rc != 0) /* whatever the outcome, the error is the one returned */
        assert_int_equal(wp_error_last()->code, rc);
    else
        assert_true(wp_plan_title(p) == NULL || wp_plan_title(p)[0] != 'f');
    wp_plan_free(p);
    wp_import_report_free(rep);

    p = import(bad, NULL);
    assert_string_equal(wp_plan_title(p), "某县科协2024年工作要点");
    assert_int_equal(wp_plan_year(p), 2024);
    assert_int_equal(count(p, "kind:section"), 1);
    wp_plan_free(p);

    /* Never closed: not a title glued over the body's headings. */
    p = import(open, NULL);
    assert_true(wp_plan_title(p) == NULL || strstr(wp_plan_title(p), "加强组织") == NULL);
    assert_int_equal(count(p, "kind:section"), 1);
    assert_int_equal(count(p, "kind:point"), 1);
    wp_plan_free(p);
}

/* Issue 10, defect 8: every failed allocation during an import comes back
 * as WP_ENOMEM (a dropped preamble, title or warning with a 0 return is a
 * silent partial result), with nothing leaked. Documents with a preamble,
 * Traditional script, GB18030, a summary, furniture and warnings. */
static int import_alloc_docs(void)
{
    static const char *const docs[] = {
        "发布时间：2024-03-01\n某市科协2024年工作要点\n"
        "2024年，市科协坚持以人民为中心，全面推进各项工作。\n要求如下。\n"
        "一、加强组织建设\n1.完善制度。举办培训10场以上，6月底前完成（牵头部门：办公室）。\n"
        "二、服务企业\n（一）助力创新\n1.服务企业1万家。\n附件：分工表\n",
        "某縣科協2024年工作總結\n今年，本會圍繞中心，服務大局。\n"
        "一、組織建設\n全年舉辦活動120場，參與人數3000人次。\n大會現場\n",
        "一、甲\n1.乙(qū)丙。\xEF\xBF\xBD年底前完成。\n",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        wp_plan *p = NULL;
        wp_import_report *rep = NULL;
        int rc = wp_import_text(&p, &rep, docs[i], strlen(docs[i]), NULL);
        wp_import_report_free(rep);
        wp_plan_free(p);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* 百分之八十 is one target, 80 %: the 百 of 百分之 is not a figure of its
 * own (the lexicon merge read 达到百 as "reach 100"). */
/* The scans' fast paths (issue 14) read what the character-by-character
 * scans read: more figures in one task than the candidate list holds (128),
 * whole numbers read without strtod up to 15 digits and with it beyond,
 * Chinese numerals and ○ in years, and the characters clean_line must not
 * copy as they are inside runs of plain ones. */
static void test_scan_fast_paths(void **state)
{
    char *text = malloc(16384);
    size_t o = 0;
    wp_plan *p;
    wp_node *t;
    wp_import_report *rep = NULL;
    (void)state;
    assert_non_null(text);
    o += (size_t)snprintf(text + o, 16384 - o, "示例2024年工作要点\n一、甲\n1.乙。");
    for (int i = 1; i <= 150; i++)
        o += (size_t)snprintf(text + o, 16384 - o, "举办活动%d场，", i);
    snprintf(text + o, 16384 - o, "2024年6月底前完成。\n");
    p = import(text, NULL);
    t = node(p, "1.1.t1");
    assert_int_equal(wp_node_indicator_count(t), 150);
    assert_true(wp_indicator_value(wp_node_indicator(t, 0)) == 1);
    assert_true(wp_indicator_value(wp_node_indicator(t, 149)) == 150);
    due(p, "1.1.t1", 0, wp_date_make(2024, 6, 30), WP_PRECISION_MONTH, false);
    wp_plan_free(p);
    free(text);

    p = import("示例2024年工作要点\n一、甲\n1.乙。举办活动不少于999999999999999场；"
               "举办活动不少于1234567890123456场；覆盖率达到12.5%；新建十二家；"
               "二○二四年底前完成；第4季度完成。\n", NULL);
    assert_true(wp_indicator_value(wp_node_indicator(node(p, "1.1.t1"), 0)) == 999999999999999.0);
    assert_true(wp_indicator_value(wp_node_indicator(node(p, "1.1.t2"), 0)) ==
                strtod("1234567890123456", NULL));
    assert_true(wp_indicator_value(wp_node_indicator(node(p, "1.1.t3"), 0)) == 12.5);
    assert_true(wp_indicator_value(wp_node_indicator(node(p, "1.1.t4"), 0)) == 12);
    due(p, "1.1.t5", 0, wp_date_make(2024, 12, 31), WP_PRECISION_YEAR, false);
    due(p, "1.1.t6", wp_date_make(2024, 10, 1), wp_date_make(2024, 12, 31), WP_PRECISION_QUARTER,
        false);
    wp_plan_free(p);

    /* U+3000 as a space, U+FEFF and U+200B dropped, U+FFFD dropped with a
     * warning, a gloss after a CJK character that ends a run. */
    p = import("示例2024年工作要点\n一、甲\n1.乙。建设\xE3\x80\x80科普\xEF\xBB\xBF基地\xE2\x80\x8B，"
               "服务\xEF\xBF\xBD社区，编写區(qū)志。\n", &rep);
    assert_string_equal(wp_node_text(node(p, "1.1.t1")), "建设 科普基地，服务社区，编写區志。");
    assert_int_equal(wp_import_report_warning_count(rep), 1);
    wp_import_report_free(rep);
    wp_plan_free(p);
}

static void test_percent_words(void **state)
{
    wp_plan *p = import("一、甲\n1.乙。服务覆盖率达到百分之八十。\n", NULL);
    wp_node *t = wp_plan_find_node(p, "1.1.t1");
    (void)state;
    assert_non_null(t);
    assert_int_equal(wp_node_indicator_count(t), 1);
    assert_int_equal(wp_indicator_op(wp_node_indicator(t, 0)), WP_OP_GE);
    assert_true(wp_indicator_value(wp_node_indicator(t, 0)) == 80);
    assert_string_equal(wp_indicator_unit(wp_node_indicator(t, 0)), "%");
    wp_plan_free(p);
    /* A full-width ％ (three bytes) is skipped whole: skipping one byte cut
     * the indicator's text inside it and the import failed (WP_EUTF8;
     * found by fuzz_import). */
    p = import("一、甲\n1.乙。覆盖率达到95％以上。\n", NULL);
    t = wp_plan_find_node(p, "1.1.t1");
    assert_non_null(t);
    assert_int_equal(wp_node_indicator_count(t), 1);
    assert_int_equal(wp_indicator_op(wp_node_indicator(t, 0)), WP_OP_GE);
    assert_string_equal(wp_indicator_unit(wp_node_indicator(t, 0)), "%");
    assert_string_equal(wp_indicator_text(wp_node_indicator(t, 0)), "达到95％以上");
    wp_plan_free(p);
}

static void test_import_alloc(void **state)
{
    (void)state;
    for (long fail_at = 0; fail_at < 100000; fail_at++) {
        counting_alloc c = {0, fail_at, 0};
        int rc;
        counting_alloc_install(&c);
        rc = import_alloc_docs();
        counting_alloc_remove();
        if (c.live != 0)
            fail_msg("%ld blocks leaked when allocation %ld failed", c.live, fail_at);
        if (rc == 0 && c.calls <= fail_at)
            return; /* ran to the end without hitting the failure */
        if (rc != WP_ENOMEM)
            fail_msg("allocation %ld failed but the import returned %d", fail_at, rc);
    }
}

/* Issue 11 pattern 1: text copied from a web page, every line after a tab
 * (or U+3000, NBSP): indentation, not table cells. A tab-led 序号 header
 * still starts a one-cell-per-line table. */
static void test_indentation(void **state)
{
    static const char *const leads[] = {"\t", "\xE3\x80\x80\xE3\x80\x80", "\xC2\xA0\xC2\xA0"};
    (void)state;
    for (size_t k = 0; k < 3; k++) {
        char text[1024];
        const char *l = leads[k];
        wp_plan *p;
        snprintf(text, sizeof text,
                 "%s某区科协2025年工作要点\n%s一、做强科普阵地。新建科普e站15个。（科普部负责）\n"
                 "%s二、做优学会服务\n%s1.指导学会建设。举办沙龙不少于20场。\n",
                 l, l, l, l);
        p = import(text, NULL);
        assert_int_equal(count(p, "kind:section"), 2);
        assert_int_equal(count(p, "kind:point"), 1);
        assert_string_equal(wp_node_title(node(p, "1")), "做强科普阵地");
        assert_int_equal(count(p, "ind.op:ge"), 1);
        wp_plan_free(p);
    }
}

/* Issue 11: no silent empty result. A non-empty document in which no
 * heading and no task is recognised imports with a warning that says so. */
static void test_no_silent_empty(void **state)
{
    wp_import_report *rep;
    wp_plan *p = import("某县科协2024年工作要点\n今年要做好科普工作。\n还要加强学会建设。\n", &rep);
    bool warned = false;
    (void)state;
    for (size_t w = 0; w < wp_import_report_warning_count(rep); w++)
        warned |= strstr(wp_import_report_warning(rep, w), "no heading and no task") != NULL;
    assert_true(warned);
    wp_import_report_free(rep);
    wp_plan_free(p);
    /* A plan with headings has no such warning. */
    p = import("一、甲\n1.乙。\n", &rep);
    for (size_t w = 0; w < wp_import_report_warning_count(rep); w++)
        assert_null(strstr(wp_import_report_warning(rep, w), "no heading"));
    wp_import_report_free(rep);
    wp_plan_free(p);
}

/* Inputs found by fuzz_import (run under ASan+UBSan in CI). */
static void test_fuzz_regressions(void **state)
{
    /* Folded as Traditional with no character to give back: qsort on a
     * NULL pair list (UBSan). */
    static const char t1[] = "\xe7\xa4\xba\xe4\xe6\x89\xa7\xe8\xa1\x8c\xe6\x83\x85\xe5\x86\xb5";
    wp_plan *p = NULL;
    wp_import_report *rep = NULL;
    int rc;
    (void)state;
    rc = wp_import_text(&p, &rep, t1, sizeof t1 - 1, NULL);
    assert_true(rc == 0 || rc == WP_EFORMAT);
    wp_plan_free(p);
    wp_import_report_free(rep);
}

/* The real documents of ../shared/seeds, found by their number prefix;
 * the test is skipped when the folder is absent (a user's clone). */
static wp_plan *import_seed(const char *prefix)
{
    DIR *d = seeds_dir ? opendir(seeds_dir) : NULL;
    struct dirent *e;
    char path[2048] = "";
    wp_plan *p;
    if (d == NULL)
        return NULL;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            snprintf(path, sizeof path, "%s/%s", seeds_dir, e->d_name);
    closedir(d);
    if (path[0] == '\0')
        return NULL;
    OK(wp_import_file(&p, NULL, path, NULL));
    return p;
}

static void test_seeds(void **state)
{
    wp_plan *p;
    wp_node *row;
    (void)state;
    if ((p = import_seed("000_")) == NULL) {
        skip(); /* no ../shared/seeds here */
        return;
    }
    assert_int_equal(count(p, "kind:section"), 7);
    assert_int_equal(count(p, "kind:point"), 23);
    assert_int_equal(wp_plan_year(p), 2024);
    /* 9 targets on 7 tasks: 新建院士工作站2家以上, 5家以上, 40篇以上, the …左右 ones. */
    assert_int_equal(count(p, "has:indicator"), 7);
    assert_int_equal(count(p, "ind.unit:家 value>=2"), 3);
    assert_int_equal(count(p, "ind.op:ge"), 4);
    /* 力争在2024年底上线试运行 */
    assert_int_equal(count(p, "due<=2024-12-31"), 1);
    assert_int_equal(count(p, "due<=2024-12-31 text:上线试运行"), 1);
    wp_plan_free(p);

    p = import_seed("004_");
    assert_non_null(p);
    assert_int_equal(count(p, "kind:section"), 8);
    assert_int_equal(count(p, "kind:point"), 31);
    wp_plan_free(p);

    p = import_seed("003_");
    assert_non_null(p);
    assert_int_equal(count(p, "kind:section"), 3);
    assert_int_equal(count(p, "kind:subsection"), 5);
    assert_int_equal(count(p, "kind:point"), 4);
    /* The 25 rows of the task table: each with its category and units. */
    assert_int_equal(count(p, "kind:task under:a1"), 25);
    for (wp_node *r = wp_node_first_child(node(p, "a1")); r; r = wp_node_next(r)) {
        assert_non_null(wp_node_category(r));
        assert_true(wp_node_assignment_count(r) >= 1);
    }
    row = node(p, "a1.r1");
    assert_int_equal(wp_node_assignment_role(row, 0), WP_ROLE_RESPONSIBLE);
    assert_int_equal(wp_plan_unit_count(p), 12);
    wp_plan_free(p);
}

/* Traditional→Simplified conversion run by run (textnorm.c converts only the
 * runs of dictionary characters that hold a changing one): the same result
 * as OpenCC over the whole text, for phrases whose characters do not change
 * alone (反覆, 瞭解, 沈默), phrases that keep a character (乾隆), text with
 * no changing character at all, and a whole Traditional text. */
static void test_t2s_runs(void **state)
{
    /* Simplified text around the words: more than 15 characters for each
     * changing one, so that the runs are converted, not the whole text. */
#define PAD "全面推进科学普及工作，开展科普活动一百场，提高公民科学素质水平。"
    static const char *const cases[][2] = {
        {PAD "做好覆盖面工作", PAD "做好覆盖面工作"},
        {PAD "反覆研究，深入瞭解情况。" PAD "一目瞭然。", PAD "反复研究，深入了解情况。" PAD "一目了然。"},
        {PAD "会上沈默不语 abc 123", PAD "会上沉默不语 abc 123"},
        {PAD "乾隆年间，乾燥天气" PAD, PAD "乾隆年间，干燥天气" PAD},
        {PAD "開展活動", PAD "开展活动"},
        {"全面推进科普工作，开展活动100场。", "全面推进科普工作，开展活动100场。"},
        {"推動科學普及工作，開展活動。", "推动科学普及工作，开展活动。"},
        {"反覆瞭解", "反复了解"},
        {PAD "著名的科普作品，著作权登记", NULL},
        {"", ""},
    };
#undef PAD
    void *t2s;
    (void)state;
    if (!wp__have_opencc() || wp__t2s_shared(&t2s) < 0) {
        wp_error_clear();
        skip();
    }
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        OK(wp__textnorm(&out, cases[i][0], WP_TEXT_SCRIPT, t2s));
        if (cases[i][1] != NULL)
            assert_string_equal(out, cases[i][1]);
        wp__free(out);
    }
}

/* WP_LIMIT_LINE_BYTES: a longer line fails with WP_ELIMIT naming its line
 * number and the byte offset where the limit is crossed (issue 10); a line
 * of exactly the limit is read (\r\n and \r end lines too). */
/* Past WP_LIMIT_NODES, the error names the line of the node that would
 * cross it (the title is line 1, the headings "1." start at line 2). */
static void test_node_limit_names_line(void **state)
{
    size_t n = (size_t)WP_LIMIT_NODES + 1, hl = strlen("工作要点\n");
    char *text = malloc(hl + 3 * n + 1);
    wp_plan *p = NULL;
    (void)state;
    assert_non_null(text);
    memcpy(text, "工作要点\n", hl);
    for (size_t i = 0; i < n; i++)
        memcpy(text + hl + 3 * i, "1.\n", 3);
    text[hl + 3 * n] = '\0';
    assert_int_equal(wp_import_text(&p, NULL, text, hl + 3 * n, NULL), WP_ELIMIT);
    assert_null(p);
    assert_int_equal(wp_error_last()->line, WP_LIMIT_NODES + 2);
    assert_int_equal(wp_error_last()->offset, hl + 3 * (size_t)WP_LIMIT_NODES);
    assert_non_null(strstr(wp_error_last()->message, "WP_LIMIT_NODES"));
    /* one heading fewer: imported */
    OK(wp_import_text(&p, NULL, text, hl + 3 * (n - 1), NULL));
    wp_plan_free(p);
    free(text);
}

static void test_line_limit(void **state)
{
    static const char *const heads[] = {"工作要点\n", "工作要点\r\n", "工作要点\r", "x\n\n"};
    (void)state;
    for (size_t h = 0; h < sizeof heads / sizeof heads[0]; h++) {
        size_t hl = strlen(heads[h]);
        int line = h == 3 ? 3 : 2;
        char *text = malloc(hl + WP_LIMIT_LINE_BYTES + 2);
        wp_plan *p = NULL;
        wp_import_report *rep = NULL;
        assert_non_null(text);
        memcpy(text, heads[h], hl);
        memset(text + hl, 'a', WP_LIMIT_LINE_BYTES + 1);
        text[hl + WP_LIMIT_LINE_BYTES + 1] = '\0';
        /* one byte over */
        assert_int_equal(wp_import_text(&p, &rep, text, hl + WP_LIMIT_LINE_BYTES + 1, NULL),
                         WP_ELIMIT);
        assert_null(p);
        assert_int_equal(wp_error_last()->line, line);
        assert_int_equal(wp_error_last()->offset, hl + WP_LIMIT_LINE_BYTES);
        assert_non_null(strstr(wp_error_last()->message, "WP_LIMIT_LINE_BYTES"));
        wp_import_report_free(rep);
        rep = NULL;
        /* the same line with a newline after it: the same error */
        text[hl + WP_LIMIT_LINE_BYTES + 1] = '\n';
        assert_int_equal(wp_import_text(&p, NULL, text, hl + WP_LIMIT_LINE_BYTES + 2, NULL),
                         WP_ELIMIT);
        assert_int_equal(wp_error_last()->line, line);
        /* exactly the limit: imported */
        text[hl + WP_LIMIT_LINE_BYTES] = '\n';
        OK(wp_import_text(&p, NULL, text, hl + WP_LIMIT_LINE_BYTES + 2, NULL));
        wp_plan_free(p);
        free(text);
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metadata),     cmocka_unit_test(test_hierarchy),
        cmocka_unit_test(test_indicators),   cmocka_unit_test(test_deadlines),
        cmocka_unit_test(test_responsibility), cmocka_unit_test(test_tables),
        cmocka_unit_test(test_traditional_and_damage), cmocka_unit_test(test_summary),
        cmocka_unit_test(test_encodings),    cmocka_unit_test(test_errors_and_options),
        cmocka_unit_test(test_spans),        cmocka_unit_test(test_seeds),
        cmocka_unit_test(test_annotation_variants), cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_highlights),  cmocka_unit_test(test_task_list),
        cmocka_unit_test(test_trailing_signature), cmocka_unit_test(test_gloss_at_end),
        cmocka_unit_test(test_unclosed_notice_title), cmocka_unit_test(test_import_alloc),
        cmocka_unit_test(test_indentation), cmocka_unit_test(test_percent_words), cmocka_unit_test(test_no_silent_empty),
        cmocka_unit_test(test_fuzz_regressions), cmocka_unit_test(test_t2s_runs),
        cmocka_unit_test(test_line_limit),
        cmocka_unit_test(test_node_limit_names_line),
        cmocka_unit_test(test_scan_fast_paths),
    };
    plans_dir = argc > 1 ? argv[1] : getenv("WP_PLANS");
    if (plans_dir == NULL)
        plans_dir = "examples/plans";
    seeds_dir = argc > 2 ? argv[2] : getenv("WP_SEEDS");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
