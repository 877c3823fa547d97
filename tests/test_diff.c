/*
 * Tests of wp_plan_diff / wp_corpus_diff (lib/diff/).
 *
 * Matching quality is measured on pairs of plans written for these tests
 * (examples/diff/plan_2024.txt → plan_2025.txt, and a pair built through
 * the C API below), against the pairs we intended when writing them —
 * listed before the code that checks them. Precision and recall are
 * printed, and must stay above a floor.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* scandir, alphasort */
#endif
#include "helpers.h"
#include "diffx.h"
#include "textnorm.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static const char *diff_dir; /* examples/diff */

/* ---- helpers -------------------------------------------------------------- */

static wp_plan *import_file(const char *name)
{
    char path[1024];
    wp_plan *p = NULL;
    snprintf(path, sizeof path, "%s/%s", diff_dir, name);
    OK(wp_import_file(&p, NULL, path, NULL));
    return p;
}

/* The node whose title or text contains `needle` (first in preorder). */
static wp_node *find_text(wp_plan *p, const char *needle)
{
    wp_iter *it;
    wp_node *hit = NULL;
    OK(wp_iter_new(&it, p));
    while (wp_iter_next(it) != WP_EVENT_DONE && hit == NULL) {
        wp_node *n = wp_iter_node(it);
        if (wp_iter_event(it) != WP_EVENT_ENTER)
            continue;
        if ((wp_node_title(n) && strstr(wp_node_title(n), needle)) ||
            (wp_node_text(n) && strstr(wp_node_text(n), needle)))
            hit = n;
    }
    wp_iter_free(it);
    if (hit == NULL)
        fail_msg("no node contains '%s'", needle);
    return hit;
}

static const wp_diff_entry *entry_of_new(const wp_diff *d, const wp_node *n)
{
    for (size_t i = 0; i < wp_diff_entry_count(d); i++)
        if (wp_diff_entry_new(wp_diff_entry_at(d, i)) == n)
            return wp_diff_entry_at(d, i);
    return NULL;
}

static const wp_diff_entry *entry_of_old(const wp_diff *d, const wp_node *n)
{
    for (size_t i = 0; i < wp_diff_entry_count(d); i++)
        if (wp_diff_entry_old(wp_diff_entry_at(d, i)) == n)
            return wp_diff_entry_at(d, i);
    return NULL;
}

static const wp_diff_change *change_of(const wp_diff_entry *e, wp_diff_what what)
{
    for (size_t i = 0; i < wp_diff_entry_change_count(e); i++)
        if (wp_diff_change_what(wp_diff_entry_change(e, i)) == what)
            return wp_diff_entry_change(e, i);
    return NULL;
}

/* An intended pair: old node → new node (NULL for removed / added). */
typedef struct pair {
    wp_node *old_node, *new_node;
} pair;

/* Precision: of the pairs the diff matched, how many we intended.
 * Recall: of the pairs we intended, how many the diff matched. */
static void score_pairs(const char *name, const wp_diff *d, const pair *want, size_t n_want,
                        double floor)
{
    size_t matched = 0, intended = 0, correct = 0;
    double lowest = 1.0; /* the weakest correct match: the margin above the threshold */
    for (size_t i = 0; i < wp_diff_entry_count(d); i++) {
        const wp_diff_entry *e = wp_diff_entry_at(d, i);
        if (wp_diff_entry_old(e) && wp_diff_entry_new(e))
            matched++;
    }
    for (size_t k = 0; k < n_want; k++) {
        if (want[k].old_node == NULL || want[k].new_node == NULL) {
            /* an intended add or drop: it must not be matched */
            const wp_diff_entry *e = want[k].old_node ? entry_of_old(d, want[k].old_node)
                                                      : entry_of_new(d, want[k].new_node);
            assert_non_null(e);
            if (wp_diff_entry_old(e) && wp_diff_entry_new(e))
                print_message("  %s: unintended match of %s\n", name,
                              wp_node_id(want[k].old_node ? want[k].old_node : want[k].new_node));
            continue;
        }
        intended++;
        const wp_diff_entry *e = entry_of_old(d, want[k].old_node);
        if (e && wp_diff_entry_new(e) == want[k].new_node) {
            correct++;
            if (wp_diff_entry_score(e) < lowest)
                lowest = wp_diff_entry_score(e);
        }
        else
            print_message("  %s: missed %s → %s\n", name, wp_node_id(want[k].old_node),
                          wp_node_id(want[k].new_node));
    }
    double precision = matched ? (double)correct / matched : 1.0;
    double recall = intended ? (double)correct / intended : 1.0;
    print_message("%s: %zu pairs intended, %zu matched, %zu correct: precision %.3f, recall %.3f "
                  "(weakest correct score %.2f)\n",
                  name, intended, matched, correct, precision, recall, lowest);
    assert_true(precision >= floor);
    assert_true(recall >= floor);
}

/* ---- 1. the sample plans (examples/diff) ----------------------------------- */

static void test_sample_pair(void **state)
{
    (void)state;
    wp_plan *a = import_file("plan_2024.txt"), *b = import_file("plan_2025.txt");
    wp_diff *d;
    OK(wp_plan_diff(&d, a, b, NULL));
    /* Written when the plans were: every section, subsection, point and
     * measure of 2024 with its 2025 counterpart, by content. */
    pair want[] = {
        {find_text(a, "加强政治引领"), find_text(b, "强化政治引领")},         /* reworded heading */
        {find_text(a, "深化理论学习"), find_text(b, "深化理论武装")},         /* reworded heading */
        {find_text(a, "抓好理论武装"), find_text(b, "抓好理论武装")},
        {find_text(a, "集体学习不少于10次"), find_text(b, "集体学习不少于12次")}, /* re-targeted */
        {find_text(a, "思想状况调查"), find_text(b, "思想状况调查")},         /* reworded */
        {find_text(a, "弘扬科学家精神"), find_text(b, "弘扬科学家精神")},
        {find_text(a, "宣讲报告会"), find_text(b, "宣讲报告会")},             /* 60 → 80 场次 */
        {find_text(a, "教育基地"), NULL},                                     /* dropped */
        {NULL, find_text(b, "最美科技工作者")},                               /* new */
        {find_text(a, "推进科学普及"), find_text(b, "推进科学普及")},
        {find_text(a, "办好品牌活动"), find_text(b, "办好品牌活动")},
        {find_text(a, "全国科普日"), find_text(b, "全国科普日")},             /* 5万 → 8万 */
        {find_text(a, "青少年科技创新大赛"), find_text(b, "青少年科技创新大赛")}, /* + deadline */
        {find_text(a, "夯实基层阵地"), find_text(b, "夯实基层阵地")},
        {find_text(a, "科普e站"), find_text(b, "科普e站")},                   /* 20 → 30, reworded */
        {find_text(a, "农村实用技术"), find_text(b, "农村实用技术")},         /* moved to 三 */
        {find_text(a, "服务创新发展"), find_text(b, "服务创新发展")},
        {find_text(a, "引育创新人才"), find_text(b, "引育创新人才")},
        {find_text(a, "院士专家工作站"), find_text(b, "院士专家工作站")},     /* 2 → 5 家 */
        {find_text(a, "高层次人才团队"), find_text(b, "高层次人才团队")},
        {find_text(a, "促进科技经济融合"), find_text(b, "促进科技经济融合")}, /* new lead unit */
        {find_text(a, "服务企业"), find_text(b, "服务企业")},
        {find_text(a, "创新成果对接会"), NULL},                               /* dropped */
        {NULL, find_text(b, "学术沙龙")},                                     /* new */
        {find_text(a, "加强自身建设"), find_text(b, "加强自身建设")},
        {find_text(a, "改进机关作风"), find_text(b, "改进机关作风")},
        {find_text(a, "机关作风专项整治"), find_text(b, "机关作风专项整治")}, /* 40 → 35 以内 */
        {find_text(a, "财务专项检查"), find_text(b, "财务专项检查")},
    };
    score_pairs("sample 2024→2025", d, want, sizeof want / sizeof *want, 0.95);

    /* the changes a reader looks for */
    const wp_diff_entry *e = entry_of_new(d, find_text(b, "院士专家工作站"));
    const wp_diff_change *c = change_of(e, WP_DIFF_INDICATOR_CHANGED);
    assert_non_null(c);
    assert_string_equal(wp_diff_change_description(c), "院士专家工作站: target raised from 2 to 5 家");
    assert_string_equal(wp_diff_change_old_value(c), "= 2 家");
    assert_string_equal(wp_diff_change_new_value(c), "= 5 家");
    e = entry_of_new(d, find_text(b, "会议数量"));
    assert_non_null(strstr(wp_diff_change_description(change_of(e, WP_DIFF_INDICATOR_CHANGED)),
                           "lowered from 40 to 35"));
    e = entry_of_new(d, find_text(b, "农村实用技术"));
    assert_int_equal(wp_diff_entry_kind(e), WP_DIFF_MOVED);
    assert_string_equal(wp_diff_change_new_value(change_of(e, WP_DIFF_LEAD)), "学会部");
    e = entry_of_new(d, find_text(b, "青少年科技创新大赛"));
    assert_non_null(change_of(e, WP_DIFF_DEADLINE));
    /* 9月底前 in both years is no change (deadlines compared year-shifted) */
    assert_null(change_of(entry_of_new(d, find_text(b, "全国科普日")), WP_DIFF_DEADLINE));
    /* a unit change is listed where it originates (the point), not again
     * on the tasks that inherit it, unless asked */
    e = entry_of_new(d, find_text(b, "弘扬科学家精神"));
    assert_string_equal(wp_diff_change_new_value(change_of(e, WP_DIFF_SUPPORT)), "学会部、科普部");
    assert_null(change_of(entry_of_new(d, find_text(b, "宣讲报告会")), WP_DIFF_SUPPORT));
    {
        wp_diff_options opt = WP_DIFF_OPTIONS_INIT;
        wp_diff *d2;
        opt.inherited_units = true;
        OK(wp_plan_diff(&d2, a, b, &opt));
        e = entry_of_new(d2, find_text(b, "宣讲报告会"));
        assert_string_equal(wp_diff_change_new_value(change_of(e, WP_DIFF_SUPPORT)),
                            "学会部、科普部");
        wp_diff_free(d2);
    }
    e = entry_of_new(d, find_text(b, "财务专项检查"));
    assert_int_equal(wp_diff_entry_kind(e), WP_DIFF_UNCHANGED);
    /* the registry: 组织部 gone, 组织人事部 new */
    size_t added = 0, removed = 0;
    for (size_t i = 0; i < wp_diff_unit_count(d); i++) {
        wp_unit *u, *v;
        int k = wp_diff_unit_at(d, i, &u, &v);
        if (k == WP_DIFF_ADDED) {
            added++;
            assert_string_equal(wp_unit_name(v), "组织人事部");
        } else if (k == WP_DIFF_REMOVED) {
            removed++;
            assert_string_equal(wp_unit_name(u), "组织部");
        }
    }
    assert_int_equal(added, 1);
    assert_int_equal(removed, 1);
    /* metadata: the year, the document number and the title moved on */
    bool year = false, docno = false;
    for (size_t i = 0; i < wp_diff_meta_count(d); i++) {
        const wp_diff_change *m = wp_diff_meta_at(d, i);
        if (strcmp(wp_diff_change_field(m), "year") == 0) {
            year = true;
            assert_string_equal(wp_diff_change_old_value(m), "2024");
            assert_string_equal(wp_diff_change_new_value(m), "2025");
        }
        docno |= strcmp(wp_diff_change_field(m), "doc_number") == 0;
    }
    assert_true(year && docno);
    wp_diff_free(d);
    wp_plan_free(a);
    wp_plan_free(b);
}

/* ---- 2. a pair built through the C API --------------------------------------- */

static wp_node *add(wp_plan *p, wp_node *parent, wp_node_kind kind, const char *title,
                    const char *text)
{
    wp_node *n;
    OK(wp_node_new(&n, p, kind));
    if (title)
        OK(wp_node_set_title(n, title));
    if (text)
        OK(wp_node_set_text(n, text));
    OK(parent ? wp_node_append_child(parent, n) : wp_plan_append_node(p, n));
    return n;
}

static void target(wp_node *n, const char *subject, wp_op op, double value, const char *unit)
{
    wp_indicator *ind;
    OK(wp_node_add_indicator(&ind, n, subject));
    OK(wp_indicator_set_subject(ind, subject));
    OK(wp_indicator_set_op(ind, op));
    OK(wp_indicator_set_value(ind, value));
    OK(wp_indicator_set_unit(ind, unit));
}

static wp_unit *unit(wp_plan *p, const char *name)
{
    wp_unit *u = wp_unit_find(p, name);
    if (u == NULL)
        OK(wp_unit_add(&u, p, name, NULL));
    return u;
}

/* An implementation plan of a fictional 市数据局 and its next year's
 * version. Intended: the 2024 measures m1..m9 and their 2025 forms,
 * written as the comment beside each. */
static void build_pair(wp_plan **pa, wp_plan **pb, pair *want, size_t *n_want)
{
    wp_plan *a, *b;
    OK(wp_plan_new(&a));
    OK(wp_plan_new(&b));
    OK(wp_plan_set_year(a, 2024));
    OK(wp_plan_set_year(b, 2025));
    OK(wp_plan_set_issuer(a, "示范市数据局"));
    OK(wp_plan_set_issuer(b, "示范市数据局"));
    wp_node *a1 = add(a, NULL, WP_NODE_SECTION, "夯实数字基础设施", NULL);
    wp_node *a2 = add(a, NULL, WP_NODE_SECTION, "推进政务数据共享", NULL);
    wp_node *a3 = add(a, NULL, WP_NODE_SECTION, "强化数据安全保障", NULL);
    OK(wp_node_assign(a1, unit(a, "基础设施处"), WP_ROLE_LEAD, NULL));
    OK(wp_node_assign(a2, unit(a, "数据资源处"), WP_ROLE_LEAD, NULL));
    OK(wp_node_assign(a3, unit(a, "安全处"), WP_ROLE_LEAD, NULL));
    wp_node *m1 = add(a, a1, WP_NODE_TASK, NULL, "新建5G基站1200个，实现城区连续覆盖。");
    target(m1, "5G基站", WP_OP_EQ, 1200, "个");
    wp_node *m2 = add(a, a1, WP_NODE_TASK, NULL, "推进千兆光网进小区，覆盖家庭30万户。");
    target(m2, "千兆光网覆盖家庭", WP_OP_EQ, 30, "万户");
    wp_node *m3 = add(a, a1, WP_NODE_TASK, NULL, "建设市级算力调度平台，年底前上线运行。");
    wp_deadline dl = {"年底前", 0, 20241231, WP_PRECISION_YEAR, false};
    OK(wp_node_set_deadline(m3, &dl));
    wp_node *m4 = add(a, a2, WP_NODE_TASK, NULL, "编制公共数据资源目录，归集数据不少于500类。");
    target(m4, "归集数据", WP_OP_GE, 500, "类");
    wp_node *m5 = add(a, a2, WP_NODE_TASK, NULL, "打通部门业务系统20个，实现跨部门数据按需共享。");
    wp_node *m6 = add(a, a2, WP_NODE_TASK, NULL, "开展公共数据授权运营试点。");
    wp_node *m7 = add(a, a3, WP_NODE_TASK, NULL, "组织数据安全攻防演练2次，排查整改风险隐患。");
    target(m7, "攻防演练", WP_OP_EQ, 2, "次");
    wp_node *m8 = add(a, a3, WP_NODE_TASK, NULL, "落实数据分类分级保护制度，完成重要数据目录备案。");
    wp_node *m9 = add(a, a3, WP_NODE_TASK, NULL, "举办网络安全宣传周活动。");
    OK(wp_node_set_status(m9, WP_STATUS_DONE));

    wp_node *b1 = add(b, NULL, WP_NODE_SECTION, "适度超前建设数字基础设施", NULL);
    wp_node *b2 = add(b, NULL, WP_NODE_SECTION, "深化公共数据共享开放", NULL);
    wp_node *b3 = add(b, NULL, WP_NODE_SECTION, "筑牢数据安全防线", NULL);
    OK(wp_node_assign(b1, unit(b, "基础设施处"), WP_ROLE_LEAD, NULL));
    OK(wp_node_assign(b2, unit(b, "数据资源处"), WP_ROLE_LEAD, NULL));
    OK(wp_node_assign(b3, unit(b, "安全处"), WP_ROLE_LEAD, NULL));
    wp_node *n1 = add(b, b1, WP_NODE_TASK, NULL, "全年新建5G基站2000个，推动城区和重点乡镇连续覆盖。");
    target(n1, "5G基站", WP_OP_EQ, 2000, "个");
    wp_node *n3 = add(b, b1, WP_NODE_TASK, NULL, "建成市级算力调度平台并上线运行，年底前接入算力资源。");
    wp_deadline dl2 = {"年底前", 0, 20251231, WP_PRECISION_YEAR, false};
    OK(wp_node_set_deadline(n3, &dl2));
    wp_node *nx = add(b, b1, WP_NODE_TASK, NULL, "开展城市全域数字化转型试点，打造应用场景10个。");
    wp_node *n4 = add(b, b2, WP_NODE_TASK, NULL, "动态更新公共数据资源目录，累计归集数据不少于800类。");
    target(n4, "归集数据", WP_OP_GE, 800, "类");
    wp_node *n5 = add(b, b2, WP_NODE_TASK, NULL, "打通部门业务系统20个，实现跨部门数据按需共享。");
    wp_node *n6 = add(b, b2, WP_NODE_TASK, NULL, "全面推开公共数据授权运营，培育数据商15家。");
    OK(wp_node_assign(n6, unit(b, "数据要素处"), WP_ROLE_LEAD, NULL));
    wp_node *n2 = add(b, b2, WP_NODE_TASK, NULL, "推进千兆光网进小区，覆盖家庭40万户。"); /* moved */
    target(n2, "千兆光网覆盖家庭", WP_OP_EQ, 40, "万户");
    wp_node *n7 = add(b, b3, WP_NODE_TASK, NULL, "组织数据安全攻防演练3次，排查整改风险隐患。");
    target(n7, "攻防演练", WP_OP_EQ, 3, "次");
    wp_node *n8 = add(b, b3, WP_NODE_TASK, NULL, "落实数据分类分级保护制度，完成重要数据目录备案。");
    OK(wp_node_set_status(n8, WP_STATUS_IN_PROGRESS));
    wp_node *ny = add(b, b3, WP_NODE_TASK, NULL, "建立数据安全风险监测预警机制。");
    OK(wp_plan_assign_ids(a));
    OK(wp_plan_assign_ids(b));
    pair w[] = {
        {a1, b1}, /* heading rewritten: matched through its measures */
        {a2, b2}, /* rewritten */
        {a3, b3}, /* rewritten */
        {m1, n1}, /* 1200 → 2000 个, reworded */
        {m2, n2}, /* moved to 二, 30 → 40 万户 */
        {m3, n3}, /* reworded, same deadline a year on */
        {m4, n4}, /* reworded, 500 → 800 类 */
        {m5, n5}, /* unchanged */
        {m6, n6}, /* reworded, new lead 数据要素处 */
        {m7, n7}, /* 2 → 3 次 */
        {m8, n8}, /* status */
        {m9, NULL}, /* dropped */
        {NULL, nx}, /* new */
        {NULL, ny}, /* new */
    };
    memcpy(want, w, sizeof w);
    *n_want = sizeof w / sizeof *w;
    *pa = a;
    *pb = b;
}

static void test_built_pair(void **state)
{
    (void)state;
    wp_plan *a, *b;
    pair want[32];
    size_t n;
    wp_diff *d;
    build_pair(&a, &b, want, &n);
    OK(wp_plan_diff(&d, a, b, NULL));
    score_pairs("built 2024→2025", d, want, n, 0.9);
    /* the moved measure, its new effective lead and target */
    const wp_diff_entry *e = entry_of_old(d, want[4].old_node);
    assert_int_equal(wp_diff_entry_kind(e), WP_DIFF_MOVED);
    assert_string_equal(wp_diff_change_old_value(change_of(e, WP_DIFF_LEAD)), "基础设施处");
    assert_string_equal(wp_diff_change_new_value(change_of(e, WP_DIFF_LEAD)), "数据资源处");
    assert_non_null(change_of(e, WP_DIFF_INDICATOR_CHANGED));
    /* same deadline one year on: no change */
    assert_null(change_of(entry_of_old(d, want[5].old_node), WP_DIFF_DEADLINE));
    /* without year shifting it is a change */
    wp_diff_options opt = WP_DIFF_OPTIONS_INIT;
    wp_diff *d2;
    opt.shift_years = false;
    OK(wp_plan_diff(&d2, a, b, &opt));
    assert_non_null(change_of(entry_of_old(d2, want[5].old_node), WP_DIFF_DEADLINE));
    wp_diff_free(d2);
    e = entry_of_old(d, want[10].old_node);
    assert_string_equal(wp_diff_change_description(change_of(e, WP_DIFF_STATUS)),
                        "status: not_started → in_progress");
    e = entry_of_old(d, want[7].old_node);
    assert_int_equal(wp_diff_entry_kind(e), WP_DIFF_UNCHANGED);
    e = entry_of_old(d, want[8].old_node);
    assert_string_equal(wp_diff_change_new_value(change_of(e, WP_DIFF_LEAD)), "数据要素处");
    assert_int_equal(wp_diff_count(d, WP_DIFF_ADDED), 2);
    assert_int_equal(wp_diff_count(d, WP_DIFF_REMOVED), 1);
    /* a stricter threshold matches less, never more */
    opt = (wp_diff_options)WP_DIFF_OPTIONS_INIT;
    opt.threshold = 0.95;
    OK(wp_plan_diff(&d2, a, b, &opt));
    assert_true(wp_diff_count(d2, WP_DIFF_ADDED) > wp_diff_count(d, WP_DIFF_ADDED));
    wp_diff_free(d2);
    wp_diff_free(d);
    wp_plan_free(a);
    wp_plan_free(b);
}

/* A harder pair: every measure reworded with synonyms (举办 → 组织开展,
 * 达到 → 超过), a new section taking a moved measure, and new measures
 * that share words with a dropped one (院士专家). Intended pairs first. */
static void test_reworded_pair(void **state)
{
    (void)state;
    wp_plan *a, *b;
    wp_diff *d;
    OK(wp_plan_new(&a));
    OK(wp_plan_new(&b));
    wp_node *s1 = add(a, NULL, WP_NODE_SECTION, "提升公民科学素质", NULL);
    wp_node *s2 = add(a, NULL, WP_NODE_SECTION, "加强科普能力建设", NULL);
    wp_node *o1 = add(a, s1, WP_NODE_TASK, NULL, "举办全国科普日主题活动，组织科普场馆免费开放。");
    wp_node *o2 = add(a, s1, WP_NODE_TASK, NULL, "开展科技馆进校园活动，覆盖中小学50所。");
    wp_node *o3 = add(a, s1, WP_NODE_TASK, NULL, "建设社区科普大学教学点20个。");
    wp_node *o4 = add(a, s1, WP_NODE_TASK, NULL, "培育科普志愿者队伍，注册志愿者达到3000人。");
    wp_node *o5 = add(a, s1, WP_NODE_TASK, NULL, "举办青少年科技创新大赛和机器人竞赛。");
    wp_node *o9 = add(a, s1, WP_NODE_TASK, NULL, "组织院士专家科普报告会10场。");
    wp_node *o6 = add(a, s2, WP_NODE_TASK, NULL, "实施农民科学素质提升行动，培训农民5000人次。");
    wp_node *o7 = add(a, s2, WP_NODE_TASK, NULL, "开展科普讲解大赛，选拔优秀科普讲解员。");
    wp_node *o8 = add(a, s2, WP_NODE_TASK, NULL, "推进应急科普宣传，制作应急科普短视频30部。");
    wp_node *o10 = add(a, s2, WP_NODE_TASK, NULL, "加强科普信息化建设，科普中国APP注册用户新增1万人。");

    wp_node *t1 = add(b, NULL, WP_NODE_SECTION, "全面提升公民科学素质", NULL);
    wp_node *t2 = add(b, NULL, WP_NODE_SECTION, "强化科普基础能力", NULL);
    wp_node *t3 = add(b, NULL, WP_NODE_SECTION, "服务乡村振兴", NULL);
    wp_node *n1 = add(b, t1, WP_NODE_TASK, NULL, "组织开展全国科普日系列活动，推动各类科普场馆向公众免费开放。");
    wp_node *n2 = add(b, t1, WP_NODE_TASK, NULL, "深入实施科技馆进校园行动，惠及中小学80所。");
    wp_node *n3 = add(b, t1, WP_NODE_TASK, NULL, "新建社区科普大学教学点25个，完善教学体系。");
    wp_node *n4 = add(b, t1, WP_NODE_TASK, NULL, "壮大科普志愿服务力量，全市注册科普志愿者超过4000人。");
    wp_node *n5 = add(b, t1, WP_NODE_TASK, NULL, "组织青少年科技创新大赛、机器人竞赛等赛事活动。");
    wp_node *x1 = add(b, t1, WP_NODE_TASK, NULL, "举办院士专家进基层活动，开展科技咨询服务。");
    wp_node *n7 = add(b, t2, WP_NODE_TASK, NULL, "举办科普讲解大赛，培育一批优秀科普讲解员。");
    wp_node *n8 = add(b, t2, WP_NODE_TASK, NULL, "围绕防灾减灾开展应急科普，创作应急科普短视频50部。");
    wp_node *n10 = add(b, t2, WP_NODE_TASK, NULL, "推动科普中国APP推广应用，新增注册用户2万人。");
    wp_node *x2 = add(b, t2, WP_NODE_TASK, NULL, "开展科普讲师团巡讲活动100场。");
    wp_node *n6 = add(b, t3, WP_NODE_TASK, NULL, "围绕乡村振兴开展农民科学素质培训6000人次。");
    OK(wp_plan_assign_ids(a));
    OK(wp_plan_assign_ids(b));
    pair want[] = {
        {s1, t1}, {s2, t2}, {o1, n1}, {o2, n2}, {o3, n3}, {o4, n4}, {o5, n5},
        {o6, n6}, /* moved into the new section 三 */
        {o7, n7}, {o8, n8}, {o10, n10},
        {o9, NULL}, {NULL, x1}, {NULL, x2}, {NULL, t3},
    };
    OK(wp_plan_diff(&d, a, b, NULL));
    score_pairs("reworded", d, want, sizeof want / sizeof *want, 0.8);
    assert_int_equal(wp_diff_entry_kind(entry_of_old(d, o6)), WP_DIFF_MOVED);
    wp_diff_free(d);
    wp_plan_free(a);
    wp_plan_free(b);
}

/* Real documents (../shared/seeds, skipped when absent): each plan against
 * a copy we edit — every sixth character of each task deleted, one task in
 * ten dropped, one in fifteen moved to the next point — so the intended
 * pairs are known: same node id. Nothing of the seeds is stored here. */
static const char *seeds_dir;

static void reword(wp_node *n)
{
    const char *t = wp_node_text(n);
    char buf[4096];
    size_t w = 0, ci = 0;
    if (t == NULL || strlen(t) >= sizeof buf)
        return;
    for (size_t i = 0; t[i];) {
        size_t len = 1;
        while (((unsigned char)t[i + len] & 0xC0) == 0x80)
            len++;
        if (ci++ % 6 != 3) {
            memcpy(buf + w, t + i, len);
            w += len;
        }
        i += len;
    }
    buf[w] = '\0';
    OK(wp_node_set_text(n, buf));
}

static void test_seeds(void **state)
{
    (void)state;
    char path[1024];
    size_t tot_int = 0, tot_match = 0, tot_ok = 0, files = 0;
    if (seeds_dir == NULL)
        skip();
    struct dirent **list = NULL;
    int nlist = scandir(seeds_dir, &list, NULL, alphasort);
    for (int k = 0; k < nlist; k++) {
        wp_plan *a = NULL, *b;
        wp_diff *d;
        const char *name = list[k]->d_name;
        size_t nl = strlen(name);
        if (nl < 5 || strcmp(name + nl - 4, ".txt") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", seeds_dir, name);
        if (wp_import_file(&a, NULL, path, NULL) < 0)
            continue;
        OK(wp_plan_copy(&b, a));
        OK(wp_plan_assign_ids(a));
        OK(wp_plan_assign_ids(b));
        wp_iter *it;
        wp_node *nodes[4096];
        size_t nn = 0;
        OK(wp_iter_new(&it, b));
        while (wp_iter_next(it) != WP_EVENT_DONE)
            if (wp_iter_event(it) == WP_EVENT_ENTER && nn < 4096)
                nodes[nn++] = wp_iter_node(it);
        wp_iter_free(it);
        size_t tasks = 0;
        for (size_t i = 0; i < nn; i++) {
            if (wp_node_kind_of(nodes[i]) != WP_NODE_TASK)
                continue;
            tasks++;
            reword(nodes[i]);
            wp_node *p = wp_node_parent(nodes[i]);
            if (tasks % 10 == 0) {
                OK(wp_node_remove(nodes[i]));
            } else if (tasks % 15 == 0 && p && wp_node_next(p) &&
                       wp_node_kind_of(wp_node_next(p)) == wp_node_kind_of(p)) {
                OK(wp_node_append_child(wp_node_next(p), nodes[i]));
            }
        }
        OK(wp_plan_diff(&d, a, b, NULL));
        size_t intended = 0, matched = 0, correct = 0;
        for (size_t i = 0; i < wp_diff_entry_count(d); i++) {
            const wp_diff_entry *e = wp_diff_entry_at(d, i);
            wp_node *o = wp_diff_entry_old(e), *n = wp_diff_entry_new(e);
            if (o && n) {
                matched++;
                correct += strcmp(wp_node_id(o), wp_node_id(n)) == 0;
            }
        }
        intended = wp_plan_node_count(b);
        print_message("seed %s: %zu nodes, %zu tasks edited: precision %.3f, recall %.3f\n", name,
                      wp_plan_node_count(a), tasks, matched ? (double)correct / matched : 1.0,
                      intended ? (double)correct / intended : 1.0);
        tot_int += intended;
        tot_match += matched;
        tot_ok += correct;
        files++;
        wp_diff_free(d);
        wp_plan_free(a);
        wp_plan_free(b);
    }
    for (int k = 0; k < nlist; k++)
        free(list[k]);
    free(list);
    if (files == 0)
        skip();
    print_message("seeds: %zu plans, precision %.3f, recall %.3f\n", files,
                  (double)tot_ok / tot_match, (double)tot_ok / tot_int);
    assert_true((double)tot_ok / tot_match >= 0.9);
    assert_true((double)tot_ok / tot_int >= 0.9);
}

/* ---- 3. edge cases ------------------------------------------------------------- */

static void test_empty(void **state)
{
    (void)state;
    wp_plan *a, *b, *c, *d0;
    wp_diff *d;
    pair want[32];
    size_t n;
    OK(wp_plan_new(&a));
    OK(wp_plan_new(&b));
    OK(wp_plan_diff(&d, a, b, NULL));
    assert_int_equal(wp_diff_entry_count(d), 0);
    assert_int_equal(wp_diff_meta_count(d), 0);
    assert_int_equal(wp_diff_unit_count(d), 0);
    wp_diff_free(d);
    build_pair(&c, &d0, want, &n);
    OK(wp_plan_diff(&d, a, c, NULL)); /* empty → full: all added */
    assert_int_equal(wp_diff_count(d, WP_DIFF_ADDED), wp_plan_node_count(c));
    assert_int_equal(wp_diff_entry_count(d), wp_plan_node_count(c));
    wp_diff_free(d);
    OK(wp_plan_diff(&d, c, b, NULL)); /* full → empty: all removed */
    assert_int_equal(wp_diff_count(d, WP_DIFF_REMOVED), wp_plan_node_count(c));
    wp_diff_free(d);
    wp_plan_free(a);
    wp_plan_free(b);
    wp_plan_free(c);
    wp_plan_free(d0);
}

static void test_identical(void **state)
{
    (void)state;
    wp_plan *a = import_file("plan_2025.txt"), *b;
    wp_diff *d;
    OK(wp_plan_copy(&b, a));
    OK(wp_plan_diff(&d, a, b, NULL));
    assert_int_equal(wp_diff_count(d, WP_DIFF_UNCHANGED), wp_plan_node_count(a));
    assert_int_equal(wp_diff_entry_count(d), wp_plan_node_count(a));
    assert_int_equal(wp_diff_meta_count(d), 0);
    for (size_t i = 0; i < wp_diff_entry_count(d); i++) {
        const wp_diff_entry *e = wp_diff_entry_at(d, i);
        assert_string_equal(wp_node_id(wp_diff_entry_old(e)), wp_node_id(wp_diff_entry_new(e)));
        assert_true(wp_diff_entry_score(e) > 0.99);
    }
    for (size_t i = 0; i < wp_diff_unit_count(d); i++)
        assert_int_equal(wp_diff_unit_at(d, i, NULL, NULL), WP_DIFF_UNCHANGED);
    wp_diff_free(d);
    wp_plan_free(a);
    wp_plan_free(b);
}

/* A plan against its own copy edited in known ways. */
static void test_edited_copy(void **state)
{
    (void)state;
    wp_plan *a = import_file("plan_2025.txt"), *b;
    wp_diff *d;
    OK(wp_plan_copy(&b, a));
    wp_node *gone = find_text(b, "学术沙龙"), *mv = find_text(b, "科普e站");
    wp_node *st = find_text(b, "财务专项检查"), *tx = find_text(b, "全国科普日");
    wp_node *dest = find_text(b, "改进机关作风");
    OK(wp_node_remove(gone));
    OK(wp_node_append_child(dest, mv));
    OK(wp_node_set_status(st, WP_STATUS_DONE));
    OK(wp_node_set_text(tx, "组织全国科普日主题活动，参与公众达到10万人次以上。"));
    wp_node *nw = add(b, dest, WP_NODE_TASK, NULL, "建立机关效能考评办法。");
    OK(wp_plan_diff(&d, a, b, NULL));
    assert_int_equal(wp_diff_count(d, WP_DIFF_REMOVED), 1);
    assert_int_equal(wp_diff_count(d, WP_DIFF_ADDED), 1);
    assert_int_equal(wp_diff_count(d, WP_DIFF_MOVED), 1);
    assert_int_equal(wp_diff_entry_kind(entry_of_new(d, nw)), WP_DIFF_ADDED);
    assert_int_equal(wp_diff_entry_kind(entry_of_new(d, mv)), WP_DIFF_MOVED);
    const wp_diff_entry *e = entry_of_new(d, tx);
    assert_int_equal(wp_diff_entry_kind(e), WP_DIFF_CHANGED);
    const wp_diff_change *c = change_of(e, WP_DIFF_TEXT);
    assert_non_null(c);
    /* the edits rebuild both texts */
    char olds[512] = "", news[512] = "";
    for (size_t i = 0; i < wp_diff_change_edit_count(c); i++) {
        wp_diff_op op;
        size_t off, len;
        OK(wp_diff_change_edit(c, i, &op, &off, &len));
        const char *src = op == WP_DIFF_INSERT ? wp_diff_change_new_value(c) : wp_diff_change_old_value(c);
        if (op != WP_DIFF_INSERT)
            strncat(olds, src + off, len);
        if (op != WP_DIFF_DELETE)
            strncat(news, src + off, len);
    }
    assert_string_equal(olds, wp_diff_change_old_value(c));
    assert_string_equal(news, wp_diff_change_new_value(c));
    assert_int_equal(wp_diff_entry_kind(entry_of_new(d, st)), WP_DIFF_CHANGED);
    assert_non_null(change_of(entry_of_new(d, st), WP_DIFF_STATUS));
    FAILS(WP_EINVAL, wp_diff_change_edit(c, 999, NULL, NULL, NULL));
    wp_diff_free(d);
    wp_plan_free(a);
    wp_plan_free(b);
}

/* The same plan in Traditional characters (and some full-width digits)
 * matches node for node, with no text changes. */
static void test_traditional(void **state)
{
    (void)state;
    if (!wp__have_opencc())
        skip();
    wp_plan *a = import_file("plan_2024.txt"), *b = import_file("plan_2024_hant.txt");
    wp_diff *d;
    OK(wp_plan_diff(&d, a, b, NULL));
    assert_int_equal(wp_diff_count(d, WP_DIFF_ADDED), 0);
    assert_int_equal(wp_diff_count(d, WP_DIFF_REMOVED), 0);
    assert_int_equal(wp_diff_count(d, WP_DIFF_MOVED), 0);
    for (size_t i = 0; i < wp_diff_entry_count(d); i++) {
        const wp_diff_entry *e = wp_diff_entry_at(d, i);
        assert_string_equal(wp_node_id(wp_diff_entry_old(e)), wp_node_id(wp_diff_entry_new(e)));
        assert_null(change_of(e, WP_DIFF_TITLE));
        assert_null(change_of(e, WP_DIFF_TEXT));
    }
    /* units in either script are the same units, printed differently */
    for (size_t i = 0; i < wp_diff_unit_count(d); i++) {
        int k = wp_diff_unit_at(d, i, NULL, NULL);
        assert_true(k == WP_DIFF_UNCHANGED || k == WP_DIFF_CHANGED);
    }
    wp_diff_free(d);
    /* without script folding, most of it no longer matches as is */
    wp_diff_options opt = WP_DIFF_OPTIONS_INIT;
    opt.fold_script = false;
    OK(wp_plan_diff(&d, a, b, &opt));
    assert_true(wp_diff_count(d, WP_DIFF_UNCHANGED) < wp_plan_node_count(a) / 2);
    wp_diff_free(d);
    wp_plan_free(a);
    wp_plan_free(b);
}

static void test_bad_args(void **state)
{
    (void)state;
    wp_plan *a;
    wp_diff *d = (wp_diff *)1;
    wp_diff_options opt = WP_DIFF_OPTIONS_INIT;
    OK(wp_plan_new(&a));
    FAILS(WP_EINVAL, wp_plan_diff(NULL, a, a, NULL));
    FAILS(WP_EINVAL, wp_plan_diff(&d, NULL, a, NULL));
    assert_null(d);
    opt.threshold = 1.5;
    FAILS(WP_EINVAL, wp_plan_diff(&d, a, a, &opt));
    opt.threshold = 0.5;
    opt.version = 99;
    FAILS(WP_EINVAL, wp_plan_diff(&d, a, a, &opt));
    assert_non_null(strstr(wp_error_last()->message, "version"));
    /* getters on NULL are neutral */
    assert_int_equal(wp_diff_entry_count(NULL), 0);
    assert_null(wp_diff_entry_at(NULL, 0));
    assert_null(wp_diff_entry_old(NULL));
    assert_null(wp_diff_change_description(NULL));
    FAILS(WP_EINVAL, wp_diff_unit_at(NULL, 0, NULL, NULL));
    assert_null(wp_diff_kind_name((wp_diff_kind)42));
    assert_string_equal(wp_diff_what_name(WP_DIFF_INDICATOR_CHANGED), "indicator_changed");
    wp_diff_free(NULL);
    wp_corpus_diff_free(NULL);
    wp_plan_free(a);
}

/* ---- 4. the character diff ------------------------------------------------------- */

static void check_textdiff(const char *a, const char *b)
{
    wp__edit *ed;
    uint32_t n;
    char ra[4096] = "", rb[4096] = "";
    OK(wp__textdiff(&ed, &n, a, b));
    for (uint32_t i = 0; i < n; i++) {
        if (ed[i].op != WP_DIFF_INSERT)
            strncat(ra, a + ed[i].offset, ed[i].length);
        if (ed[i].op != WP_DIFF_DELETE)
            strncat(rb, (ed[i].op == WP_DIFF_INSERT ? b : a) + ed[i].offset, ed[i].length);
        if (i > 0)
            assert_true(ed[i].op != ed[i - 1].op || ed[i].op == WP_DIFF_INSERT);
    }
    assert_string_equal(ra, a);
    assert_string_equal(rb, b);
    wp__free(ed);
}

static void test_textdiff(void **state)
{
    (void)state;
    wp__edit *ed;
    uint32_t n;
    check_textdiff("", "");
    check_textdiff("", "新建");
    check_textdiff("新建", "");
    check_textdiff("新建院士工作站2家", "新建院士工作站5家以上");
    check_textdiff("abcabba", "cbabac");
    check_textdiff("组织开展科技工作者日活动", "开展全国科技工作者日主题活动");
    /* one changed character: equal, delete, insert, equal */
    OK(wp__textdiff(&ed, &n, "工作站2家", "工作站5家"));
    assert_int_equal(n, 4);
    assert_int_equal(ed[1].op, WP_DIFF_DELETE);
    assert_int_equal(ed[1].offset, 9);
    assert_int_equal(ed[1].length, 1);
    assert_int_equal(ed[2].op, WP_DIFF_INSERT);
    wp__free(ed);
    /* numbers are whole tokens: 60 → 80, not 6 → 8 */
    OK(wp__textdiff(&ed, &n, "不少于60场次，共1.5万人", "不少于80场次，共12万人"));
    assert_int_equal(ed[1].op, WP_DIFF_DELETE);
    assert_int_equal(ed[1].length, 2);
    assert_int_equal(ed[2].op, WP_DIFF_INSERT);
    assert_int_equal(ed[2].length, 2);
    wp__free(ed);
    check_textdiff("不少于60场次，共1.5万人", "不少于80场次，共12万人");
    check_textdiff("1,2,3。4.5.", "1,2,4。4.6");
    /* past the bound: everything out, everything in (still correct) */
    char big_a[3001], big_b[3001];
    for (int i = 0; i < 3000; i++) {
        big_a[i] = (char)('a' + i % 7);
        big_b[i] = (char)('a' + (i * 5 + 3) % 11);
    }
    big_a[3000] = big_b[3000] = '\0';
    check_textdiff(big_a, big_b);
}

/* ---- 5. JSON, corpora, allocation failures ---------------------------------------------- */

static void test_json(void **state)
{
    (void)state;
    wp_plan *a = import_file("plan_2024.txt"), *b = import_file("plan_2025.txt");
    wp_diff *d1, *d2;
    char *j1, *j2;
    size_t n1, n2;
    OK(wp_plan_diff(&d1, a, b, NULL));
    OK(wp_plan_diff(&d2, a, b, NULL));
    OK(wp_diff_to_json(&j1, &n1, d1, WP_JSON_PRETTY));
    OK(wp_diff_to_json(&j2, &n2, d2, WP_JSON_PRETTY));
    assert_int_equal(n1, n2);
    assert_memory_equal(j1, j2, n1); /* stable */
    assert_non_null(strstr(j1, "\"format\": \"workplan-diff\""));
    assert_non_null(strstr(j1, "target raised from 2 to 5 家"));
    assert_non_null(strstr(j1, "\"change\": \"moved\""));
    wp_free(j1);
    wp_free(j2);
    OK(wp_diff_to_json(&j1, NULL, d1, WP_JSON_COMPACT));
    assert_null(strchr(j1, '\n') == j1 + strlen(j1) - 1 ? NULL : j1);
    wp_free(j1);
    FAILS(WP_EINVAL, wp_diff_to_json(&j1, NULL, NULL, 0));
    wp_diff_free(d1);
    wp_diff_free(d2);
    wp_plan_free(a);
    wp_plan_free(b);
}

static wp_plan *small_plan(const char *issuer, const char *title, int year, const char *task)
{
    wp_plan *p;
    OK(wp_plan_new(&p));
    if (issuer)
        OK(wp_plan_set_issuer(p, issuer));
    OK(wp_plan_set_title(p, title));
    OK(wp_plan_set_year(p, year));
    OK(wp_plan_set_kind(p, WP_PLAN_WORK_PLAN));
    add(p, NULL, WP_NODE_TASK, NULL, task);
    return p;
}

static void test_corpus(void **state)
{
    (void)state;
    wp_plan *o[3], *n[4];
    wp_diff_set *cd;
    o[0] = small_plan("甲市科协", "甲市科协2024年工作要点", 2024, "举办学术年会。");
    o[1] = small_plan("乙市科协", "乙市科协2024年工作要点", 2024, "开展科普讲座50场。");
    o[2] = small_plan("丙市科协", "丙市科协2024年工作要点", 2024, "建设科技馆。");
    n[0] = small_plan("乙市科协", "乙市科协2025年工作要点", 2025, "开展科普讲座80场。");
    n[1] = small_plan("甲市科协", "甲市科协2025年工作要点", 2025, "举办学术年会。");
    n[2] = small_plan("丁市科协", "丁市科协2025年工作要点", 2025, "建设科普基地。");
    n[3] = small_plan(NULL, "戊区科协2025年工作要点", 2025, "开展科技下乡。");
    OK(wp_corpus_diff(&cd, (const wp_plan *const *)o, 3, (const wp_plan *const *)n, 4, NULL));
    assert_int_equal(wp_corpus_diff_count(cd), 5);
    int seen_changed = 0, seen_added = 0, seen_removed = 0;
    for (size_t i = 0; i < wp_corpus_diff_count(cd); i++) {
        const wp_plan *pa, *pb;
        const wp_diff *d;
        int k = wp_corpus_diff_at(cd, i, &pa, &pb, &d);
        if (k == WP_DIFF_CHANGED) {
            seen_changed++;
            assert_string_equal(wp_plan_issuer(pa), wp_plan_issuer(pb));
            assert_non_null(d);
        } else if (k == WP_DIFF_ADDED) {
            seen_added++;
            assert_null(pa);
            assert_null(d);
        } else if (k == WP_DIFF_REMOVED) {
            seen_removed++;
            assert_ptr_equal(pa, o[2]);
        }
    }
    assert_int_equal(seen_changed, 2); /* 甲 and 乙 (甲's year and title changed) */
    assert_int_equal(seen_added, 2);   /* 丁, 戊 */
    assert_int_equal(seen_removed, 1); /* 丙 */
    FAILS(WP_EINVAL, wp_corpus_diff_at(cd, 99, NULL, NULL, NULL));
    /* the same plan, unchanged; then with one more unit: changed */
    {
        wp_plan *same;
        const wp_plan *pa;
        OK(wp_plan_copy(&same, o[0]));
        wp_corpus_diff_free(cd);
        OK(wp_corpus_diff(&cd, (const wp_plan *const *)o, 1, (const wp_plan *const *)&same, 1, NULL));
        assert_int_equal(wp_corpus_diff_at(cd, 0, &pa, NULL, NULL), WP_DIFF_UNCHANGED);
        wp_corpus_diff_free(cd);
        unit(same, "新设部门");
        OK(wp_corpus_diff(&cd, (const wp_plan *const *)o, 1, (const wp_plan *const *)&same, 1, NULL));
        assert_int_equal(wp_corpus_diff_at(cd, 0, &pa, NULL, NULL), WP_DIFF_CHANGED);
        wp_plan_free(same);
    }
    wp_corpus_diff_free(cd);
    OK(wp_corpus_diff(&cd, NULL, 0, NULL, 0, NULL));
    assert_int_equal(wp_corpus_diff_count(cd), 0);
    wp_corpus_diff_free(cd);
    for (int i = 0; i < 3; i++)
        wp_plan_free(o[i]);
    for (int i = 0; i < 4; i++)
        wp_plan_free(n[i]);
}

static wp_plan *alloc_a, *alloc_b;

static int diff_scenario(void)
{
    wp_diff *d = NULL;
    wp_diff_options opt = WP_DIFF_OPTIONS_INIT;
    char *j = NULL;
    int rc;
    opt.fold_script = false; /* OpenCC allocates on its own */
    if ((rc = wp_plan_diff(&d, alloc_a, alloc_b, &opt)) < 0)
        return rc;
    rc = wp_diff_to_json(&j, NULL, d, WP_JSON_COMPACT);
    wp_free(j);
    wp_diff_free(d);
    return rc;
}

static void test_alloc_failures(void **state)
{
    (void)state;
    pair want[32];
    size_t n;
    long fail_at;
    build_pair(&alloc_a, &alloc_b, want, &n);
    for (fail_at = 0; fail_at < 100000; fail_at++) {
        counting_alloc c = {0, fail_at, 0};
        int rc;
        counting_alloc_install(&c);
        rc = diff_scenario();
        counting_alloc_remove();
        if (c.live != 0)
            fail_msg("%ld blocks leaked when allocation %ld failed", c.live, fail_at);
        if (rc == 0 && c.calls <= fail_at)
            break;
        if (rc != WP_ENOMEM)
            fail_msg("allocation %ld failed but the result was %d (%s)", fail_at, rc,
                     wp_error_last()->message);
    }
    assert_true(fail_at > 20);
    wp_plan_free(alloc_a);
    wp_plan_free(alloc_b);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_pair), cmocka_unit_test(test_built_pair),
        cmocka_unit_test(test_reworded_pair), cmocka_unit_test(test_seeds),
        cmocka_unit_test(test_empty),       cmocka_unit_test(test_identical),
        cmocka_unit_test(test_edited_copy), cmocka_unit_test(test_traditional),
        cmocka_unit_test(test_bad_args),    cmocka_unit_test(test_textdiff),
        cmocka_unit_test(test_json),        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_alloc_failures),
    };
    diff_dir = argc > 1 ? argv[1] : getenv("WP_DIFF_EXAMPLES");
    if (diff_dir == NULL)
        diff_dir = "examples/diff";
    seeds_dir = argc > 2 ? argv[2] : getenv("WP_SEEDS");
    if (seeds_dir != NULL) {
        FILE *f;
        char probe[1024];
        snprintf(probe, sizeof probe, "%s/.", seeds_dir);
        if ((f = fopen(probe, "r")) == NULL) /* absent folder: the test skips */
            seeds_dir = NULL;
        else
            fclose(f);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
